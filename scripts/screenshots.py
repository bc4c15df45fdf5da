"""Screenshots of pages in headless Chromium, at desktop (1400×1000) and phone (390×844) sizes, in any language.

    .venv/bin/python scripts/screenshots.py --out /tmp/shots [--lang en ru kk zh] [--page Overview Year_to_date]
        [--query "source=BNS"]

Starts its own server (as the browser tests do) and writes one full-page PNG per page, language and size, to look
at before a change ships.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser_support import IDLE, chromium, streamlit_server  # noqa: E402

PHONE_UA = ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
            "Version/17.0 Mobile/15E148 Safari/604.1")
SIZES = {"desktop": ({"width": 1400, "height": 1000}, None), "phone": ({"width": 390, "height": 844}, PHONE_UA)}


def pages() -> list[str]:
    """Every page's address path: "" for the overview, then each file in pages/ without its number."""
    return ["", *(p.stem.split("_", 1)[1] for p in sorted((ROOT / "pages").glob("*.py")))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--lang", nargs="+", default=["en", "ru", "kk", "zh"])
    parser.add_argument("--page", nargs="+", default=None, help="page paths (Overview for the main page)")
    parser.add_argument("--size", nargs="+", default=list(SIZES), choices=list(SIZES))
    parser.add_argument("--query", default="", help="extra query string, e.g. source=BNS&growth=10")
    args = parser.parse_args()
    import playwright.sync_api as playwright

    args.out.mkdir(parents=True, exist_ok=True)
    chosen = ["" if p == "Overview" else p for p in args.page] if args.page else pages()
    with streamlit_server(args.out) as base, chromium(playwright) as browser:
        for size in args.size:
            viewport, agent = SIZES[size]
            context = browser.new_context(viewport=viewport, user_agent=agent) if agent else browser.new_context(
                viewport=viewport)
            page = context.new_page()
            for lang in args.lang:
                for path in chosen:
                    query = "&".join(q for q in (f"lang={lang}", args.query) if q)
                    page.goto(f"{base}/{path}?{query}")
                    page.wait_for_selector("[data-testid='stMainBlockContainer'] h1", timeout=60_000)
                    page.wait_for_selector(IDLE, timeout=60_000)
                    page.wait_for_timeout(1500)
                    name = args.out / f"{path or 'Overview'}_{lang}_{size}.png"
                    page.screenshot(path=str(name), full_page=True)
                    print(name)
            context.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
