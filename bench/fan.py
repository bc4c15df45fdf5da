"""Time the Monte Carlo fan (simulate + percentiles + probability) against a plain numpy baseline.

Run from the repository root: ``.venv/bin/python bench/fan.py``. Goal: under 50 ms for
10,000 paths x 30 years. Both timings are medians of several runs after a warm-up, in the
same process, so the ratio is comparable across machines.
"""

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np

from tradetarget import uncertainty as u

PATHS, YEARS, RUNS, GOAL_MS = 10_000, 30, 15, 50.0
HISTORY = np.array([23.6, 31.5, 6.8, 11.1])


def median_ms(fn, runs: int = RUNS) -> float:
    fn()  # warm-up
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def baseline() -> None:
    rng = np.random.default_rng(0)
    growth = 1.05 + 0.1 * rng.standard_normal((PATHS, YEARS))
    np.percentile(np.cumprod(growth, axis=1), u.PERCENTILES, axis=0)


def main() -> None:
    for method in u.METHODS:
        spec = u.FanSpec("GACC", 2022, 31.2, 5.0, 40.0, 2022 + YEARS, paths=PATHS, method=method)

        def run(spec=spec) -> None:
            values = u.simulate(spec, HISTORY)
            u.percentiles(spec, values)
            u.reach_probability(spec, values)

        base, ours = median_ms(baseline), median_ms(run)
        verdict = "meets" if ours < GOAL_MS else "MISSES"
        print(f"{method:9s} {PATHS:,} paths x {YEARS} years: {ours:6.1f} ms "
              f"(baseline {base:5.1f} ms, ratio {ours / base:4.2f}x) -> {verdict} the < {GOAL_MS:g} ms goal")


if __name__ == "__main__":
    main()
