#!/usr/bin/env bash
# Runs the whole test suite (installs what the tests need first).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/python -m pytest -q "$@"
