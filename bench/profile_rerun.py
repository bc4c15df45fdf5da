"""Profile AppTest reruns of one page after growth-slider changes (pyinstrument, from the bench extra).

Run from the repository root:
``.venv/bin/python bench/profile_rerun.py [PAGE] [--fresh] [--runs N] [--cprofile N [--sort tottime]]``
(PAGE defaults to ``dashboard.py``). Prints pyinstrument's call tree of the timed reruns only (the top
functions by cumulative or own time, summed over the reruns, with ``--cprofile N``).
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

try:
    from pyinstrument import Profiler
except ImportError:
    sys.exit("bench/profile_rerun.py needs pyinstrument: .venv/bin/pip install -e '.[bench]'")
from streamlit.runtime.scriptrunner import script_runner  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402

VALUES = (10.0, 12.5)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("page", nargs="?", default="dashboard.py")
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--html", type=Path, help="also write an HTML report here")
    parser.add_argument("--cprofile", type=int, metavar="N", help="instead: cProfile, the top N functions "
                        "(library frames too), summed over the reruns")
    parser.add_argument("--sort", default="cumulative", choices=("cumulative", "tottime"),
                        help="order of the --cprofile list (tottime: time inside the function itself)")
    parser.add_argument("--fresh", action="store_true", help="a growth value never used before on every run "
                        "(cache misses) instead of two cached values")
    args = parser.parse_args(argv)
    at = AppTest.from_file(str(ROOT / args.page), default_timeout=60)
    at.run()
    for value in VALUES:
        at.slider(key="growth").set_value(value).run()
    # the script runs on a ScriptRunner thread: start and stop the profiler around each script execution
    # there (pyinstrument combines the sessions), so the tree shows the page's own work
    profiler = Profiler(interval=0.0005, async_mode="disabled")
    original = script_runner.exec_func_with_error_handling

    profiles: list[cProfile.Profile] = []

    def profiled(func, ctx):
        if args.cprofile:
            profiles.append(cProfile.Profile())
            profiles[-1].enable()
        else:
            profiler.start()
        try:
            return original(func, ctx)
        finally:
            if args.cprofile:
                profiles[-1].disable()
            else:
                profiler.stop()

    script_runner.exec_func_with_error_handling = profiled
    try:
        for i in range(args.runs):
            at.slider(key="growth").set_value(-20.0 + 0.5 * i if args.fresh else VALUES[i % 2]).run()
    finally:
        script_runner.exec_func_with_error_handling = original
    if args.cprofile:
        stats = pstats.Stats(*profiles)  # pstats prints seconds to 3 decimals: totals, not per-rerun figures
        print(f"cProfile totals over {args.runs} reruns (divide by {args.runs} for one rerun)")
        stats.sort_stats(args.sort).print_stats(args.cprofile)
    else:
        print(profiler.output_text(unicode=True, color=False, show_all=False))
    if args.html:
        args.html.write_text(profiler.output_html())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
