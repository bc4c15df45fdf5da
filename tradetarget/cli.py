"""Command line: ``python -m tradetarget project|export``.

Invalid input prints a one-line reason on stderr and exits with code 2.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from tradetarget import charts, export, model, outlook_charts, use_python_strings
from tradetarget import outlook as risk_model
from tradetarget.data import SOURCES, DataError, Dataset, load_dataset
from tradetarget.scenario import Outlook, View, build


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, exit 2
        self.exit(2, f"{self.prog}: error: {message}\n")


def _scenario_flags(parser: argparse.ArgumentParser, single_source: bool) -> None:
    choices = [s.lower() for s in SOURCES]
    if single_source:
        parser.add_argument("--source", required=True, choices=choices, help="gacc (China customs) or bns")
    else:
        parser.add_argument("--source", choices=[*choices, "both"], default="both")
    parser.add_argument("--base-year", type=int, default=model.SEED_BASE_YEAR)
    parser.add_argument("--growth", type=float, default=model.SEED_GROWTH_PCT, help="percent a year")
    parser.add_argument("--target", type=float, default=40.0, help="USD bn")
    parser.add_argument("--deadline", type=int, default=model.DEFAULT_DEADLINE)


def make_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m tradetarget", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    project = sub.add_parser("project", help="project turnover toward a target")
    _scenario_flags(project, single_source=True)
    project.add_argument("--base-value", type=float, help="USD bn; default: the source's actual figure")
    project.add_argument("--horizon", type=int, help="last year of the path (default: deadline + 5)")
    project.add_argument("--no-deadline", action="store_true", help="no deadline: no required growth")
    project.add_argument("--format", choices=["table", "csv", "json"], default="table")
    exp = sub.add_parser("export", help="write every dashboard chart as a PNG")
    exp.add_argument("--out", type=Path, required=True, help="output directory")
    _scenario_flags(exp, single_source=False)
    return parser


def _result(dataset: Dataset, args: argparse.Namespace) -> dict:
    deadline = None if args.no_deadline else args.deadline
    horizon = args.horizon if args.horizon is not None else (deadline or args.base_year) + 5
    scenario = model.scenario_for(
        dataset, args.source.upper(), base_year=args.base_year, growth=args.growth,
        target_usd_bn=args.target, deadline=deadline, horizon=horizon, base_value=args.base_value,
    )
    reached = model.year_reached(scenario)
    required = model.required_growth_pct(scenario)
    path = model.project(scenario)
    path = path[path["year"] <= horizon]
    return {
        "source": scenario.source,
        "base_year": scenario.base_year,
        "base_value": scenario.base_value,
        "growth_pct": scenario.growth_pct,
        "target_usd_bn": scenario.target_usd_bn,
        "deadline": scenario.deadline,
        "year_reached": reached.year,
        "already_met": reached.status == "already_met",
        "required_growth_pct": None if required is None else round(required, 4),
        "path": [{"year": int(y), "value": round(float(v), 4)} for y, v in zip(path["year"], path["value_usd_bn"],
                                                                             strict=True)],
    }


def _print_project(result: dict, fmt: str) -> None:
    if fmt == "json":
        print(json.dumps(result, indent=2))
        return
    if fmt == "csv":
        print("year,value_usd_bn")
        for p in result["path"]:
            print(f"{p['year']},{p['value']}")
        return
    if result["already_met"]:
        when = f"already met in {result['base_year']}"
    elif result["year_reached"] is None:
        when = "never at this rate"
    else:
        when = f"reached in {result['year_reached']}"
    print(f"{result['source']}: ${result['base_value']:g}bn in {result['base_year']}, "
          f"{result['growth_pct']:+g}% a year, target ${result['target_usd_bn']:g}bn: {when}")
    if result["required_growth_pct"] is not None:
        print(f"growth required by {result['deadline']}: {result['required_growth_pct']:.2f}% a year")
    print(f"{'year':>6}  {'USD bn':>10}")
    for p in result["path"]:
        mark = "  ≥ target" if p["value"] >= result["target_usd_bn"] else ""
        print(f"{p['year']:>6}  {p['value']:>10.2f}{mark}")


def _export(dataset: Dataset, args: argparse.Namespace) -> list[Path]:
    target_ids = dataset.targets[dataset.targets["target_usd_bn"] == args.target]["id"]
    if target_ids.empty:
        known = ", ".join(f"{v:g}" for v in sorted(set(dataset.targets["target_usd_bn"])))
        raise ValueError(f"--target {args.target:g} is not in the pledge ledger (known: {known})")
    preferred = [t for t in target_ids if t == model.DEFAULT_TARGET_ID]
    sources = SOURCES if args.source == "both" else (args.source.upper(),)
    view = View(sources=sources, base_year=args.base_year, growth_pct=args.growth,
                target_id=preferred[0] if preferred else target_ids.iloc[-1], deadline=args.deadline)
    outlook: Outlook = build(dataset, view)
    if not outlook.scenarios:
        raise ValueError("; ".join(outlook.problems.values()))
    args.out.mkdir(parents=True, exist_ok=True)
    written = []
    try:
        risk = risk_model.risk(dataset, outlook, risk_model.ModelSettings())
        for chart in [*charts.all_charts(dataset, outlook), *outlook_charts.outlook_charts(dataset, outlook, risk)]:
            path = args.out / f"{chart.filename}.png"
            path.write_bytes(export.png_bytes(chart.figure, height=chart.export_height))
            written.append(path)
    finally:
        export.stop_browser()
    return written


def main(argv: list[str] | None = None) -> int:
    args = make_parser().parse_args(argv)
    use_python_strings()
    try:
        dataset = load_dataset()
        if args.command == "project":
            _print_project(_result(dataset, args), args.format)
        else:
            for path in _export(dataset, args):
                print(path)
    except (ValueError, DataError, export.ExportUnavailable, OSError) as exc:
        print(f"error: {str(exc).splitlines()[0]}", file=sys.stderr)
        return 2
    return 0
