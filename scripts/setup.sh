#!/usr/bin/env bash
# Create .venv with ssc-rdf and its test tools. Sourced by demo.sh and test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi

# Non-editable on purpose: the demo and the tests use the package as users get it.
.venv/bin/python -m pip install --quiet --disable-pip-version-check --force-reinstall --no-deps .
.venv/bin/python -m pip install --quiet --disable-pip-version-check ".[test]"
