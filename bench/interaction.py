"""Median AppTest rerun time after a growth-slider change, per page, against a bare one-chart script.

Run from the repository root: ``.venv/bin/python bench/interaction.py [--runs N] [--rounds R] [PAGE ...]``.

Every page (``dashboard.py`` and ``pages/*.py``, discovered by glob) is opened with AppTest and run with
both slider values to warm the caches, then the sidebar slider ``growth`` is moved between the two values
and ``.run()`` is timed. The floor is the same measurement on a one-slider, one-plotly-chart script written
to a temporary file, in the same process, measured in blocks that take turns with the page's, so the ratio
holds on a busy or a different machine. Targets: overview <= 3x, other pages <= 5x the floor.
"""

from __future__ import annotations

import argparse
import itertools
import logging
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from streamlit.testing.v1 import AppTest  # noqa: E402

from tradetarget.scenario import GROWTH_RANGE, GROWTH_STEP  # noqa: E402

# AppTest's main thread touches streamlit outside a script run; the warning it logs for that is noise here (a
# filter, because streamlit resets its loggers' levels)
logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").addFilter(
    lambda record: "missing ScriptRunContext" not in record.getMessage())

OVERVIEW = "dashboard.py"
TARGETS = {OVERVIEW: 3.0}
DEFAULT_TARGET = 5.0
VALUES = (10.0, 12.5)
# every step of the slider but the two warm values; shared by all pages, which share cached core calls, so
# no value is ever used twice (the floor caches nothing: it cycles through the steps of its own slider)
FRESH = iter(v for i in range(round((GROWTH_RANGE[1] - GROWTH_RANGE[0]) / GROWTH_STEP) + 1)
             if (v := GROWTH_RANGE[0] + i * GROWTH_STEP) not in VALUES)
FLOOR_VALUES = [v / 2 for v in range(-40, 121) if v / 2 not in VALUES]

BARE = '''\
import plotly.graph_objects as go
import streamlit as st

growth = st.sidebar.slider("Growth, % a year", -20.0, 60.0, 24.0, 0.5, key="growth")
years = list(range(2022, 2041))
st.plotly_chart(go.Figure(go.Scatter(x=years, y=[31.2 * (1 + growth / 100) ** (y - 2022) for y in years])),
                key="chart")
'''


ELEMENTS = {  # what one element of each kind costs an AppTest rerun: 20 of them, minus the same script without
    "metric": 'st.metric(f"m{i}", f"{g + i:.1f}")',
    "markdown": 'st.markdown(f"**m{i}** {g}")',
    "columns(4)": "st.columns(4)",
    "download_button": 'st.download_button("d", data=lambda: b"x", key=f"d{i}", on_click="ignore")',
    "table (3x2)": 'st.table(pd.DataFrame({"a": ["x", "y", "z"], "b": ["1", "2", "3"]}))',
}
ELEMENT_SCRIPT = """\
import pandas as pd
import streamlit as st

g = st.sidebar.slider("g", 0.0, 50.0, 24.0, 0.5, key="growth")
for i in range({count}):
    {line}
"""


def element_costs(folder: Path, runs: int) -> list[tuple[str, float]]:
    """Median rerun ms per element: a script with 20 elements of a kind against the same script with none."""
    def median_ms(line: str, count: int) -> float:
        script = folder / "elements.py"
        script.write_text(ELEMENT_SCRIPT.format(count=count, line=line))
        at = opened(script)
        return statistics.median(rerun_ms(at, VALUES[i % 2], script) for i in range(runs))

    return [(kind, (median_ms(line, 20) - median_ms("pass", 0)) / 20) for kind, line in ELEMENTS.items()]


def pages() -> list[str]:
    return [OVERVIEW, *sorted(str(p.relative_to(ROOT)) for p in (ROOT / "pages").glob("*.py"))]


def opened(script: Path, lang: str | None = None) -> AppTest:
    """``script`` in AppTest (in ``lang``, given as the address's ``lang``), run once and with both judged
    slider values, so its caches are warm."""
    at = AppTest.from_file(str(script), default_timeout=60)
    if lang:
        at.query_params["lang"] = lang
    at.run()
    for value in VALUES:
        rerun_ms(at, value, script)
    return at


def rerun_ms(at: AppTest, value: float, script: Path) -> float:
    """Move the growth slider to ``value`` and time the rerun; an exception on the page stops the bench."""
    at.slider(key="growth").set_value(value)
    start = time.perf_counter()
    at.run()
    elapsed = (time.perf_counter() - start) * 1000
    if at.exception:
        raise RuntimeError(f"{script}: {[e.value for e in at.exception]}")
    return elapsed


def timed(at: AppTest, script: Path, runs: int, fresh: Iterator[float] | None,
          times: dict[str, list[float]]) -> None:
    """Add ``runs`` reruns alternating between the two warm values to ``times["warm"]`` and, unless ``fresh``
    is None, ``runs`` with values from ``fresh`` to ``times["fresh"]``."""
    for i in range(runs):
        times["warm"].append(rerun_ms(at, VALUES[i % 2], script))
        if fresh is None:
            continue
        value = next(fresh, None)
        if value is None:
            raise SystemExit("--runs is too large: the slider has no growth values left that no run has used")
        times["fresh"].append(rerun_ms(at, value, script))


def measure(page: Path, floor: AppTest, bare: Path, runs: int, rounds: int,
            lang: str | None = None) -> dict[str, float]:
    """Medians of reruns of ``page`` and of the floor, in ``rounds`` alternating blocks of ``runs`` each.

    warm: between two values already cached (every round); fresh: a value no run has used (cache misses; first
    round only, as the slider has few values). Floor and page take turns block by block, so a change in the
    machine's load shows in both; blocks rather than single runs, so the page's garbage is not collected on
    the floor's clock.
    """
    base: dict[str, list[float]] = {"warm": [], "fresh": []}
    mine: dict[str, list[float]] = {"warm": [], "fresh": []}
    at = opened(page, lang)
    for round_ in range(rounds):
        first = round_ == 0
        timed(floor, bare, runs, itertools.cycle(FLOOR_VALUES) if first else None, base)  # the floor caches nothing
        timed(at, page, runs, FRESH if first else None, mine)
    return {"floor": statistics.median(base["warm"]), "floor fresh": statistics.median(base["fresh"]),
            "warm": statistics.median(mine["warm"]), "fresh": statistics.median(mine["fresh"])}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", nargs="*", metavar="PAGE", help="only these pages (default: all), e.g. dashboard.py")
    parser.add_argument("--runs", type=int, default=15, help="timed reruns per page and round (default 15)")
    parser.add_argument("--rounds", type=int, default=3,
                        help="rounds of floor-then-page blocks; the judged medians pool them (default 3)")
    parser.add_argument("--elements", action="store_true", help="also: the rerun cost of one element of each kind")
    parser.add_argument("--lang", choices=["en", "ru", "kk", "zh"], default=None,
                        help="open the pages in this language (lang= in the address; the floor has no text)")
    args = parser.parse_args(argv)

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        bare = Path(tmp) / "bare.py"
        bare.write_text(BARE)
        floor = opened(bare)
        unknown = set(args.pages) - set(pages())
        if unknown:
            parser.error(f"no such page: {', '.join(sorted(unknown))} (pages: {', '.join(pages())})")
        for page in args.pages or pages():
            m = measure(ROOT / page, floor, bare, args.runs, args.rounds, args.lang)
            target = TARGETS.get(page, DEFAULT_TARGET)
            ratio = m["warm"] / m["floor"]
            rows.append((page, m, ratio, target, "PASS" if ratio <= target else "FAIL"))
        costs = element_costs(Path(tmp), args.runs) if args.elements else []

    print(f"Language: {args.lang or 'default (en)'}.")
    print(f"AppTest rerun after a growth-slider change, median of {args.rounds} x {args.runs} runs per page; floor: "
          "one slider + one plotly chart, measured in this process in blocks taking turns with the page's.")
    print("Judged: a value seen before (warm caches). Shown too: a value never used before (cache misses).")
    print(f"{'page':38s} {'median ms':>9s} {'floor ms':>8s} {'ratio':>7s} {'target':>7s}  result  "
          f"{'new value ms':>12s} {'ratio':>7s}")
    for page, m, ratio, target, verdict in rows:
        print(f"{page:38s} {m['warm']:9.1f} {m['floor']:8.1f} {ratio:6.2f}x {target:6.1f}x  {verdict:6s}  "
              f"{m['fresh']:12.1f} {m['fresh'] / m['floor fresh']:6.2f}x")
    failed = [r[0] for r in rows if r[4] == "FAIL"]  # judged on the warm median only
    print(f"{len(rows) - len(failed)}/{len(rows)} pages within target"
          + (f"; FAIL: {', '.join(failed)}" if failed else ""))
    if costs:
        print("Rerun cost of one element (20 in a script, minus the same script with none):")
        for kind, ms in costs:
            print(f"  {kind:16s} {ms:5.2f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
