#!/usr/bin/env bash
# HTTP load on loopback: builds the service, starts it with the Elastic corpus on 127.0.0.1, posts NDJSON batches
# and then single events at a fixed rate (io.verdict.bench.HttpLoad), prints throughput, p50, p99 and errors, and
# stops the service. Bounded: --seconds per phase (default 15), --max-requests, and the warm-up: single events get
# --warmup seconds (default 60), batches at least that and then until three 5-s slices agree within 5 % (the JIT
# settles), at most --max-warmup (default 180). Prints the
# CPU the client, the service and everything else on the machine used per phase (the two cores are shared).
# Usage: scripts/http-load.sh [--seconds 15] [--warmup 60] [--max-warmup 180] [--batch 1000] [--connections 2] [--rate 1000]
#                             [--single-connections 8] [--accept json|ndjson] [--phases batch,single]
# SERVER_JAVA_OPTS: JVM options of the service (e.g. a JFR recording); SKIP_BUILD=1 reuses target/ as built;
# VERDICT_JAR: another build of the service to measure (e.g. the one before a change), with this client.
# The service listens on 127.0.0.1 only, with reads open (protect-reads=false): the client sends no key.
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED=$(cd "${VERDICT_SHARED:-../shared}" 2>/dev/null && pwd || echo "${VERDICT_SHARED:-../shared}")
PORT=${PORT:-18080}
if [ ! -d "$SHARED/corpus/detection-rules" ]; then
  echo "SKIPPED: $SHARED/corpus/detection-rules is absent (the shared reference material is not beside this checkout)"
  exit 0
fi
if [ -z "${SKIP_BUILD:-}" ]; then
./mvnw -B -q -DskipTests package
./mvnw -B -q -Pbench test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
fi
java ${SERVER_JAVA_OPTS:-} -jar ${VERDICT_JAR:-target/verdict-*-SNAPSHOT.jar} --server.address=127.0.0.1 --server.port="$PORT" \
  --verdict.rules.paths="$SHARED/corpus/detection-rules" --verdict.security.protect-reads=false \
  > target/http-load-server.log 2>&1 &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null || true' EXIT
READY=
for _ in $(seq 1 360); do
  if curl -fs "http://127.0.0.1:$PORT/actuator/health/readiness" > /dev/null; then READY=1; break; fi
  if ! kill -0 "$SERVER" 2>/dev/null; then echo "the service did not start:"; tail -20 target/http-load-server.log; exit 1; fi
  sleep 0.5
done
if [ -z "$READY" ]; then echo "the service was not ready after 3 minutes:"; tail -20 target/http-load-server.log; exit 1; fi
grep -E "Loaded|Compiled|Started" target/http-load-server.log || true
java ${CLIENT_JAVA_OPTS:-} -Dverdict.shared="$SHARED" -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
  io.verdict.bench.HttpLoad --url "http://127.0.0.1:$PORT" --server-pid "$SERVER" "$@"
# where the time went, as the service measured it: the engine's share against the whole request
for metric in verdict.evaluation "http.server.requests?tag=uri:/api/v1/evaluate" \
    "http.server.requests?tag=uri:/api/v1/evaluate/_batch"; do
  # a phase that did not run has no such metric (404): nothing to print
  body=$(curl -fs "http://127.0.0.1:$PORT/actuator/metrics/$metric" 2>/dev/null) || continue
  echo "$body" | python3 -c '
import json, sys
m = json.load(sys.stdin)
s = {x["statistic"]: x["value"] for x in m["measurements"]}
count = s.get("COUNT", 0)
print("%s %s: %d recorded, mean %.3f ms" % (m["name"], sys.argv[1], count, 1000 * s.get("TOTAL_TIME", 0) / count if count else 0))' "$metric" || true
done
