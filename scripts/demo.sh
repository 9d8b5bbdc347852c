#!/usr/bin/env bash
# Quick start, command 1: set up, then run the main job on the bundled review:
# convert (validating it), write dist/, load the embedded store, answer a question.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/ssc-rdf convert data/velier-2022.yaml -o dist/ -f turtle -f json-ld -f nt -f trig
.venv/bin/ssc-rdf load dist/velier-2022.trig --store store/ --replace
echo "Which cell therapies for systemic sclerosis use cells from adipose tissue, by which route?"
.venv/bin/ssc-rdf query adipose-tissue-therapies --store store/ -f csv
