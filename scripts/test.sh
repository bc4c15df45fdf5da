#!/usr/bin/env bash
# Set up everything (Chromium included) and run the whole suite: lint, unit, AppTest and browser tests.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh" test
install_chromium
.venv/bin/ruff check .
exec .venv/bin/python -m pytest "$@"
