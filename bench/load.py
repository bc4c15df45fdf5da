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

Where the sessions go:

- by default, one ``streamlit run dashboard.py`` process started here (its RSS is measured);
- ``--replicas N``: ``scripts/serve.sh --replicas N`` started here (N replicas behind HAProxy; needs haproxy, see
  README); RSS is the sum over the replica processes, also shown per replica; the floor is the bare app behind the
  same layout (``serve.sh --app``);
- ``--url http://HOST:PORT``: a server already running (one process or a proxy); RSS only if its PIDs are given
  with ``--pid`` (summed), no floor.

Like a browser, every session first GETs the page over HTTP and sends the cookies it was given (HAProxy's
``STSRV``) with the websocket upgrade, so behind a proxy with sticky sessions it stays on one replica.

``--duration SECONDS`` is a soak: every session repeats the journey on a new connection (a reader arrives, sets
its value, reads two pages, leaves) until the time is up, each round with a new growth value of its own; RSS is
sampled every ``--sample`` seconds, and its growth is judged from the end of ``--warm-up`` (target <= 10%).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from collections.abc import Callable
from contextlib import contextmanager
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
SOAK_RSS_GROWTH_TARGET = 0.10
RUN_TIMEOUT_S = 180.0
SERVE_START_TIMEOUT_S = 240.0
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


def page_cookies(base: str, replica: str | None = None) -> dict[str, str]:
    """The cookies a browser is given when it loads the page (behind HAProxy: STSRV names the replica).
    With ``replica``, the request already carries that STSRV, as a returning browser's would."""
    sent = {"STSRV": replica} if replica else {}
    headers = {"Cookie": f"STSRV={replica}"} if replica else {}
    with urllib.request.urlopen(urllib.request.Request(f"{base}/", headers=headers), timeout=60) as answer:
        answer.read()
        given = [c.split(";", 1)[0].strip().split("=", 1) for c in answer.headers.get_all("Set-Cookie") or []]
    return sent | dict(given)


class Session:
    """One browser tab, as the protocol sees it: an HTTP page load for the cookies, then the websocket."""

    def __init__(self, base: str, replica: str | None = None) -> None:
        self.base = base
        self.wanted = replica
        self.url = base.replace("http", "ws", 1) + "/_stcore/stream"
        self.ws = None
        self.replica: str | None = None  # the STSRV cookie, when a sticky proxy set one
        self.pages: dict[str, str] = {}  # page name -> page script hash
        self.main_hash = ""
        self.current_hash = ""

    async def __aenter__(self) -> Session:
        cookies = await asyncio.to_thread(page_cookies, self.base, self.wanted)
        self.replica = cookies.get("STSRV")
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())} if cookies else None
        self.ws = await connect(self.url, subprotocols=["streamlit"], max_size=None, open_timeout=60,
                                additional_headers=headers)
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


async def warm_up(target: Target) -> None:
    """One session through every page on each replica, so imports, data and page compilation are not charged
    to the load."""
    names = [name for name in target.pids() if name.startswith("r")] or [None]
    for name in names:
        async with Session(target.base, name) as s:
            await s.run("overview")
            for page, page_hash in list(s.pages.items()):
                await s.run(page, page_hash)


def rss_mb(pid: int) -> float:
    try:
        import psutil

        return psutil.Process(pid).memory_info().rss / 2**20
    except ImportError:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("no RSS")


@dataclass
class Target:
    """Where the sessions go: an HTTP base URL, and the server processes whose RSS is measured (may be none)."""

    base: str
    pids: Callable[[], dict[str, int]]  # name -> PID, read at each sample (a restarted replica has a new PID)
    what: str

    def rss(self) -> dict[str, float]:
        out = {}
        for name, pid in self.pids().items():
            try:
                out[name] = rss_mb(pid)
            except (OSError, RuntimeError):
                out[name] = float("nan")
        return out

    def cpu(self) -> float:
        """CPU seconds used so far by the measured processes (nan when there are none)."""
        pids = self.pids()
        try:
            return sum(cpu_s(pid) for pid in pids.values()) if pids else float("nan")
        except OSError:
            return float("nan")


def cpu_s(pid: int) -> float:
    """User + system CPU seconds of one process, children that were reaped included (the PNG export's Chromium)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return sum(int(x) for x in fields[11:15]) / os.sysconf("SC_CLK_TCK")


def total(rss: dict[str, float]) -> float:
    return sum(rss.values()) if rss else float("nan")


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


@contextmanager
def single(log, file_watcher: str, script: str | Path):
    port = free_port()
    proc = start_server(port, log, file_watcher, script)
    try:
        yield Target(f"http://127.0.0.1:{port}", lambda: {"server": proc.pid}, "one server process")
    finally:
        stop_server(proc)


def serve_pids(log_dir: Path) -> dict[str, int]:
    """The replicas serve.sh started, as it lists them (name, PID, port per line)."""
    lines = (log_dir / "pids").read_text().splitlines()
    return {name: int(pid) for name, pid, _ in (line.split() for line in lines) if name != "haproxy"}


@contextmanager
def replicas(n: int, log_dir: Path, script: str | Path = "dashboard.py"):
    """``scripts/serve.sh --replicas n`` on a free port until the block ends (SIGTERM stops all it started)."""
    log_dir.mkdir(parents=True, exist_ok=True)
    port = free_port()
    out_path = log_dir / "serve.out"
    with open(out_path, "w") as out:
        proc = subprocess.Popen(
            ["bash", str(ROOT / "scripts" / "serve.sh"), "--no-setup", "--replicas", str(n), "--port", str(port),
             "--address", "127.0.0.1", "--log-dir", str(log_dir), "--app", str(script)],
            cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + SERVE_START_TIMEOUT_S
        while "Serving http" not in out_path.read_text():
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"serve.sh did not start:\n{out_path.read_text()}")
            time.sleep(0.3)
        yield Target(f"http://127.0.0.1:{port}", lambda: serve_pids(log_dir),
                     f"{n} replicas behind HAProxy (scripts/serve.sh)")
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)


def existing(url: str, pids: list[int]) -> Target:
    named = {f"pid {pid}": pid for pid in pids}
    return Target(url.rstrip("/"), lambda: named, f"the server at {url}")


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(pct / 100 * len(ordered) + 0.5) - 1))]


async def load(target: Target, sessions: int, other_pages: int) -> dict:
    fresh = target.rss()
    await warm_up(target)
    await asyncio.sleep(1)
    before = target.rss()
    results: list[tuple[int, list[Run]]] = []
    sockets = []
    placed: Counter[str] = Counter()

    async def one(i: int) -> None:
        # keep every connection open until all are done, so "after" counts every live session
        s = Session(target.base)
        await s.__aenter__()
        sockets.append(s)
        placed[s.replica or "-"] += 1
        runs = await journey(s, 10.0 + i, i, other_pages)
        results.append((i, runs))

    start, cpu_start, client_start = time.perf_counter(), target.cpu(), time.process_time()
    outcomes = await asyncio.gather(*(one(i) for i in range(sessions)), return_exceptions=True)
    wall, cpu = time.perf_counter() - start, target.cpu() - cpu_start
    client = time.process_time() - client_start  # this process: it shares the machine's cores with the servers
    await asyncio.sleep(1)
    after = target.rss()
    for s in sockets:
        await s.__aexit__()
    await asyncio.sleep(2)
    closed = target.rss()
    errors = [repr(o) for o in outcomes if isinstance(o, BaseException)]
    return {"fresh": fresh, "before": before, "after": after, "closed": closed, "wall": wall, "cpu": cpu,
            "client": client, "results": sorted(results, key=lambda r: r[0]), "errors": errors, "placed": placed}


def soak_growth(i: int, k: int) -> float:
    """Session i's value in round k: -20 to 59.5 % in half points, never two sessions' alike in one round."""
    return -20.0 + ((2 * i + k) % 160) * 0.5


async def soak(target: Target, sessions: int, other_pages: int, duration: float, sample_every: float) -> dict:
    """Every session repeats the journey on a new connection, each round with a new value, for ``duration`` s."""
    await warm_up(target)
    start, cpu_start = time.perf_counter(), target.cpu()
    stop_at = start + duration
    samples: list[tuple[float, dict[str, float]]] = [(0.0, target.rss())]
    rounds: list[tuple[float, int, float, list[Run]]] = []  # (time since start, session, growth, runs)
    errors: list[str] = []
    placed: Counter[str] = Counter()

    async def sampler() -> None:
        while time.perf_counter() < stop_at:
            await asyncio.sleep(min(sample_every, max(0.0, stop_at - time.perf_counter())))
            samples.append((time.perf_counter() - start, target.rss()))

    async def reader(i: int) -> None:
        k = 0
        while time.perf_counter() < stop_at:
            growth = soak_growth(i, k)
            try:
                async with Session(target.base) as s:
                    placed[s.replica or "-"] += 1
                    runs = await journey(s, growth, i + k, other_pages)
                rounds.append((time.perf_counter() - start, i, growth, runs))
            except Exception as exc:  # counted and reported; the soak goes on
                errors.append(f"session {i} round {k}: {exc!r}")
            k += 1

    await asyncio.gather(sampler(), *(reader(i) for i in range(sessions)))
    cpu = target.cpu() - cpu_start
    await asyncio.sleep(2)
    samples.append((time.perf_counter() - start, target.rss()))
    return {"samples": samples, "rounds": rounds, "errors": errors, "placed": placed, "cpu": cpu,
            "wall": time.perf_counter() - start}


def rerun_percentiles(out: dict) -> tuple[float, float]:
    reruns = [r.latency_ms for _, runs in out["results"] for r in runs[1:]]
    return (percentile(reruns, 50), percentile(reruns, 95)) if reruns else (float("nan"),) * 2


def write_bare_app(folder: Path) -> Path:
    """The framework floor: the same journey on three one-slider, one-chart pages that echo the growth value."""
    for path in (folder / "bare.py", folder / "pages" / "1_Second.py", folder / "pages" / "2_Third.py"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(BARE_PAGE)
    return folder / "bare.py"


def rss_line(label: str, values: list[dict[str, float]]) -> str:
    text = " / ".join(f"{total(v):.0f}" for v in values) + " MB"
    parts = values[-1].keys() if values and len(values[-1]) > 1 else []
    each = "; ".join(f"{name} " + " / ".join(f"{v.get(name, float('nan')):.0f}" for v in values) for name in parts)
    return f"{label:40s} {text:>22s}" + (f"  ({each})" if each else "")


def report(out: dict, sessions: int, target: Target, floor: dict | None = None) -> None:
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
    per_session = (total(out["after"]) - total(out["before"])) / sessions

    def verdict(ok: bool) -> str:
        return "PASS" if ok else "FAIL"

    print(f"{sessions} concurrent sessions on {target.what} (overview, own growth, "
          f"{(len(results[0][1]) - 2) if results else 0} other pages each); wall {out['wall']:.1f} s")
    if set(out["placed"]) != {"-"}:
        print("sessions per replica (STSRV cookie): "
              + ", ".join(f"{k} {v}" for k, v in sorted(out["placed"].items())))
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
    if not out["before"]:
        print("server RSS: not measured (give the server's PIDs with --pid)")
    else:
        print(rss_line("server RSS fresh / after warm-up", [out["fresh"], out["before"]]))
        print(rss_line("server RSS with sessions / after close", [out["after"], out["closed"]]))
        print(f"{'RSS per session':40s} {f'{per_session:.1f} MB':>22s}  <={MB_PER_SESSION_TARGET:g} MB  "
              f"{verdict(per_session <= MB_PER_SESSION_TARGET)}")
        cpu = f"{out['cpu']:.1f} s, {out['cpu'] / sessions * 1000:.0f} ms"
        print(f"{'server CPU during the load, per session':40s} {cpu:>22s}  "
              f"({n_runs / sessions:.0f} script runs a session)")
    client = f"{out['client']:.1f} s"
    print(f"{'bench client CPU during the load':40s} {client:>22s}  (same machine, same cores)")
    for line in out["errors"] + problems[:20]:
        print("  !", line)


def report_soak(out: dict, sessions: int, target: Target, warm_up_s: float) -> None:
    rounds, samples = out["rounds"], out["samples"]
    bad = []
    for _, i, growth, runs in rounds:
        own = [expected_heading(growth)]
        for r in runs:
            if not r.clean:
                bad.append(f"session {i} at {growth:+g}% {r.page}: status {r.status}, {r.exceptions}")
            elif r is not runs[0] and r.sidebar_headings != own:
                bad.append(f"session {i} {r.page}: sidebar {r.sidebar_headings}, expected {own}")
    n_runs = sum(len(runs) for *_, runs in rounds)
    print(f"soak: {sessions} sessions for {out['wall']:.0f} s on {target.what}; each round a new connection "
          f"(page load, own value, other pages); {len(rounds)} rounds, {n_runs} script runs")
    if set(out["placed"]) != {"-"}:
        print("connections per replica (STSRV cookie): "
              + ", ".join(f"{k} {v}" for k, v in sorted(out["placed"].items())))
    ok = not bad and not out["errors"]
    print(f"{'runs clean, own values only':40s} {f'{n_runs - len(bad)}/{n_runs}':>22s}  all     "
          f"{'PASS' if ok else 'FAIL'}  ({len(out['errors'])} rounds failed)")
    first_use: dict[float, float] = {}
    for t, _, growth, _ in sorted(rounds, key=lambda r: r[0]):
        first_use.setdefault(growth, t)
    if first_use:
        print(f"{len(first_use)} distinct growth values, every one used by {max(first_use.values()):.0f} s "
              f"(the caches hold up to 256 per chart)")
    if out["cpu"] == out["cpu"]:  # not nan
        cpu = f"{out['cpu']:.0f} s, {out['cpu'] / max(1, len(rounds)) * 1000:.0f} ms"
        print(f"{'server CPU, per round (= per reader)':40s} {cpu:>22s}  "
              f"({n_runs / max(1, len(rounds)):.0f} script runs a round)")
    window = max(60.0, out["wall"] / 10)
    edges = [k * window for k in range(int(out["wall"] // window) + 1)]
    for lo in edges:
        reruns = [r.latency_ms for t, _, _, runs in rounds if lo <= t < lo + window for r in runs[1:]]
        if reruns:
            print(f"{f'  rerun p50 / p95, {lo:.0f}-{lo + window:.0f} s':40s} "
                  f"{f'{percentile(reruns, 50):.0f} / {percentile(reruns, 95):.0f} ms':>22s}")
    reruns = [r.latency_ms for *_, runs in rounds for r in runs[1:]]
    if reruns:
        both = f"{percentile(reruns, 50):.0f} / {percentile(reruns, 95):.0f} ms"
        print(f"{'rerun p50 / p95, whole soak':40s} {both:>22s}")
    if not samples[0][1]:
        print("RSS: not measured (give the server's PIDs with --pid)")
    else:
        print("RSS samples, MB (time: total = per process):")
        for t, rss in samples:
            print(f"  {t:6.0f} s: {total(rss):6.0f} = " + ", ".join(f"{k} {v:.0f}" for k, v in rss.items()))
        warm = next(((t, rss) for t, rss in samples if t >= warm_up_s), samples[-1])
        end = samples[-1][1]
        for name in end:
            base, last = warm[1].get(name, float("nan")), end[name]
            peak = max(rss.get(name, 0.0) for t, rss in samples if t >= warm[0])
            growth = (last - base) / base
            print(f"{f'  {name}: after warm-up ({warm[0]:.0f} s) -> end':40s} {f'{base:.0f} -> {last:.0f} MB':>22s}  "
                  f"<=+{SOAK_RSS_GROWTH_TARGET:.0%}  {'PASS' if growth <= SOAK_RSS_GROWTH_TARGET else 'FAIL'} "
                  f"({growth:+.1%}; peak {peak:.0f} MB)")
    for line in out["errors"][:10] + bad[:20]:
        print("  !", line)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20, help="concurrent sessions (default 20)")
    parser.add_argument("--pages", type=int, default=2, help="other pages each session reruns (default 2)")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--url", help="an already running server or proxy, e.g. http://127.0.0.1:8501 (no floor)")
    where.add_argument("--replicas", type=int, help="start scripts/serve.sh with N replicas behind HAProxy")
    parser.add_argument("--pid", type=int, action="append", default=[],
                        help="with --url: a server process whose RSS to measure (repeat for replicas; summed)")
    parser.add_argument("--duration", type=float, help="soak: repeat the journey for this many seconds")
    parser.add_argument("--warm-up", type=float, default=60.0,
                        help="soak: RSS growth is judged from the first sample after this many seconds (default 60)")
    parser.add_argument("--sample", type=float, default=30.0, help="soak: seconds between RSS samples (default 30)")
    parser.add_argument("--file-watcher", default="none", choices=["none", "auto", "poll", "watchdog"],
                        help="server.fileWatcherType of the one process started by default (default none: a source "
                             "edit during the run makes streamlit re-import modules, and cached objects of the old "
                             "classes then fail to pickle; 'auto' is what the shipped config uses; serve.sh's "
                             "replicas always run with none)")
    parser.add_argument("--no-floor", action="store_true", help="skip the baseline run on a bare 3-page app")
    args = parser.parse_args(argv)
    if args.pid and not args.url:
        parser.error("--pid goes with --url")
    with tempfile.TemporaryDirectory() as tmp, open(Path(tmp) / "streamlit.log", "w") as log:

        @contextmanager
        def target(script: str | Path, name: str):
            if args.url:
                yield existing(args.url, args.pid)
            elif args.replicas:
                with replicas(args.replicas, Path(tmp) / name, script) as t:
                    yield t
            else:
                with single(log, args.file_watcher, script) as t:
                    yield t

        if args.duration:
            with target("dashboard.py", "app") as t:
                out = asyncio.run(soak(t, args.sessions, args.pages, args.duration, args.sample))
            report_soak(out, args.sessions, t, args.warm_up)
            return 0

        def run(script: str | Path, name: str) -> tuple[dict, Target]:
            with target(script, name) as t:
                return asyncio.run(load(t, args.sessions, args.pages)), t

        floor = None
        if not (args.no_floor or args.url):
            floor, _ = run(write_bare_app(Path(tmp) / "bare"), "floor")
        out, t = run("dashboard.py", "app")
        if not args.replicas and not args.url:
            print(f"server.fileWatcherType={args.file_watcher}")
        report(out, args.sessions, t, floor)
        if floor is not None and (floor["errors"] or not all(r.clean for _, runs in floor["results"] for r in runs)):
            print("  ! the bare app's runs were not all clean:", floor["errors"][:3])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
