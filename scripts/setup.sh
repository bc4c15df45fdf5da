#!/usr/bin/env bash
# Shared setup: Chromium (for PNG export and browser tests) and a virtualenv with the project installed.
# Usage: source scripts/setup.sh [extra], e.g. "test" installs the test tools too.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

PYTHON="${PYTHON:-python3}"
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    echo "error: Python 3.11 or newer is needed (found: $("$PYTHON" --version 2>&1))" >&2
    exit 1
fi

have_browser() {
    command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 \
        || command -v google-chrome >/dev/null 2>&1
}

install_chromium() {
    if have_browser; then return 0; fi
    local sudo=""
    if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
    echo "Installing Debian's chromium (needed for PNG export and browser tests)..."
    $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
}

have_pdf_deps() {
    # WeasyPrint (the PDF briefing) draws text with Pango; pdftoppm/pdftotext are for looking at a briefing
    dpkg -s libpango-1.0-0 libpangoft2-1.0-0 poppler-utils >/dev/null 2>&1
}

install_pdf_deps() {
    if have_pdf_deps; then return 0; fi
    local sudo=""
    if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
    echo "Installing Pango and poppler-utils (needed for the PDF briefing)..."
    $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq \
        libpango-1.0-0 libpangoft2-1.0-0 poppler-utils >/dev/null
}

have_fonts() {
    # Chinese needs a CJK font in the browser kaleido drives (DejaVu covers Cyrillic and Kazakh letters)
    fc-list :lang=zh 2>/dev/null | grep -q . && fc-list :lang=kk 2>/dev/null | grep -q .
}

install_fonts() {
    if have_fonts; then return 0; fi
    local sudo=""
    if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
    echo "Installing Noto CJK and DejaVu fonts (Chinese and Kazakh text in charts and exports)..."
    $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq \
        fonts-noto-cjk fonts-dejavu-core fontconfig >/dev/null
}

install_haproxy() {
    # Debian puts it in /usr/sbin, which is not on a normal user's PATH
    if command -v haproxy >/dev/null 2>&1 || [ -x /usr/sbin/haproxy ]; then return 0; fi
    local sudo=""
    if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
    echo "Installing Debian's haproxy (the load balancer in front of scripts/serve.sh's replicas)..."
    $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq haproxy >/dev/null
}

if [ ! -x .venv/bin/python ]; then
    "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip
if [ "${1:-}" = "test" ]; then
    .venv/bin/python -m pip install -q -e '.[test]'
else
    .venv/bin/python -m pip install -q -e .
fi
