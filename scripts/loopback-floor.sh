#!/usr/bin/env bash
# The floor under the single-event latency that scripts/http-load.sh measures: the same client, rate and connections
# against nginx answering every POST with a constant 30-byte JSON body on loopback, so no server can do less work.
# What this machine's loopback, scheduler and client add shows here; subtract nothing from the service's figures,
# read them side by side. Needs nginx (Debian: apt-get install nginx-light); prints SKIPPED without it.
# Usage: scripts/loopback-floor.sh [--seconds 15] [--warmup 5] [--rate 1000] [--single-connections 8]
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED=$(cd "${VERDICT_SHARED:-../shared}" 2>/dev/null && pwd || echo "${VERDICT_SHARED:-../shared}")
PORT=${PORT:-18083}
NGINX=$(command -v nginx || ls /usr/sbin/nginx 2>/dev/null || true)
if [ -z "$NGINX" ]; then
  echo "SKIPPED: nginx is not installed (Debian: apt-get install nginx-light)"
  exit 0
fi
if [ ! -d "$SHARED/corpus/ecs-events" ]; then
  echo "SKIPPED: $SHARED/corpus is absent (the client posts the corpus events)"
  exit 0
fi
if [ -z "${SKIP_BUILD:-}" ]; then
  ./mvnw -B -q -Pbench test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
fi
WORK=$(mktemp -d)
cat > "$WORK/nginx.conf" <<CONF
worker_processes 2;
pid $WORK/nginx.pid;
error_log $WORK/error.log;
daemon on;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_buffer_size 64k;
  client_body_temp_path $WORK/body;
  server {
    listen 127.0.0.1:$PORT;
    location / { default_type application/json; return 200 '{"matched":false,"alerts":[]}'; }
  }
}
CONF
"$NGINX" -c "$WORK/nginx.conf" -e "$WORK/error.log"
trap '"$NGINX" -c "$WORK/nginx.conf" -e "$WORK/error.log" -s stop 2>/dev/null || true; rm -rf "$WORK"' EXIT
sleep 0.5
java ${CLIENT_JAVA_OPTS:-} -Dverdict.shared="$SHARED" -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
  io.verdict.bench.HttpLoad --url "http://127.0.0.1:$PORT" --phases single --warmup 5 "$@"
