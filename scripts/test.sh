#!/usr/bin/env bash
# Set up everything (Chromium and HAProxy included) and run the whole suite: lint, unit, AppTest and browser tests.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh" test
install_chromium
install_fonts  # Chinese and Kazakh glyphs in charts, PNG and PDF
install_pdf_deps  # the PDF briefing (WeasyPrint needs Pango)
install_haproxy  # tests/test_serve.py runs scripts/serve.sh
.venv/bin/ruff check .
exec .venv/bin/python -m pytest "$@"
