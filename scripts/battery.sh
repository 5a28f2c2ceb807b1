#!/usr/bin/env bash
# The reliability and security battery (io.verdict.battery.Battery): starts the service as child processes with
# controlled options (a free loopback port, -Xmx per phase, a temporary data directory and rule directories, two
# API keys configured by their SHA-256), runs the phases against it as an outsider would, stops it, and writes
# target/battery/<time>/report.md and report.json (the latest also as target/battery/report.md, .json).
# Usage: scripts/battery.sh [--quick] [--phase events,auth,nesting,uploads,leaks,cost,startup,flood,slow]
#                           [--seed 15] [--events 25000] [--uploads 20000] [--flood-events 2500000]
#                           [--slow-clients 200] [--slow-seconds 60] [--cost-values 5000,40000,100000]
#                           [--like-patterns 10000] [--like-event-kb 900] [--corpus yes|no] [--timeout 30] [--keep-work]
# --quick: reduced sizes (a few minutes); without it the full sizes (about an hour on two shared cores).
# VERDICT_JAR: the build to test (default: target/verdict-*.jar, packaged first when absent; BUILD=1 repackages);
# VERDICT_SHARED: the reference material (default ../shared; the corpus is used when there, skipped with a message
# when not). The client runs from target/test-classes with the test classpath (target/bench.classpath).
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED=${VERDICT_SHARED:-../shared}
if [ -n "${BUILD:-}" ] || ! ls target/verdict-*-SNAPSHOT.jar > /dev/null 2>&1; then
  ./mvnw -B -q -DskipTests package
fi
if [ -n "${BUILD:-}" ] || [ ! -f target/bench.classpath ] || [ ! -f target/test-classes/io/verdict/battery/Battery.class ] \
    || [ -n "$(find src/test/java/io/verdict/battery -newer target/test-classes/io/verdict/battery/Battery.class -name '*.java' 2>/dev/null)" ]; then
  ./mvnw -B -q -Pbench test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
fi
JAR=${VERDICT_JAR:-$(ls target/verdict-*-SNAPSHOT.jar | head -1)}
COMMIT=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
DIRTY=$(git status --porcelain --untracked-files=no 2>/dev/null | grep -q . && echo " (uncommitted changes)" || true)
exec java ${CLIENT_JAVA_OPTS:-} -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
  io.verdict.battery.Battery --jar "$JAR" --shared "$SHARED" --out target/battery \
  --build "${BUILD_NAME:-commit $COMMIT$DIRTY, jar $(basename "$JAR") built $(date -u -r "$JAR" +%FT%TZ)}" "$@"
