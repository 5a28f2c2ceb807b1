#!/usr/bin/env bash
# Slow clients on loopback: starts the packaged service with the rules of rules/, then runs
# io.verdict.bench.SlowClients (200 connections sending one body byte a second to /api/v1/evaluate/_batch while
# liveness and a single-event evaluation are probed every 100 ms) and stops the service.
# Usage: scripts/slow-clients.sh [--clients 200] [--seconds 30] [--quiet-seconds 5] [--reconnect true|false]
# SKIP_BUILD=1 reuses target/ as built; VERDICT_JAR: another build of the service (e.g. the one before a change);
# SERVER_ARGS: more arguments for the service (e.g. --management.server.port=18082).
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${PORT:-18081}
if [ -z "${SKIP_BUILD:-}" ]; then
./mvnw -B -q -DskipTests package
./mvnw -B -q -Pbench test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
fi
STATE=$(mktemp -d)
java -jar ${VERDICT_JAR:-target/verdict-*-SNAPSHOT.jar} --server.address=127.0.0.1 --server.port="$PORT" \
  --verdict.rules.store="$STATE/store" --verdict.state.dir="$STATE/state" --verdict.rules.cache-dir= \
  ${SERVER_ARGS:-} > target/slow-clients-server.log 2>&1 &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null || true; rm -rf "$STATE"' EXIT
READY=
for _ in $(seq 1 240); do
  if curl -fs "http://127.0.0.1:$PORT/actuator/health/readiness" > /dev/null; then READY=1; break; fi
  if ! kill -0 "$SERVER" 2>/dev/null; then echo "the service did not start:"; tail -20 target/slow-clients-server.log; exit 1; fi
  sleep 0.5
done
if [ -z "$READY" ]; then echo "the service was not ready after 2 minutes:"; tail -20 target/slow-clients-server.log; exit 1; fi
java -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" io.verdict.bench.SlowClients \
  --url "http://127.0.0.1:$PORT" "$@"
