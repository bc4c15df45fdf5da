"""Server-side PNG export: warm kaleido browser per chart against a cold ``fig.to_image``, and the CLI export.

Run from the repository root: ``.venv/bin/python bench/png.py [--runs N]``.

* warm: ``export.ensure_warm_browser()`` once, one untimed export, then the median of ``--runs``
  ``export.png_bytes(fig, height=chart.export_height)`` calls for every chart.
* cold: a new Python process per chart builds the same figure and times its first
  ``fig.to_image(format="png")`` (same width and height), which starts a browser for that call.
* CLI: wall time of ``python -m tradetarget export --out DIR`` (all charts, browser start included).

Targets: warm <= 0.5 s per chart; CLI export of all charts <= 10 s.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tradetarget import charts, export  # noqa: E402
from tradetarget.charts import Chart  # noqa: E402
from tradetarget.data import Dataset, load_dataset  # noqa: E402
from tradetarget.scenario import View, build  # noqa: E402

WARM_TARGET_S = 0.5
CLI_TARGET_S = 10.0

COLD = """
import json, sys, time
sys.path.insert(0, {root!r})
from bench.png import every_chart
from tradetarget.data import load_dataset
chart = every_chart(load_dataset())[{index}]
start = time.perf_counter()
chart.figure.to_image(format="png", width={width}, height=chart.export_height)
print(json.dumps(time.perf_counter() - start))
"""


def every_chart(dataset: Dataset) -> list[Chart]:
    """``charts.all_charts`` for the default view, plus the uncertainty page's charts when present."""
    outlook = build(dataset, View())
    found = list(charts.all_charts(dataset, outlook))
    try:
        from tradetarget import outlook as risk_model
        from tradetarget import outlook_charts
    except ImportError:
        return found
    risk = risk_model.risk(dataset, outlook, risk_model.ModelSettings())
    return found + list(outlook_charts.outlook_charts(dataset, outlook, risk))


def cold_seconds(index: int, env: dict[str, str]) -> tuple[float, float]:
    """(first to_image call, whole process) in seconds, in a fresh interpreter."""
    code = COLD.format(root=str(ROOT), index=index, width=export.EXPORT_WIDTH)
    start = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                         timeout=300)
    if out.returncode:
        raise RuntimeError(f"cold export of chart {index} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1]), time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="timed warm exports per chart (default 3)")
    parser.add_argument("--no-cold", action="store_true", help="skip the cold subprocess per chart")
    args = parser.parse_args(argv)

    path = export.browser_path()
    if path is None:
        print(f"no browser: {export.INSTALL_HINT}")
        return 1
    env = os.environ | {"BROWSER_PATH": path, "PYTHONPATH": str(ROOT)}
    dataset = load_dataset()
    every = every_chart(dataset)

    cold = {} if args.no_cold else {c.key: cold_seconds(i, env) for i, c in enumerate(every)}

    start = time.perf_counter()
    export.ensure_warm_browser()
    export.png_bytes(every[0].figure, height=every[0].export_height)  # first page load in the warm browser
    warm_start_s = time.perf_counter() - start
    warm = {}
    try:
        for chart in every:
            times = []
            for _ in range(args.runs):
                t0 = time.perf_counter()
                png = export.png_bytes(chart.figure, height=chart.export_height)
                times.append(time.perf_counter() - t0)
            assert png.startswith(b"\x89PNG"), chart.key
            warm[chart.key] = statistics.median(times)
    finally:
        export.stop_browser()

    with tempfile.TemporaryDirectory() as out:
        t0 = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "tradetarget", "export", "--out", out], cwd=ROOT, env=env,
                              capture_output=True, text=True, timeout=300)
        cli_s = time.perf_counter() - t0
        if done.returncode:
            raise RuntimeError(f"python -m tradetarget export failed:\n{done.stderr[-3000:]}")
        written = len(list(Path(out).glob("*.png")))

    print(f"PNG export, {export.EXPORT_WIDTH} px wide; warm = median of {args.runs}, cold = first to_image "
          "in a new process")
    print(f"warm browser start + first export: {warm_start_s:.2f} s")
    print(f"{'chart':14s} {'height':>6s} {'warm s':>7s} {'cold s':>7s} {'cold proc s':>11s} {'speed-up':>8s}  "
          f"target  result")
    for chart in every:
        w = warm[chart.key]
        c, proc = cold.get(chart.key, (float("nan"), float("nan")))
        verdict = "PASS" if w <= WARM_TARGET_S else "FAIL"
        print(f"{chart.key:14s} {chart.export_height:6d} {w:7.3f} {c:7.2f} {proc:11.2f} {c / w:7.1f}x  "
              f"<={WARM_TARGET_S:g} s  {verdict}")
    verdict = "PASS" if cli_s <= CLI_TARGET_S else "FAIL"
    print(f"python -m tradetarget export: {written} PNGs in {cli_s:.2f} s (target <= {CLI_TARGET_S:g} s) {verdict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
