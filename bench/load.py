"""Many concurrent sessions on one server, driven over Streamlit's websocket protocol (no browser).

Run from the repository root: ``.venv/bin/python bench/load.py [--sessions N]``.

Starts ``streamlit run dashboard.py`` on a free port and speaks the browser's protocol to
``ws://127.0.0.1:PORT/_stcore/stream``: a ``BackMsg.rerun_script`` (``ClientState``: query string, widget
states, page script hash) starts a run; the server answers with ``ForwardMsg``s (``new_session``,
``navigation`` listing the pages and their script hashes, ``delta`` elements, ``page_info_changed`` and
``script_finished``). As the browser does, a slider change sends the slider's widget state with the value in
the query string (the widget is bound to the URL), and a page switch sends the target page's hash and the
query string only. One warm-up session first loads every page; then all sessions at once each load the
overview, read the growth slider's widget id from its delta, set their own growth (10 + i %), and rerun two
other pages. Every run must finish successfully with no exception element, and the sidebar subheader
"At +X% a year" of every run must show the session's own value.

Targets: every session clean, p95 rerun latency <= 1 s, server RSS <= 15 MB per session.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ClientState_pb2 import ClientState
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.RootContainer_pb2 import RootContainer
from streamlit.proto.WidgetStates_pb2 import WidgetState, WidgetStates
from websockets.asyncio.client import connect

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench._server import free_port, stop_server  # noqa: E402

GROWTH_LABEL = "Growth, % a year"
P95_TARGET_MS = 1000.0
MB_PER_SESSION_TARGET = 15.0
RUN_TIMEOUT_S = 180.0
BARE_PAGE = f'''\
import plotly.graph_objects as go
import streamlit as st

growth = st.sidebar.slider("{GROWTH_LABEL}", -30.0, 60.0, 24.0, 0.5, key="growth", bind="query-params")
st.sidebar.subheader(f"At {{growth:+g}}% a year")
years = list(range(2022, 2041))
st.plotly_chart(go.Figure(go.Scatter(x=years, y=[31.2 * (1 + growth / 100) ** (y - 2022) for y in years])),
                key="chart")
'''


@dataclass
class Run:
    """What one script run sent back."""

    page: str
    latency_ms: float
    status: int | None = None
    exceptions: list[str] = field(default_factory=list)
    sidebar_headings: list[str] = field(default_factory=list)
    slider_id: str | None = None
    query_string: str | None = None

    @property
    def clean(self) -> bool:
        return self.status == ForwardMsg.FINISHED_SUCCESSFULLY and not self.exceptions


class Session:
    """One browser tab, as the protocol sees it."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.ws = None
        self.pages: dict[str, str] = {}  # page name -> page script hash
        self.main_hash = ""
        self.current_hash = ""

    async def __aenter__(self) -> Session:
        self.ws = await connect(self.url, subprotocols=["streamlit"], max_size=None, open_timeout=60)
        return self

    async def __aexit__(self, *exc) -> None:
        await self.ws.close()

    async def run(self, page: str, page_hash: str = "", query_string: str = "",
                  widgets: list[WidgetState] | None = None) -> Run:
        state = ClientState(query_string=query_string, page_script_hash=page_hash,
                            widget_states=WidgetStates(widgets=widgets or []))
        start = time.perf_counter()
        await self.ws.send(BackMsg(rerun_script=state).SerializeToString())
        run = Run(page, 0.0)
        async with asyncio.timeout(RUN_TIMEOUT_S):
            while True:
                msg = ForwardMsg()
                msg.ParseFromString(await self.ws.recv())
                kind = msg.WhichOneof("type")
                if kind == "navigation":  # pages/ apps run as st.navigation: the real page hashes are here
                    pages = msg.navigation.app_pages
                    self.pages = {p.page_name: p.page_script_hash for p in pages}
                    self.main_hash = next((p.page_script_hash for p in pages if p.is_default), "")
                    self.current_hash = msg.navigation.page_script_hash
                elif kind == "page_info_changed":
                    run.query_string = msg.page_info_changed.query_string
                elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
                    self._read_element(msg, run)
                elif kind == "script_finished":
                    if msg.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                        continue
                    run.status = msg.script_finished
                    break
        run.latency_ms = (time.perf_counter() - start) * 1000
        return run

    @staticmethod
    def _read_element(msg: ForwardMsg, run: Run) -> None:
        element = msg.delta.new_element
        kind = element.WhichOneof("type")
        if kind == "exception":
            run.exceptions.append(f"{element.exception.type}: {element.exception.message}")
        elif kind == "slider" and element.slider.label == GROWTH_LABEL:
            run.slider_id = element.slider.id
        elif (kind == "heading" and msg.metadata.delta_path[:1] == [RootContainer.SIDEBAR]
              and element.heading.body.startswith("At ")):
            run.sidebar_headings.append(element.heading.body)


def expected_heading(growth: float) -> str:
    return f"At {growth:+g}% a year"


async def journey(s: Session, growth: float, index: int, other_pages: int) -> list[Run]:
    """Overview, then the session's own growth, then ``other_pages`` other pages (rotating per session)."""
    first = await s.run("overview")
    runs = [first]
    if first.slider_id is None:
        first.exceptions.append("no growth slider in the overview's deltas")
        return runs
    slider = WidgetState(id=first.slider_id)
    slider.double_array_value.data.append(growth)
    # as the browser does: the bound slider writes its value into the address, which travels with every
    # rerun; a page switch sends the target page's hash, the address and no widget states
    query = f"growth={growth:g}"
    runs.append(await s.run("overview", s.current_hash, query, [slider]))
    others = [name for name, h in s.pages.items() if h != s.main_hash]
    for k in range(min(other_pages, len(others))):
        name = others[(index + k) % len(others)]
        runs.append(await s.run(name, s.pages[name], query))
    return runs


async def warm_up(url: str) -> None:
    """One session through every page, so imports, data and page compilation are not charged to the load."""
    async with Session(url) as s:
        await s.run("overview")
        for name, page_hash in list(s.pages.items()):
            await s.run(name, page_hash)


def rss_mb(pid: int) -> float:
    try:
        import psutil

        return psutil.Process(pid).memory_info().rss / 2**20
    except ImportError:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("no RSS")




def start_server(port: int, log, file_watcher: str, script: str | Path = "dashboard.py") -> subprocess.Popen:
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(script), "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
         "--server.fileWatcherType", file_watcher],
        cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        env=os.environ | {"PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
                          "PYTHONUNBUFFERED": "1"},
    )
    for _ in range(240):
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with {proc.returncode}")
        try:
            if urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1).read() == b"ok":
                return proc
        except OSError:
            time.sleep(0.25)
    stop_server(proc)
    raise RuntimeError("streamlit did not become healthy")




def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(pct / 100 * len(ordered) + 0.5) - 1))]


async def load(url: str, pid: int, sessions: int, other_pages: int) -> dict:
    fresh = rss_mb(pid)
    await warm_up(url)
    await asyncio.sleep(1)
    before = rss_mb(pid)
    results: list[tuple[int, list[Run]]] = []
    sockets = []

    async def one(i: int) -> None:
        # keep every connection open until all are done, so "after" counts every live session
        s = Session(url)
        await s.__aenter__()
        sockets.append(s)
        runs = await journey(s, 10.0 + i, i, other_pages)
        results.append((i, runs))

    start = time.perf_counter()
    outcomes = await asyncio.gather(*(one(i) for i in range(sessions)), return_exceptions=True)
    wall = time.perf_counter() - start
    await asyncio.sleep(1)
    after = rss_mb(pid)
    for s in sockets:
        await s.__aexit__()
    await asyncio.sleep(2)
    closed = rss_mb(pid)
    errors = [repr(o) for o in outcomes if isinstance(o, BaseException)]
    return {"fresh": fresh, "before": before, "after": after, "closed": closed, "wall": wall,
            "results": sorted(results, key=lambda r: r[0]), "errors": errors}


def rerun_percentiles(out: dict) -> tuple[float, float]:
    reruns = [r.latency_ms for _, runs in out["results"] for r in runs[1:]]
    return (percentile(reruns, 50), percentile(reruns, 95)) if reruns else (float("nan"),) * 2


def write_bare_app(folder: Path) -> Path:
    """The framework floor: the same journey on three one-slider, one-chart pages that echo the growth value."""
    for path in (folder / "bare.py", folder / "pages" / "1_Second.py", folder / "pages" / "2_Third.py"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(BARE_PAGE)
    return folder / "bare.py"


def report(out: dict, sessions: int, floor: dict | None = None) -> None:
    results = out["results"]
    clean = isolated = 0
    problems = []
    for i, runs in results:
        growth = 10.0 + i
        ok = all(r.clean for r in runs) and len(runs) > 1
        own = [expected_heading(growth)]
        mine = all(r.sidebar_headings == own for r in runs[1:]) and len(runs) > 1
        clean += ok
        isolated += mine
        for r in runs:
            if not r.clean:
                problems.append(f"session {i} {r.page}: status {r.status}, {r.exceptions}")
            if r is not runs[0] and r.sidebar_headings != own:
                problems.append(f"session {i} {r.page}: sidebar {r.sidebar_headings}, expected {own}")
    reruns = [r.latency_ms for _, runs in results for r in runs[1:]]
    firsts = [runs[0].latency_ms for _, runs in results]
    n_runs = sum(len(runs) for _, runs in results)
    finished = sum(r.clean for _, runs in results for r in runs)
    p50, p95 = (percentile(reruns, 50), percentile(reruns, 95)) if reruns else (float("nan"),) * 2
    per_session = (out["after"] - out["before"]) / sessions

    def verdict(ok: bool) -> str:
        return "PASS" if ok else "FAIL"

    print(f"{sessions} concurrent sessions on one server (overview, own growth, "
          f"{(len(results[0][1]) - 2) if results else 0} other pages each); wall {out['wall']:.1f} s")
    print(f"{'measure':40s} {'value':>22s}  target  result")
    print(f"{'clean sessions (all runs finished, no exc.)':40s} {f'{clean}/{sessions}':>22s}  all     "
          f"{verdict(clean == sessions and not out['errors'])}")
    print(f"{'script runs finished successfully':40s} {f'{finished}/{n_runs}':>22s}")
    print(f"{'sessions that saw only their own value':40s} {f'{isolated}/{sessions}':>22s}  all     "
          f"{verdict(isolated == sessions)}")
    print(f"{'first load p50 / p95':40s} {f'{percentile(firsts, 50):.0f} / {percentile(firsts, 95):.0f} ms':>22s}"
          if firsts else "no first loads")
    print(f"{'rerun latency p50 / p95':40s} {f'{p50:.0f} / {p95:.0f} ms':>22s}  <={P95_TARGET_MS:g} ms "
          f"{verdict(p95 <= P95_TARGET_MS)}")
    if floor is not None:
        f50, f95 = rerun_percentiles(floor)
        print(f"{'  floor: bare 3-page app, same journey':40s} {f'{f50:.0f} / {f95:.0f} ms':>22s}  "
              f"ratio p50 {p50 / f50:.1f}x, p95 {p95 / f95:.1f}x; wall {floor['wall']:.1f} s")
    rss_warm = f"{out['fresh']:.0f} / {out['before']:.0f} MB"
    rss_load = f"{out['after']:.0f} / {out['closed']:.0f} MB"
    print(f"{'server RSS fresh / after warm-up':40s} {rss_warm:>22s}")
    print(f"{'server RSS with sessions / after close':40s} {rss_load:>22s}")
    print(f"{'RSS per session':40s} {f'{per_session:.1f} MB':>22s}  <={MB_PER_SESSION_TARGET:g} MB  "
          f"{verdict(per_session <= MB_PER_SESSION_TARGET)}")
    for line in out["errors"] + problems[:20]:
        print("  !", line)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20, help="concurrent sessions (default 20)")
    parser.add_argument("--pages", type=int, default=2, help="other pages each session reruns (default 2)")
    parser.add_argument("--file-watcher", default="none", choices=["none", "auto", "poll", "watchdog"],
                        help="server.fileWatcherType (default none: a source edit during the run makes streamlit "
                             "re-import modules, and cached objects of the old classes then fail to pickle; "
                             "'auto' is what the shipped config uses)")
    parser.add_argument("--no-floor", action="store_true", help="skip the baseline run on a bare 3-page app")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp, open(Path(tmp) / "streamlit.log", "w") as log:

        def run(script: str | Path) -> dict:
            port = free_port()
            proc = start_server(port, log, args.file_watcher, script)
            try:
                return asyncio.run(load(f"ws://127.0.0.1:{port}/_stcore/stream", proc.pid, args.sessions,
                                        args.pages))
            finally:
                stop_server(proc)

        floor = None if args.no_floor else run(write_bare_app(Path(tmp) / "bare"))
        out = run("dashboard.py")
        print(f"server.fileWatcherType={args.file_watcher}")
        report(out, args.sessions, floor)
        if floor is not None and (floor["errors"] or not all(r.clean for _, runs in floor["results"] for r in runs)):
            print("  ! the bare app's runs were not all clean:", floor["errors"][:3])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
