#!/usr/bin/env bash
# Quick start, command 2: set up, then run the whole test suite (in parallel on every core;
# it includes ruff, mypy and import-linter, as tests/test_project.py).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test
.venv/bin/python -m pytest -n auto "$@"
