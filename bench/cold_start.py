"""Cold start: from launching ``streamlit run`` until the first chart is visible in headless Chromium.

Run from the repository root: ``.venv/bin/python bench/cold_start.py [--repeats N]``.

For ``dashboard.py`` and for a bare one-chart script (written to a temporary folder), each repeat starts a
new server on a free port, waits for ``/_stcore/health``, opens the page in a fresh browser context and waits
until ``.js-plotly-plot .main-svg`` is visible. The browser is started once, before the clock. Medians of
the repeats and their ratio are printed, with the moment the app's websocket opened (the browser has loaded
the HTML and JavaScript; the rest is the script run and the drawing). Target: dashboard <= 1.5x the bare
script.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

try:
    from playwright.sync_api import sync_playwright
except ImportError:
    sys.exit("bench/cold_start.py needs playwright: .venv/bin/pip install -e '.[bench]'")

from bench._server import free_port, stop_server  # noqa: E402
from tradetarget import export  # noqa: E402

TARGET = 1.5
CHART = ".js-plotly-plot .main-svg"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
BARE = '''\
import plotly.graph_objects as go
import streamlit as st

years = list(range(2022, 2041))
st.plotly_chart(go.Figure(go.Scatter(x=years, y=[31.2 * 1.24 ** (y - 2022) for y in years])), key="chart")
'''




def start_server(script: Path, port: int, log) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(script), "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        env=os.environ | {"PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
                          "PYTHONUNBUFFERED": "1"},
    )




def wait_healthy(base: str, proc: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with {proc.returncode}")
        try:
            if urllib.request.urlopen(f"{base}/_stcore/health", timeout=1).read() == b"ok":
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("streamlit did not become healthy")


def one_start(browser, script: Path, log_dir: Path) -> tuple[float, float, float]:
    """(server healthy, app websocket open, first chart visible) in seconds from launching the server.

    The websocket opens once the browser has loaded the app's HTML and JavaScript; everything after it is the
    script run, its messages and the drawing.
    """
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with open(log_dir / f"{script.stem}-{port}.log", "w") as log:
        start = time.perf_counter()
        proc = start_server(script, port, log)
    try:
        wait_healthy(base, proc)
        healthy = time.perf_counter() - start
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        try:
            page = context.new_page()
            page.set_default_timeout(120_000)
            opened: list[float] = []
            page.on("websocket", lambda ws: opened.append(time.perf_counter()) if "_stcore/stream" in ws.url else None)
            page.goto(base)
            page.locator(CHART).first.wait_for(state="visible")
            visible = time.perf_counter() - start
            if page.get_by_test_id("stException").count():
                raise RuntimeError(f"{script.name} showed an exception")
        finally:
            context.close()
    finally:
        stop_server(proc)
    return healthy, (opened[0] - start) if opened else float("nan"), visible


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3, help="starts per script (default 3)")
    args = parser.parse_args(argv)
    path = export.browser_path()
    if path is None:
        print(f"no browser: {export.INSTALL_HINT}")
        return 1

    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        tmp_dir = Path(tmp)
        bare = tmp_dir / "bare" / "bare.py"
        bare.parent.mkdir()
        bare.write_text(BARE)
        scripts = {"bare one-chart script": bare, "dashboard.py": ROOT / "dashboard.py"}
        results: dict[str, list[tuple[float, float, float]]] = {name: [] for name in scripts}
        browser = p.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        try:
            for _ in range(args.repeats):  # alternate, so drift on a busy machine hits both
                for name, script in scripts.items():
                    results[name].append(one_start(browser, script, tmp_dir))
        finally:
            browser.close()

    print(f"Cold start: launch `streamlit run` -> first chart visible in Chromium, median of {args.repeats}")
    print(f"{'script':24s} {'healthy s':>9s} {'ws open s':>9s} {'chart s':>8s} {'ws->chart s':>11s}  runs (chart s)")
    medians = {}
    for name, runs in results.items():
        medians[name] = statistics.median(v for *_, v in runs)
        healthy, ws = (statistics.median(r[i] for r in runs) for i in (0, 1))
        after = statistics.median(v - w for _, w, v in runs)
        print(f"{name:24s} {healthy:9.2f} {ws:9.2f} {medians[name]:8.2f} {after:11.2f}  "
              + ", ".join(f"{v:.2f}" for *_, v in runs))
    ratio = medians["dashboard.py"] / medians["bare one-chart script"]
    print(f"ratio dashboard / bare: {ratio:.2f}x (target <= {TARGET:g}x) {'PASS' if ratio <= TARGET else 'FAIL'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
