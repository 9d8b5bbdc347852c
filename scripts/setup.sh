#!/usr/bin/env bash
# Create .venv with ssc-rdf; with --test, also the test tools (pytest, servers, linters,
# Playwright). Used by demo.sh (without the test tools) and test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi

# Non-editable on purpose: the demo and the tests use the package as users get it.
extras=""
[ "${1:-}" = "--test" ] && extras="[test]"
.venv/bin/python -m pip install --quiet --disable-pip-version-check ".${extras}"
.venv/bin/python -m pip install --quiet --disable-pip-version-check --force-reinstall --no-deps .
