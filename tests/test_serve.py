"""scripts/serve.sh: replicas behind HAProxy with sticky sessions, through a real proxy and real Chromium.

Each test starts ``bash scripts/serve.sh --no-setup --replicas 2`` on a free port (the test command has
already installed the virtualenv, chromium and haproxy; without haproxy serve.sh exits and the tests fail).
"""

import os
import signal
import socket
import struct
import subprocess
import time
import urllib.request
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.browser_support import IDLE
from tests.conftest import ROOT

playwright = pytest.importorskip("playwright.sync_api", reason="playwright is part of the test extra")

START_TIMEOUT_S = 180
RECOVERY_TIMEOUT_MS = 30_000  # the stated failover deadline: the page is live again on another replica


@dataclass
class Served:
    base: str
    proc: subprocess.Popen
    log_dir: Path

    def pids(self) -> dict[str, int]:
        """Name ("r1", "r2", "haproxy") -> PID, as serve.sh lists the processes it started."""
        return {name: int(pid) for name, pid, _ in
                (line.split() for line in (self.log_dir / "pids").read_text().splitlines())}

    def output(self) -> str:
        return (self.log_dir / "serve.out").read_text()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _parents() -> dict[int, int]:
    out = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with suppress(OSError, IndexError, ValueError):
                out[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
    return out


def descendants(pid: int) -> set[int]:
    parents = _parents()
    found, todo = set(), [pid]
    while todo:
        current = todo.pop()
        children = {child for child, parent in parents.items() if parent == current}
        todo.extend(children - found)
        found |= children
    return found


def running(pid: int) -> bool:
    """The process exists and is not a zombie waiting to be reaped."""
    try:
        return (Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]) != "Z"
    except (OSError, IndexError):
        return False


def get(url: str, cookie: str | None = None) -> tuple[bytes, dict[str, str]]:
    """Body and the cookies set by the answer (name -> value)."""
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    with urllib.request.urlopen(request, timeout=10) as answer:
        cookies = dict(c.split(";", 1)[0].split("=", 1) for c in answer.headers.get_all("Set-Cookie") or [])
        return answer.read(), cookies


@contextmanager
def serve(log_dir: Path, replicas: int = 2):
    port = free_port()
    with open(log_dir / "serve.out", "w") as out:
        proc = subprocess.Popen(
            ["bash", "scripts/serve.sh", "--no-setup", "--replicas", str(replicas), "--port", str(port),
             "--address", "127.0.0.1", "--log-dir", str(log_dir)],
            cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )
    served = Served(f"http://127.0.0.1:{port}", proc, log_dir)
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while "Serving http" not in served.output():
            assert proc.poll() is None, f"serve.sh exited with {proc.returncode}:\n{served.output()}"
            assert time.monotonic() < deadline, f"serve.sh did not start:\n{served.output()}"
            time.sleep(0.3)
        yield served
    finally:
        if proc.poll() is None:
            started = served.pids().values() if (log_dir / "pids").exists() else []
            proc.terminate()
            try:
                proc.wait(timeout=60)
            except subprocess.TimeoutExpired:  # leave nothing behind even when the test failed
                for pid in [proc.pid, *started]:
                    with suppress(OSError):
                        os.killpg(pid, signal.SIGKILL)


def test_serve_starts_answers_through_the_proxy_and_sigterm_stops_everything(tmp_path):
    with serve(tmp_path) as served:
        started = served.pids()
        assert sorted(started) == ["haproxy", "r1", "r2"]
        below = descendants(served.proc.pid)
        assert set(started.values()) <= below, "serve.sh lists its own children"
        assert all(running(pid) for pid in below)

        body, cookies = get(f"{served.base}/_stcore/health")
        assert body == b"ok"
        assert cookies.get("STSRV") in {"r1", "r2"}, cookies
        # a new browser goes to the next replica; one that sends its cookie is not given another
        seen = {get(f"{served.base}/_stcore/health")[1]["STSRV"] for _ in range(4)}
        assert seen == {"r1", "r2"}
        for _ in range(4):
            assert "STSRV" not in get(f"{served.base}/_stcore/health", cookie="STSRV=r2")[1]

        served.proc.send_signal(signal.SIGTERM)
        assert served.proc.wait(timeout=60) == 128 + signal.SIGTERM
        left = sorted(pid for pid in below if running(pid))
        assert not left, f"processes left behind: {left}"
        assert "stopping 3 processes" in served.output()


# --- in Chromium, through the proxy ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    with serve(tmp_path_factory.mktemp("serve")) as s:
        yield s
        below = descendants(s.proc.pid)  # by now with the PNG export's Chromium, and a restarted replica
    left = sorted(pid for pid in below if running(pid))
    assert not left, f"serve.sh left processes behind: {left}"



@pytest.fixture
def new_page(browser):
    """A page in a new browser context (its own cookies, so its own sticky replica)."""
    contexts = []

    def make():
        context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
        contexts.append(context)
        pg = context.new_page()
        pg.set_default_timeout(90_000)
        return pg

    yield make
    for context in contexts:
        context.close()


def settle(pg) -> None:
    pg.wait_for_timeout(300)
    pg.wait_for_selector(IDLE)
    pg.wait_for_selector(".js-plotly-plot, [data-testid='stException']")
    assert pg.get_by_test_id("stException").count() == 0, pg.get_by_test_id("stException").all_inner_texts()


def replica(pg) -> str:
    return {c["name"]: c["value"] for c in pg.context.cookies()}["STSRV"]


def sidebar_says(pg, text: str, timeout: float = 30_000) -> None:
    pg.get_by_test_id("stSidebar").get_by_text(text, exact=True).wait_for(timeout=timeout)


def data_page(pg) -> None:
    """Open "Data and sources" from the sidebar: a rerun in the same session, not a new page load."""
    pg.get_by_test_id("stSidebar").get_by_role("link", name="Data and sources").click()
    pg.wait_for_url("**/Data_and_sources**")
    settle(pg)


def assert_chart_png(data: bytes) -> None:
    """A PNG of a whole chart (the export's size and scale are test_export's business)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", data[:16]
    width, height = struct.unpack(">II", data[16:24])
    assert width >= 1000 and height >= 500, (width, height)


@pytest.mark.browser
def test_png_download_and_upload_reach_the_sessions_replica(served, new_page, tmp_path):
    """Two browsers land on the two replicas; each session's HTTP requests (the deferred PNG download, the
    file upload) go to the replica holding its websocket session, which would not know them otherwise."""
    first, second = new_page(), new_page()
    first.goto(f"{served.base}/?growth=7")
    second.goto(f"{served.base}/?growth=12")
    settle(first)
    settle(second)
    assert {replica(first), replica(second)} == {"r1", "r2"}, "round robin over the two replicas"
    home = replica(first)

    for pg in (first, second):  # a download from each replica
        with pg.expect_download() as info:
            pg.get_by_role("button", name="Download PNG").first.click()
        target = tmp_path / f"{replica(pg)}.png"
        info.value.save_as(target)
        assert info.value.suggested_filename.endswith(".png"), info.value.suggested_filename
        assert_chart_png(target.read_bytes())

    data_page(first)
    first.get_by_test_id("stExpander").get_by_text("Use your own figures").click()
    first.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(ROOT / "tests" / "fixtures" /
                                                                            "good_upload.csv"))
    first.get_by_text("In use for this session").wait_for()
    settle(first)
    assert first.get_by_text("user-supplied row").count() > 0

    first.get_by_test_id("stSidebar").get_by_role("link").first.click()  # the overview, in the same session
    first.wait_for_function("() => !location.pathname.includes('Data_and_sources')")
    settle(first)
    sidebar_says(first, "At +7% a year")
    with first.expect_download() as info:  # a second download, now of the chart with the uploaded figures
        first.get_by_role("button", name="Download PNG").first.click()
    assert_chart_png(Path(info.value.path()).read_bytes())
    data_page(first)
    first.get_by_text("In use for this session").wait_for()  # the upload is kept in the session, on its replica
    assert replica(first) == home, "the session stayed on one replica"

    data_page(second)
    assert second.get_by_text("In use for this session").count() == 0, "the other session has no upload"


@pytest.mark.browser
def test_killing_the_sessions_replica_recovers_the_view_from_the_address(served, new_page):
    pg = new_page()
    pg.goto(f"{served.base}/?growth=7")
    settle(pg)
    sidebar_says(pg, "At +7% a year")
    home = replica(pg)
    killed = served.pids()[home]
    os.kill(killed, signal.SIGKILL)

    # the page notices the lost connection and reconnects through HAProxy, which sends it to a live replica
    # and sets the cookie to it; the new session reruns the view named in the address (measured: about 2 s)
    deadline = time.monotonic() + RECOVERY_TIMEOUT_MS / 1000
    while served.pids().get(replica(pg)) == killed:
        assert time.monotonic() < deadline, "the browser's cookie still names the killed replica"
        pg.wait_for_timeout(200)
    pg.wait_for_function("() => !document.querySelector(\"[data-testid='stConnectionStatus']\")",
                         timeout=RECOVERY_TIMEOUT_MS)
    settle(pg)
    sidebar_says(pg, "At +7% a year")
    assert "growth=7" in pg.url

    # the new session is live: the slider reruns the page there
    thumb = pg.get_by_test_id("stSidebar").get_by_role("slider").first
    thumb.focus()
    thumb.press("ArrowLeft")
    pg.wait_for_function("() => location.search.includes('growth=6.5')", timeout=RECOVERY_TIMEOUT_MS)
    settle(pg)
    sidebar_says(pg, "At +6.5% a year")

    # new readers are served too, and serve.sh has started the killed replica again
    other = new_page()
    other.goto(f"{served.base}/?growth=9")
    settle(other)
    sidebar_says(other, "At +9% a year")
    assert "starting it again" in served.output()
