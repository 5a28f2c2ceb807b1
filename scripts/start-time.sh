#!/usr/bin/env bash
# Start-up of the service with the Elastic corpus (../shared): per start, the seconds from launching the JVM to
# readiness (/actuator/health/readiness is UP only once the rules are compiled and installed), Spring's own
# "Started ... in" figure, and the service's "Loaded N rules ... in M ms" (reading the rules through the load cache,
# compiling them, installing the detector). The jar is extracted first (java -Djarmode=tools), the layout a CDS
# archive needs. A first start fills the rule load cache and is not counted.
# Usage: scripts/start-time.sh [--runs 3] [--cds]
#   --cds   also trains a dynamic CDS archive (one start with -XX:ArchiveClassesAtExit, stopped once ready) and
#           measures the same number of starts with it, alternating with plain starts
# JAVA: the java to run (default: java on the PATH); JAVA_OPTS: more JVM options for every start; SKIP_BUILD=1;
# VERDICT_JAR: another build of the service to measure (e.g. the one before a change).
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED=$(cd "${VERDICT_SHARED:-../shared}" 2>/dev/null && pwd || echo "${VERDICT_SHARED:-../shared}")
PORT=${PORT:-18084}
JAVA=${JAVA:-java}
RUNS=3
CDS=
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) RUNS=$2; shift 2 ;;
    --cds) CDS=1; shift ;;
    *) echo "unknown option $1"; exit 2 ;;
  esac
done
if [ ! -d "$SHARED/corpus/detection-rules" ]; then
  echo "SKIPPED: $SHARED/corpus/detection-rules is absent (the shared reference material is not beside this checkout)"
  exit 0
fi
if [ -z "${SKIP_BUILD:-}" ]; then
  ./mvnw -B -q -DskipTests package
fi
WORK=target/start-time
rm -rf "$WORK/app" "$WORK/app.jsa"
mkdir -p "$WORK"
"$JAVA" -Djarmode=tools -jar ${VERDICT_JAR:-target/verdict-*-SNAPSHOT.jar} extract --destination "$WORK/app" > /dev/null
JAR=$(ls "$WORK"/app/verdict-*.jar)

# one start: launch, poll readiness every 20 ms, stop; prints "<seconds to ready> <spring s> <load ms>"
start() {
  local log="$WORK/start.log"
  local began
  began=$(date +%s%N)
  "$JAVA" ${JAVA_OPTS:-} "$@" -jar "$JAR" --server.address=127.0.0.1 --server.port="$PORT" \
    --verdict.rules.paths="$SHARED/corpus/detection-rules" --verdict.rules.cache-dir="$WORK/cache" \
    --verdict.rules.store="$WORK/store" --verdict.state.dir="$WORK/state" > "$log" 2>&1 &
  local pid=$!
  local ready=
  for _ in $(seq 1 9000); do
    if curl -fs "http://127.0.0.1:$PORT/actuator/health/readiness" > /dev/null 2>&1; then ready=1; break; fi
    if ! kill -0 "$pid" 2>/dev/null; then break; fi
    sleep 0.02
  done
  local took=$(( ($(date +%s%N) - began) / 1000000 ))
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  if [ -z "$ready" ]; then echo "the service did not become ready:"; tail -20 "$log"; exit 1; fi
  local spring load
  spring=$(grep -o 'Started VerdictApplication in [0-9.]* seconds' "$log" | grep -o '[0-9.]*' | head -1)
  load=$(grep -o 'Loaded [0-9]* rules from [0-9]* files in [0-9]* ms' "$log" | grep -o 'in [0-9]*' | grep -o '[0-9]*')
  printf '%d.%03d %s %s\n' $((took / 1000)) $((took % 1000)) "${spring:-?}" "${load:-?}"
}

"$JAVA" -version 2>&1 | head -1
start > /dev/null   # fills the rule load cache
if [ -n "$CDS" ]; then
  start -XX:ArchiveClassesAtExit="$WORK/app.jsa" > /dev/null
  sleep 1
  [ -f "$WORK/app.jsa" ] || { echo "no CDS archive was written"; exit 1; }
fi
echo "start   ready_s spring_s load+compile_ms"
for i in $(seq 1 "$RUNS"); do
  echo "plain   $(start)"
  if [ -n "$CDS" ]; then
    echo "cds     $(start -XX:SharedArchiveFile="$WORK/app.jsa")"
  fi
done
