#!/usr/bin/env bash
# Kafka load: events/s through the detection topology with the whole Elastic corpus, on an embedded KRaft broker in
# one JVM (io.verdict.bench.KafkaLoad): the corpus events on a 4-partition topic, read by one instance, then by two
# (one stream thread each), after a warm-up pass; beside it, the HTTP batch figure of the same run
# (scripts/http-load.sh --phases batch). Everything printed is kept in target/kafka-load.txt.
# Usage: scripts/kafka-load.sh [--events 200000] [--guarantee at_least_once|exactly_once_v2]
# SKIP_HTTP=1 measures the topology alone; HTTP_ARGS: options of http-load.sh (e.g. "--warmup 30 --seconds 10");
# SKIP_BUILD=1 reuses target/ as built; KAFKA_JAVA_OPTS: the JVM's options.
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED=$(cd "${VERDICT_SHARED:-../shared}" 2>/dev/null && pwd || echo "${VERDICT_SHARED:-../shared}")
if [ ! -d "$SHARED/corpus/detection-rules" ]; then
  echo "SKIPPED: $SHARED/corpus/detection-rules is absent (the shared reference material is not beside this checkout)"
  exit 0
fi
if [ -z "${SKIP_BUILD:-}" ]; then
./mvnw -B -q -DskipTests package
./mvnw -B -q -Pbench test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
fi
OUT=target/kafka-load.txt
{
  echo "# $(date -u +%FT%TZ) commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown), $(nproc) cores"
  if [ -z "${SKIP_HTTP:-}" ]; then
    echo "## HTTP batches (scripts/http-load.sh --phases batch)"
    SKIP_BUILD=1 scripts/http-load.sh --phases batch ${HTTP_ARGS:-}
  fi
  echo "## Kafka Streams topology (io.verdict.bench.KafkaLoad $*)"
  java ${KAFKA_JAVA_OPTS:--Xmx3g} -Dverdict.shared="$SHARED" \
    -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" io.verdict.bench.KafkaLoad "$@" \
    2> target/kafka-load.log
} | tee "$OUT"
