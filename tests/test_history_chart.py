"""The chart "How the answer changed" and the Data page's "What changed, and when" (issue 22, items 3 and 4)."""

from __future__ import annotations

from datetime import date

import pytest

from tests.test_app import open_page
from tradetarget import history
from tradetarget.data import load_dataset
from tradetarget.history_charts import chart_history
from tradetarget.scenario import View, build

TODAY = date(2026, 12, 5)


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setenv("TRADETARGET_TODAY", TODAY.isoformat())


def test_timeline_marks_when_gaccs_40bn_was_first_known_met():
    dataset = load_dataset(today=TODAY)
    frame = history.timeline(dataset, "40by2030", TODAY)
    assert history.first_known_met(frame, "GACC") == date(2024, 7, 1)  # GACC 2023 ($41.02bn), published ~2024-07
    assert history.first_known_met(frame, "BNS") is None
    bns = frame[frame["source"] == "BNS"].set_index("day")
    assert bns.loc[date(2023, 10, 17), "shortfall"] == pytest.approx(40 - 24.1)   # BNS 2022 out
    assert bns.loc[date(2024, 4, 1), "shortfall"] == pytest.approx(40 - 31.4)     # BNS 2023 out
    assert bns.loc[date(2025, 8, 8), "shortfall"] == pytest.approx(40 - 30.1)     # BNS 2024 (provisional)


@pytest.mark.parametrize("lang, first_met", [("en", "GACC: first known met, around July 2024"),
                                             ("zh", "海关总署：首次得知已实现，约2024年7月")])
def test_history_chart_steps_per_publication_and_names_the_first_met_day(lang, first_met):
    dataset = load_dataset(today=TODAY)
    chart = chart_history(dataset, build(dataset, View(lang=lang, as_of=TODAY)))
    traces = {trace.name.split("（")[0].split(" (")[0]: trace for trace in chart.figure.data}
    assert all(trace.line.shape == "hv" for trace in chart.figure.data) and len(traces) == 2
    texts = [a.text for a in chart.figure.layout.annotations if a.showarrow]
    assert next(a.name for a in chart.figure.layout.annotations if a.showarrow).startswith("compact:")
    assert texts == [first_met]
    scale = 10 if lang == "zh" else 1
    bns = next(trace for trace in chart.figure.data if "BNS" in trace.name)
    assert bns.y[-1] == pytest.approx(9.9 * scale)
    assert set(chart.data["source"]) == {"GACC", "BNS"} and chart.data["shortfall_usd_bn"].max() == pytest.approx(22.0)


def test_a_past_view_chart_stops_on_its_day():
    dataset = load_dataset(today=TODAY)
    then = dataset.as_of(date(2023, 11, 27))
    chart = chart_history(then, build(then, View(as_of=date(2023, 11, 27))))
    assert max(chart.data["day"]) <= "2023-11-27"
    assert not [a for a in chart.figure.layout.annotations if a.showarrow]


def test_data_page_lists_what_changed_newest_first():
    at = open_page("pages/3_Data_and_sources.py", lang="en")
    subheaders = [h.value for h in at.subheader]
    assert "What changed, and when" in subheaders
    items = [m.value for m in at.markdown if m.value.startswith("- GACC 2025 $48.7bn")]
    assert items, "the newest change leads the list"
    assert "BNS 2024 $30.1bn (published 8 August 2025): $40bn by 2030 still not met, shortfall $8.6bn → $9.9bn" \
        in items[0]
