#!/usr/bin/env bash
# Regenerates src/main/resources/io/verdict/engine/ecs-field-names.txt: the names of ECS's fields (ECS's own flat
# field table in shared/corpus/ecs, no multi-fields), the fields whose values a Kibana alert document checks
# against their ECS type. Their types come from the field catalog, where ECS wins over every other source.
# Usage: scripts/ecs-field-names.sh [shared/corpus/ecs]
set -euo pipefail
cd "$(dirname "$0")/.."
tables="${1:-../shared/corpus/ecs}"
out=src/main/resources/io/verdict/engine/ecs-field-names.txt
version=$(grep -o "ECS [0-9][0-9.]*[0-9]" "$tables/PROVENANCE.md" | head -1)
{
    echo "# ECS field names ($version), written by scripts/ecs-field-names.sh from ecs_fields.tsv; do not edit."
    awk -F'\t' 'NR > 1 { print $1 }' "$tables/ecs_fields.tsv" | LC_ALL=C sort
} > "$out"
echo "wrote $out ($(grep -vc '^#' "$out") names)"
