"""The PDF briefing: the first one in a fresh process against a warm one, and where the time goes.

Run from the repository root: ``.venv/bin/python bench/briefing.py [--runs N]``.

* first: a new Python process builds the default view and times its first ``briefing.pdf_bytes`` (kaleido's
  browser start, WeasyPrint's import and font set-up included), as the first click on "Download briefing (PDF)"
  after a server start does (the app's cached outlook and chart are not counted there either).
* warm: in this process, after one untimed briefing, the median of ``--runs`` briefings, split into the chart's
  SVG (kaleido) and the page's layout (WeasyPrint), against the warm 2x PNG of the same chart.

The button builds the PDF only when clicked (``data=<callable>, on_click="ignore"``), so none of this is paid
on a rerun.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tradetarget import briefing, charts, export, use_python_strings  # noqa: E402
from tradetarget.data import load_dataset  # noqa: E402
from tradetarget.scenario import View, build  # noqa: E402

FIRST = """
import json, sys, time
sys.path.insert(0, {root!r})
from tradetarget import briefing, charts, export, use_python_strings
from tradetarget.data import load_dataset
from tradetarget.scenario import View, build
use_python_strings()
dataset = load_dataset()
outlook = build(dataset, View())
chart = charts.chart_overview(dataset, outlook)
start = time.perf_counter()
pdf = briefing.pdf_bytes(dataset, outlook, chart=chart, url="http://localhost:8501/")
print(json.dumps([time.perf_counter() - start, len(pdf)]))
export.stop_browser()
"""


def timed(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    out = subprocess.run([sys.executable, "-c", FIRST.format(root=str(ROOT))], cwd=ROOT, capture_output=True,
                         text=True, timeout=300)
    if out.returncode:
        raise SystemExit(f"the first briefing failed:\n{out.stderr[-3000:]}")
    first, size = json.loads(out.stdout.strip().splitlines()[-1])

    use_python_strings()
    dataset = load_dataset()
    outlook = build(dataset, View())
    chart = charts.chart_overview(dataset, outlook)
    url = "http://localhost:8501/"
    try:
        briefing.pdf_bytes(dataset, outlook, chart=chart, url=url)  # warm up: browser, WeasyPrint, fonts
        warm = timed(lambda: briefing.pdf_bytes(dataset, outlook, chart=chart, url=url), args.runs)
        svg = briefing.chart_svg(chart)
        svg_s = timed(lambda: briefing.chart_svg(chart), args.runs)
        from weasyprint import HTML

        page = briefing.briefing_html(dataset, outlook, chart, svg, url)
        layout_s = timed(lambda: HTML(string=page).write_pdf(), args.runs)
        png_s = timed(lambda: export.png_bytes(chart.figure, height=chart.export_height), args.runs)
    finally:
        export.stop_browser()

    print(f"first briefing (fresh process): {first:6.2f} s  ({size / 1024:.0f} KiB)")
    print(f"warm briefing (median of {args.runs}):  {warm:6.2f} s  = chart SVG {svg_s:.2f} s + page layout "
          f"{layout_s:.2f} s (+ HTML {max(warm - svg_s - layout_s, 0):.2f} s)")
    print(f"first / warm:                   {first / warm:6.1f}x")
    print(f"warm briefing / warm 2x PNG:    {warm / png_s:6.1f}x  (PNG {png_s:.2f} s)")
    print("rerun cost: none (the button builds the PDF only on click)")


if __name__ == "__main__":
    main()
