"""Issue 20, items 2, 5, 6 and 7: the quotable headline (facts only), the scenario named as an assumption beside each
source's actual pace, each source's own data dates (never a day to come, never an ISO string), "Cite this view" with
its data version, and no required-growth metric without a deadline.

Expectations are worked out by hand or read straight from ``data/turnover.csv`` with the csv module (not through the
code under test), so a data upgrade (a weak link replaced) moves the expectation with the facts.
"""

import csv
import json
import re
import shutil
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT
from tradetarget import briefing, charts, citation, config, headline, published
from tradetarget.answer import PACE_YEARS, recent_pace
from tradetarget.cli import main
from tradetarget.data import DATA_DIR, DataError, data_version, load_dataset
from tradetarget.i18n import LANGS, messages
from tradetarget.published import Published
from tradetarget.scenario import View, build

TODAY = date(2026, 11, 29)
ISO = re.compile(r"\d{4}-\d{2}(-\d{2})?")
LINK = re.compile(r"(https?://|www\.)\S+")
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
FORM = re.compile(r"(~)?(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


# --- the facts, read from the CSV by hand ---------------------------------------------------------------------
def csv_rows(data_dir=DATA_DIR) -> list[dict]:
    with open(data_dir / "turnover.csv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def annual(source: str) -> dict[int, dict]:
    return {int(r["period"]): r for r in csv_rows() if r["source"] == source and re.fullmatch(r"\d{4}", r["period"])}


def when(text: str) -> tuple[date, bool] | None:
    """A ``published`` cell as (first day it covers, day-precise), read independently of tradetarget.published."""
    m = FORM.fullmatch(text.strip())
    if not m:
        return None
    _, year, month, day = m.groups()
    return date(int(year), int(month or 1), int(day or 1)), day is not None


def english_words(text: str) -> str:
    """A ``published`` cell in English words, as a reader should see it."""
    tilde, year, month, day = FORM.fullmatch(text.strip()).groups()
    words = f"{int(day)} {MONTHS[int(month) - 1]} {year}" if day else f"{MONTHS[int(month) - 1]} {year}" if month \
        else year
    return f"around {words}" if tilde else words


def newest_cell(cells, as_of: date) -> str:
    dated = [(when(c), c) for c in cells if when(c) is not None and when(c)[0] <= as_of]
    return max(dated)[1]


def test_the_hand_reading_of_dates():
    assert english_words("~2026-01") == "around January 2026" and english_words("2025-08-08") == "8 August 2025"
    assert english_words("2023") == "2023" and when("n.d.") is None
    assert newest_cell(["2025-08-08", "~2026-01", "2027-03-01", "n.d."], date(2026, 12, 5)) == "~2026-01"


def plain_text(html: str) -> str:
    """What a reader of the briefing page sees: no tags, no style sheet, no link addresses."""
    body = re.sub(r"<style>.*?</style>", " ", html, flags=re.S)
    return LINK.sub(" ", re.sub(r"<[^>]+>", " ", body))


def footers(dataset, outlook) -> str:
    return " ".join(a.text or "" for c in charts.all_charts(dataset, outlook) for a in c.figure.layout.annotations)


# --- item 2: the headline -----------------------------------------------------------------------------------------
def test_default_headline_by_hand(dataset):
    gacc, bns = annual("GACC"), annual("BNS")
    assert float(gacc[2022]["turnover_usd_bn"]) < 40 <= float(gacc[2023]["turnover_usd_bn"]) == 41.02, "met in 2023"
    assert max(bns) == 2024 and bns[2024]["turnover_usd_bn"] == "30.1" and bns[2024]["status"] == "provisional"
    assert all(float(r["turnover_usd_bn"]) < 40 for r in bns.values()), "BNS: never met"
    weak = ", weak source" if gacc[2023]["source_kind"] == "other" else ""  # only a weak page states it
    gacc_date = english_words(newest_cell([r["published"] for r in gacc.values()], TODAY))
    bns_date = english_words(newest_cell([r["published"] for r in bns.values()], TODAY))
    expected = (f"Target $40bn by 2030. China's customs: met in 2023 ($41.0bn{weak}). Kazakhstan's statistics: "
                f"not yet met; $30.1bn in 2024 (provisional). Data: GACC {gacc_date}, BNS {bns_date}.")
    view = build(dataset, View(as_of=TODAY))
    assert view.headline == expected
    if weak and gacc[2025]["published"] == "~2026-01" and bns[2024]["published"] == "2025-08-08":  # the data today
        assert view.headline == (
            "Target $40bn by 2030. China's customs: met in 2023 ($41.0bn, weak source). Kazakhstan's statistics: "
            "not yet met; $30.1bn in 2024 (provisional). Data: GACC around January 2026, BNS 8 August 2025.")
    assert len(view.headline.split()) <= 35


@pytest.mark.parametrize("sources", [("GACC", "BNS"), ("GACC",), ("BNS",)])
def test_headline_runs_to_at_most_35_words_for_every_pledge(dataset, sources):
    for target_id in dataset.targets["id"]:
        for growth, base in ((24.0, None), (-30.0, None), (60.0, 2022)):
            text = build(dataset, View(sources=sources, target_id=target_id, growth_pct=growth, base_year=base,
                                       as_of=TODAY)).headline
            assert len(text.split()) <= 35, (len(text.split()), text)
            assert text.count("Data:") == 1 and all(f"{s} " in text.split("Data:")[1] for s in sources)


@pytest.mark.parametrize("lang", LANGS)
def test_each_sentence_of_the_headline_ends_once(dataset, lang):
    """'100 млрд долл.' ends its own sentence: no second full stop after it (it read 'Цель: 100 млрд долл..')."""
    for target_id in dataset.targets["id"]:
        for sources in (("GACC", "BNS"), ("BNS",)):
            text = build(dataset, View(sources=sources, target_id=target_id, as_of=TODAY, lang=lang)).headline
            assert not re.search(r"\.\.|。。|。\.|\.。", text), text
            assert text.endswith("。" if lang == "zh" else "."), text


@settings(max_examples=60, deadline=None)
@given(growth=st.floats(-30, 60).map(lambda g: round(g * 2) / 2), base=st.sampled_from([None, 2018, 2022, 2023]),
       target=st.sampled_from(["40by2015", "40by2020", "35by2030", "40by2030", "100", "double"]),
       deadline=st.sampled_from([None, 2024, 2025, 2030, 2040]),
       sources=st.sampled_from([("GACC", "BNS"), ("GACC",), ("BNS",)]), lang=st.sampled_from(LANGS))
def test_headline_holds_facts_only(dataset, growth, base, target, deadline, sources, lang):
    """No scenario in the headline: it does not move with the growth rate or the starting year, and carries no
    projection word or rate; the scenario sentence does carry them."""
    kw = {"sources": sources, "target_id": target, "deadline": deadline, "as_of": TODAY, "lang": lang}
    view = build(dataset, View(growth_pct=growth, base_year=base, **kw))
    assert view.headline == build(dataset, View(growth_pct=24.0, **kw)).headline
    assert "%" not in view.headline and ".." not in view.headline and "。。" not in view.headline, view.headline
    if lang == "en":
        facts = view.headline.replace("(what-if deadline)", "")  # a deadline the user set is named as such
        assert not re.search(r"\b(would|if|If|projected|at this pace)\b", facts), view.headline
        assert "Actual pace over the last three years" in view.scenario_text


def test_the_issue_example_a_projection_is_never_quoted_as_our_answer(dataset, capsys):
    """Issue 20: the overview's one-sentence answer said 'at +24% a year ... it would be reached in 2026' as the
    dashboard's own forecast. Now only the box named as an assumption says 'would'; the quotable headline, the chart
    footers and the command line's headline do not."""
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60).run()
    assert not at.exception
    said = [(e.type, e.value if hasattr(e, "value") and isinstance(e.value, str) else getattr(e, "body", ""))
            for kind in ("markdown", "code", "caption", "info", "success", "warning", "subheader")
            for e in at.main.get(kind)]
    intro = messages("en")("pages.overview.intro")  # the prime minister's claim, attributed to him
    projecting = [(kind, text) for kind, text in said if "would" in str(text) and text != intro]
    assert projecting and all(kind == "info" and text.startswith("Assumption, not a forecast: If trade grew")
                              for kind, text in projecting), projecting
    view = build(dataset, View())
    overview = charts.chart_overview(dataset, view)
    assert "would" not in " ".join(a.text or "" for a in overview.figure.layout.annotations)
    assert main(["project", "--source", "BNS", "--format", "json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert "would" not in result["headline"] and "2026" not in result["headline"].split("Data:")[0]
    assert "would show $40bn in 2026" in result["scenario"]  # 30.1 * 1.24^2 = 46.3 (^1 = 37.3)


# --- item 2: the scenario and the actual pace ----------------------------------------------------------------
def test_scenario_names_the_assumption_beside_the_actual_pace(dataset):
    gacc = ((48.7 / 31.2) ** (1 / 3) - 1) * 100  # GACC 2022 -> 2025: 16.00%
    bns = ((30.1 / 18) ** (1 / 3) - 1) * 100  # BNS 2021 -> 2024: 18.69%
    assert (round(gacc, 1), round(bns, 1)) == (16.0, 18.7)
    view = build(dataset, View(as_of=TODAY))
    assert view.answers["GACC"].pace_pct == pytest.approx(gacc) and view.answers["GACC"].pace_span == (2022, 2025)
    assert view.answers["BNS"].pace_pct == pytest.approx(bns) and view.answers["BNS"].pace_span == (2021, 2024)
    assert view.scenario_text == (
        "If trade grew +24% a year (the pace the prime minister cited on 27 November 2023), Kazakhstan's statistics "
        "would show $40bn in 2026. "
        "Actual pace over the last three years: GACC +16.0% a year (2022–2025), BNS +18.7% a year (2021–2024).")
    chosen = build(dataset, View(as_of=TODAY, growth_pct=10.0)).scenario_text
    assert chosen.startswith("If trade grew +10% a year (an assumed pace), Kazakhstan's statistics would show "
                             "$40bn in 2027.")  # 30.1 * 1.1^3 = 40.06
    assert "prime minister" not in chosen
    assert build(dataset, View(as_of=TODAY, sources=("GACC",))).scenario_text == (
        "Actual pace over the last three years: GACC +16.0% a year (2022–2025)."), "met: nothing to project"


def test_a_gap_three_years_back_gives_no_pace(dataset, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    path = data / "turnover.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [line for line in lines if not line.startswith("GACC,2022,")]
    assert len(kept) == len(lines) - 1
    path.write_text("".join(kept), encoding="utf-8")
    gappy = load_dataset(data)
    view = build(gappy, View(as_of=TODAY))
    gacc = view.answers["GACC"]
    assert gacc.pace_pct is None and gacc.pace_span is None
    assert view.scenario_text.endswith(
        "Actual pace over the last three years: GACC: no 2022 figure, BNS +18.7% a year (2021–2024).")
    assert headline.dataset_pace(gappy, ("GACC", "BNS"), "en") == (
        "Actual pace over the last three years: GACC: no 2022 figure, BNS +18.7% a year (2021–2024).")


@settings(max_examples=200, deadline=None)
@given(years=st.dictionaries(st.integers(2005, 2025), st.floats(0.5, 500), min_size=1, max_size=21))
def test_recent_pace_bridges_no_gap(years):
    points = tuple((y, v, "reported") for y, v in sorted(years.items()))
    pct, span = recent_pace(points)
    last_year, last = points[-1][0], points[-1][1]
    first = years.get(last_year - PACE_YEARS)
    assert (pct is None) == (first is None) and (span is None) == (first is None)
    if first is not None:
        assert span == (last_year - PACE_YEARS, last_year)
        assert (1 + pct / 100) ** PACE_YEARS * first == pytest.approx(last, rel=1e-9, abs=1e-9)


def _pace_caption(at: AppTest):
    children = list(at.sidebar.children.values())
    radio = next(i for i, e in enumerate(children) if e.type == "radio" and e.key == "source")
    assert children[radio + 1].type == "caption", "right under the growth slider and the source it is for"
    return children[radio + 1].value


def test_the_sidebar_shows_the_actual_pace_beside_the_slider(dataset):
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60).run()
    assert _pace_caption(at) == headline.dataset_pace(dataset, ("GACC", "BNS"), "en") == (
        "Actual pace over the last three years: GACC +16.0% a year (2022–2025), BNS +18.7% a year (2021–2024).")
    at.query_params["source"] = "BNS"
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.query_params["source"] = "BNS"
    assert _pace_caption(at.run()) == "Actual pace over the last three years: BNS +18.7% a year (2021–2024).", \
        "a one-source view gives only its source's pace"


# --- item 5: dates --------------------------------------------------------------------------------------------------
def test_a_bns_view_carries_only_bns_dates(dataset):
    gacc_month = english_words(newest_cell([r["published"] for r in annual("GACC").values()], TODAY))
    assert gacc_month == "around January 2026"
    view = build(dataset, View(sources=("BNS",), as_of=TODAY))
    assert view.headline.endswith("Data: BNS 8 August 2025.")
    cited = citation.cite(dataset, view, "https://example.org/?source=BNS", TODAY)
    html = briefing.briefing_html(dataset, view, charts.chart_overview(dataset, view), b"<svg/>", day=TODAY)
    texts = {"headline": view.headline, "footers": footers(dataset, view), "briefing": plain_text(html),
             "citation": citation.plain(cited), "bibtex": citation.bibtex(cited)}
    for what, text in texts.items():
        assert "January 2026" not in text, what
        if what != "footers":  # the gap chart compares BNS with GACC by design; its dates line names BNS only
            assert "GACC" not in text, what
    dated = re.findall(r"Latest source page: [^<]*?\.(?= |<|$)", texts["footers"])
    assert dated and set(dated) == {"Latest source page: BNS 8 August 2025."}, dated
    bns_newest = newest_cell([r["published"] for r in csv_rows() if r["source"] == "BNS"], TODAY)
    assert f"newest figure published {english_words(bns_newest)})" in texts["citation"]
    assert "Latest source pages: BNS 8 August 2025." in texts["briefing"]


def test_publication_dates_parse_and_never_come_from_the_future():
    assert published.parse("~2024-01") == Published(date(2024, 1, 1), "month", True)
    assert published.parse("2025-08-08") == Published(date(2025, 8, 8), "day", False)
    assert published.parse("2023") == Published(date(2023, 1, 1), "year", False)
    for junk in ("n.d.", "", None, "2024-13", "2024-02-30", "Jan 2024"):
        assert published.parse(junk) is None, junk
    cells = ["2025-08-08", "~2026-01", "2027-03-01", "n.d."]
    assert published.newest(cells, date(2026, 12, 5)) == Published(date(2026, 1, 1), "month", True)
    assert published.newest(cells).day == date(2027, 3, 1)
    assert published.newest(cells, date(2025, 8, 7)) is None and published.newest(["n.d."]) is None
    assert published.newest(["2026-01-01", "2026-01"]).precision == "day", "the more precise of the same day"


def _with_future_bns_date(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    path = data / "turnover.csv"
    text = path.read_text(encoding="utf-8")
    line = next(x for x in text.splitlines() if x.startswith("BNS,2024,"))
    cell = annual("BNS")[2024]["published"]
    path.write_text(text.replace(line, line.replace(f",{cell},", ",2027-03-01,")), encoding="utf-8")
    return data


def test_a_future_publication_date_is_refused_or_never_shown_as_data_as_of(tmp_path):
    data = _with_future_bns_date(tmp_path)
    with pytest.raises(DataError, match="cannot be in the future"):
        load_dataset(data, today=date(2026, 12, 5))
    later = load_dataset(data, today=date(2027, 6, 1))  # the same files read later: the row is no longer future
    as_of = date(2026, 12, 5)
    view = build(later, View(as_of=as_of))
    assert all(p.day <= as_of for p in later.data_dates(("GACC", "BNS"), as_of).values())
    expected_bns = newest_cell([r["published"] for r in annual("BNS").values() if r["period"] != "2024"], as_of)
    assert view.headline.endswith(f"BNS {english_words(expected_bns)}.")
    html = plain_text(briefing.briefing_html(later, view, charts.chart_overview(later, view), b"<svg/>", day=as_of))
    stated = [re.search(r"Data: [^.]*\d{4}\.", view.headline).group(),
              re.search(r"Latest source pages: [^.]*\d{4}\.", html).group(),
              *re.findall(r"Latest source page: [^.<]*\d{4}\.", footers(later, view)),
              citation.plain(citation.cite(later, view, None, as_of)).split("newest figure published ")[1]]
    for text in stated:
        assert "2027" not in text and "March" not in text, text


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("sources", [("GACC", "BNS"), ("BNS",)])
def test_no_iso_date_in_what_a_reader_sees(dataset, lang, sources):
    view = build(dataset, View(sources=sources, as_of=TODAY, lang=lang))
    html = briefing.briefing_html(dataset, view, charts.chart_overview(dataset, view), b"<svg/>", day=TODAY)
    cited = citation.cite(dataset, view, "https://example.org/?lang=" + lang, TODAY)
    texts = {"headline": view.headline, "scenario": view.scenario_text,
             "footers": LINK.sub(" ", footers(dataset, view)), "briefing": plain_text(html),
             "citation": LINK.sub(" ", citation.plain(cited)),
             **{f"freshness {s}": a.freshness() for s, a in view.answers.items()}}
    for what, text in texts.items():
        assert not ISO.search(text), (what, ISO.search(text), text)


# --- item 6: the citation ---------------------------------------------------------------------------------------
def test_the_data_version_is_a_stable_digest_of_the_files(dataset, tmp_path):
    assert re.fullmatch(r"[0-9a-f]{8}", dataset.version)
    assert load_dataset().version == dataset.version == data_version(DATA_DIR), "stable across loads"
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    assert data_version(data) == dataset.version, "the bytes, not the place"
    path = data / "turnover.csv"
    raw = path.read_bytes()
    path.write_bytes(raw.replace(b"41.02", b"41.03", 1))  # one figure, one byte
    assert load_dataset(data).version != dataset.version
    path.write_bytes(raw)
    assert data_version(data) == dataset.version
    (data / "milestones.csv").write_bytes((data / "milestones.csv").read_bytes() + b"\n")
    assert data_version(data) != dataset.version, "every data file counts"


def test_plain_citation_names_everything(dataset, monkeypatch):
    monkeypatch.delenv(config.PUBLISHER_URL_ENV, raising=False)
    view = build(dataset, View(as_of=TODAY))
    url = "https://example.org/?growth=24"
    day = date(2026, 12, 1)
    note = citation.weak_note(dataset, view)
    text = citation.plain(citation.cite(dataset, view, url, day, notes=(note,) if note else ()))
    newest = newest_cell([r["published"] for r in csv_rows()], day)
    assert text.splitlines()[0] == view.headline, "the headline leads"
    for part in ("China–Kazakhstan trade: the target tracker (https://example.org/)", url,
                 f"Data version {dataset.version} (newest figure published {english_words(newest)})",
                 "Accessed 1 December 2026."):
        assert part in text, part
    weak = [r for r in csv_rows() if re.fullmatch(r"\d{4}", r["period"]) and r["source_kind"] == "other"]
    assert ("Weak sources" in text) == bool(weak) and (note is None) == (not weak)
    for row in weak:
        assert f"{row['source']} {row['period']}" in note, row


def _fields(entry: str) -> dict[str, str]:
    return dict(re.findall(r"^  (\w+) = \{(.*)\},?$", entry, flags=re.M))


def _balanced(text: str) -> bool:
    depth = 0
    for i, ch in enumerate(text):
        if ch in "{}" and (i == 0 or text[i - 1] != "\\"):
            depth += 1 if ch == "{" else -1
            if depth < 0:
                return False
    return depth == 0


@pytest.mark.parametrize("lang", LANGS)
def test_bibtex_is_one_entry_with_escaped_text(dataset, lang, monkeypatch):
    monkeypatch.delenv(config.PUBLISHER_URL_ENV, raising=False)
    view = build(dataset, View(as_of=TODAY, lang=lang, target_id="100", growth_pct=12.5))
    day = date(2026, 12, 1)
    entry = citation.bibtex(citation.cite(dataset, view, "https://example.org/?growth=12.5&target=100", day))
    assert re.match(r"@misc\{[\w-]+,\n", entry) and entry.endswith("\n}") and entry.count("@") == 1
    assert _balanced(entry)
    fields = _fields(entry)
    assert set(fields) >= {"author", "title", "year", "url", "urldate", "note"}
    assert fields["urldate"] == "2026-12-01" and fields["year"] == "2026"
    assert fields["url"] == "https://example.org/?growth=12.5&target=100"
    for name in ("author", "title", "note"):
        assert not re.search(r"(?<!\\)[$%&#_]", fields[name]), (name, fields[name])
    if lang == "en":
        assert r"+12.5\%" in fields["title"] and r"\$100bn" in fields["title"]
    assert dataset.version in fields["note"] and dataset.version in entry.split(",")[0]


def test_the_publisher_address_comes_from_one_setting(dataset, monkeypatch):
    view = build(dataset, View(as_of=TODAY))
    monkeypatch.setenv(config.PUBLISHER_URL_ENV, "https://trade.example.org/")
    cited = citation.cite(dataset, view, "http://localhost:8501/?growth=24", TODAY)
    assert cited.publisher_url == "https://trade.example.org/"
    assert "the target tracker (https://trade.example.org/)." in citation.plain(cited)
    monkeypatch.delenv(config.PUBLISHER_URL_ENV)
    assert citation.cite(dataset, view, "http://localhost:8501/?growth=24", TODAY).publisher_url == (
        "http://localhost:8501/"), "without the setting: the address the page was opened at"


# --- the overview: headline first, the assumption, item 7, and the command line agreeing -----------------------
def _overview(**query) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_the_overview_leads_with_the_headline_in_a_code_block(dataset):
    at = _overview()
    view = build(dataset, View())
    kinds = [(e.type, getattr(e, "value", None)) for e in at.main.children.values()][:4]
    assert [k for k, _ in kinds] == ["title", "caption", "markdown", "code"], kinds
    assert kinds[2][1] == "**The answer in brief (facts only)**" and kinds[3][1] == view.headline
    assert at.main.code[0].language in (None, "", "plaintext"), "a plain block: st.code gives it the copy button"
    assert [i.body for i in at.info if i.body.startswith("Assumption, not a forecast: ")] == [
        f"Assumption, not a forecast: {view.scenario_text}"]


def test_no_deadline_no_required_growth_metric(dataset):
    for query in ({"target": "$100bn, no deadline (set 2024)"},
                  {"target": "$100bn, no deadline (set 2024)", "source": "BNS"}):
        at = _overview(**query)
        labels = [m.label for m in at.main.get("metric")]
        assert not any("required" in label for label in labels), labels
        assert "BNS: deadline" in labels and "BNS: $100bn reached" in labels
    labels = [m.label for m in _overview().main.get("metric")]
    assert "BNS: growth required by 2030" in labels, "with a deadline the metric is there"


@pytest.mark.parametrize("source", ["BNS", "GACC"])
def test_the_overview_and_the_command_line_quote_the_same_headline(source, capsys):
    at = _overview(source=source)
    assert main(["project", "--source", source, "--format", "json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert at.main.code[0].value == result["headline"]
    other = "GACC" if source == "BNS" else "BNS"
    assert other not in result["headline"] and f"Data: {source} " in result["headline"]


# --- in a real browser: the texts read as written (a "$…$" pair must not turn into maths) ------------------------
@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = context.new_page()
    pg.set_default_timeout(60_000)
    yield pg
    context.close()


def _settle(pg) -> None:
    from tests.browser_support import IDLE

    pg.wait_for_timeout(300)
    pg.wait_for_selector(IDLE)
    pg.get_by_test_id("stMain").get_by_test_id("stAlert").first.wait_for()
    pg.wait_for_selector(IDLE)
    assert pg.get_by_test_id("stException").count() == 0


@pytest.mark.browser
def test_headline_and_scenario_read_as_written_in_the_browser(server, page, dataset):
    """Several dollar amounts in one box (the Pledges page's headline; two projections of $100bn) read as text."""
    query = "target=%24100bn%2C+no+deadline+%28set+2024%29&growth=10"
    view = build(dataset, View(target_id="100", growth_pct=10.0))
    assert view.scenario_text.count("$") >= 2 and view.headline.count("$") >= 3
    page.goto(f"{server}/?{query}")
    _settle(page)
    main_area = page.get_by_test_id("stMain")
    assert main_area.get_by_test_id("stCode").first.locator("code").inner_text().strip() == view.headline
    box = main_area.get_by_test_id("stAlert").filter(has_text="Assumption, not a forecast")
    assert box.get_by_test_id("stMarkdownContainer").inner_text().strip() == (
        f"Assumption, not a forecast: {view.scenario_text}")
    assert box.locator(".katex").count() == 0, "no dollar pair set as maths"
    page.goto(f"{server}/Pledges_and_claims?{query}")
    _settle(page)
    shown = page.get_by_test_id("stMain").get_by_test_id("stAlert").first
    assert shown.get_by_test_id("stMarkdownContainer").inner_text().strip() == view.headline
    assert shown.locator(".katex").count() == 0


def test_a_weak_latest_figure_is_flagged_after_its_year(dataset):
    """'$48.7bn in 2025 (weak source)', not '$48.7bn, weak source in 2025': the flag follows the year."""
    text = build(dataset, View(target_id="100", as_of=TODAY)).headline
    assert "$48.7bn in 2025 (weak source)" in text and "weak source in" not in text
    ru = build(dataset, View(target_id="100", as_of=TODAY, lang="ru")).headline.replace("\u00a0", " ")
    assert "48,7 млрд долл. за 2025 год (слабый источник)" in ru
