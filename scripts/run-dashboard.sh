#!/usr/bin/env bash
# Set up (first run only takes long) and open the dashboard on http://localhost:8501
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
install_chromium || echo "warning: chromium not installed; the Download PNG buttons will explain how" >&2
install_fonts || echo "warning: fonts not installed; Chinese text in PNG exports may show as boxes" >&2
install_pdf_deps || echo "warning: Pango not installed; the briefing button will explain how" >&2
exec .venv/bin/python -m streamlit run dashboard.py "$@"
