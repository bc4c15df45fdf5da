"""The past view (issue 22, item 4): ``?as_of=`` on the pages and ``--as-of`` on the command line, one answer."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.test_app import open_page, pace
from tradetarget import history, published
from tradetarget.cli import main
from tradetarget.data import load_dataset

NOV_27 = "2023-11-27"
TODAY = date(2026, 12, 5)


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setenv("TRADETARGET_TODAY", TODAY.isoformat())


def _banner(at) -> list[str]:
    return [i.body for i in at.info if i.body.startswith(("Past view", "Прошлый вид"))]


def test_overview_on_27_november_2023_knows_no_gacc_2023_figure():
    at = open_page("dashboard.py", as_of=NOV_27)
    assert _banner(at) and "27 November 2023" in _banner(at)[0]
    assert "approximate or month date" in _banner(at)[0]
    headline = at.code[0].value
    assert "China's customs: not yet met; $31.2bn in 2022" in headline
    assert "$41.0bn" not in headline and "met in 2023" not in headline
    assert "Kazakhstan's statistics: not yet met; $24.1bn in 2022" in headline
    assert pace(at) == {"GACC: $40bn reached": "2024", "BNS: $40bn reached": "2025"}
    assert at.query_params["as_of"] == [NOV_27] or at.query_params["as_of"] == NOV_27


def test_the_overview_and_the_command_line_give_the_same_past_answer(capsys):
    at = open_page("dashboard.py", as_of=NOV_27)
    assert main(["project", "--source", "gacc", "--as-of", NOV_27, "--format", "json"]) == 0
    gacc = json.loads(capsys.readouterr().out)
    assert gacc["past_view"] and gacc["as_of"] == NOV_27
    assert gacc["actual_status"] == "not_yet" and gacc["latest_year"] == 2022 and gacc["latest_value"] == 31.2
    clause = "China's customs: not yet met; $31.2bn in 2022 (weak source)."
    assert clause in gacc["headline"] and clause in at.code[0].value
    assert str(gacc["year_reached"]) == pace(at)["GACC: $40bn reached"]


@pytest.mark.parametrize("value", ["abc", "2099-01-01", "2001-01-01", "2023-13-40"])
def test_a_junk_or_impossible_as_of_gets_a_note_and_todays_view(value):
    at = open_page("dashboard.py", as_of=value)
    notes = [w.body for w in at.warning if "as_of" in w.body]
    assert notes and "was not used" in notes[0] and "YYYY-MM-DD" in notes[0]
    assert not _banner(at)
    assert "met in 2023 ($41.0bn" in at.code[0].value


def test_back_to_today_leaves_the_past_view():
    at = open_page("dashboard.py", as_of=NOV_27)
    at.button(key="as-of-today").click().run()
    assert not at.exception and not _banner(at)
    assert "met in 2023 ($41.0bn" in at.code[0].value


def test_latest_and_briefing_take_as_of(capsys, tmp_path):
    assert main(["latest", "--as-of", NOV_27, "--format", "json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["as_of"] == NOV_27
    for item in result["sources"]:
        assert all(published.parse(v).day <= date(2023, 11, 27)
                   for k, v in _walk(item) if k == "published" and published.parse(v) is not None)
    assert main(["project", "--source", "gacc", "--as-of", "2099-01-01"]) == 2
    assert "after today" in capsys.readouterr().err


def _walk(item, key=None):
    if isinstance(item, dict):
        for k, v in item.items():
            yield from _walk(v, k)
    elif isinstance(item, list):
        for v in item:
            yield from _walk(v, key)
    else:
        yield key, item


DATASET = load_dataset(today=TODAY)
FIRST = DATASET.earliest_view()


@settings(max_examples=60, deadline=None)
@given(st.integers(0, (TODAY - FIRST).days))
def test_an_as_of_answer_uses_no_figure_published_after_its_day(offset):
    day = FIRST + timedelta(days=offset)
    then = DATASET.as_of(day)
    assert all(published.parse(p) is not None and published.parse(p).day <= day for p in then.turnover["published"])
    assert all(d.day <= day for d in then.data_dates(as_of=day).values())
    for f in history.facts(then, day).values():
        row = then.annual(f.source)
        latest = row[row["year"] == f.latest_year]
        assert published.parse(latest["published"].iloc[0]).day <= day
    # what was known then is every annual figure of the full data published by then, revisions included
    history_ = DATASET.history[DATASET.history["annual"]]
    known = {(s, y) for s, y, p in zip(history_["source"], history_["year"], history_["published"], strict=True)
             if published.parse(p) is not None and published.parse(p).day <= day}
    assert set(zip(then.annual()["source"], then.annual()["year"], strict=True)) == known


def test_the_briefing_of_a_past_view_says_so_under_its_headline():
    from tradetarget import briefing, charts
    from tradetarget.scenario import View, build

    then = DATASET.as_of(date(2023, 11, 27))
    for view, expected in ((View(as_of=date(2023, 11, 27), lang="ru"), True), (View(as_of=TODAY, lang="ru"), False)):
        data = then if expected else DATASET
        outlook = build(data, view)
        html = briefing.briefing_html(data, outlook, charts.chart_overview(data, outlook), b"<svg/>")
        assert ("Прошлый вид: что было известно на 27 ноября 2023" in html) is expected
