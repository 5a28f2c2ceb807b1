#!/usr/bin/env bash
# Regenerates src/main/resources/io/verdict/event/field-catalog.txt from the field tables in shared/corpus/ecs
# (ECS, Elastic Defend, integrations, detection-rules' type maps). Usage: scripts/field-catalog.sh [shared/corpus/ecs]
set -euo pipefail
cd "$(dirname "$0")/.."
tables="${1:-../shared/corpus/ecs}"
./mvnw -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/field-catalog.classpath -Dmdep.includeScope=test
java -cp "target/test-classes:target/classes:$(cat target/field-catalog.classpath)" io.verdict.event.FieldCatalogGenerator "$tables" \
    > src/main/resources/io/verdict/event/field-catalog.txt
echo "wrote src/main/resources/io/verdict/event/field-catalog.txt ($(grep -vc '^[#=]' src/main/resources/io/verdict/event/field-catalog.txt) lines)"
