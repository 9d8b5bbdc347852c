#!/usr/bin/env bash
# Quick start, command 1: set up, then run the main job on the bundled review.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/ssc-rdf convert data/velier-2022.yaml -o dist/ -f turtle -f json-ld -f nt
