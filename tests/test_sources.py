"""Sources graded and upgraded: every row of data/ says what kind of page it cites, no row cites a known copy or
repost site unless it is marked weak (``other``), and a weak figure says "weak source" wherever it is cited: the
observations table and its CSV, the chart hover, the PDF briefing's sources list (grouped by kind, official first)
and the list a citation names (:func:`tradetarget.sources.weak_figures`)."""

import csv
import io
import re
import shutil
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import ROOT
from tradetarget import briefing, charts, export, sources
from tradetarget.data import DATA_DIR, DataError, load_dataset
from tradetarget.i18n import LANGS, messages
from tradetarget.scenario import View, build
from tradetarget.upload import parse_upload
from ui import tables

KINDS = ("official", "state_media", "press", "other")
COPY_SITES = (
    "666dongdong.cn", "msthinker.com", "tgoop.com", "silkroad2021.org", "urdupoint.com", "uaindex.net", "menafn.com",
    "cmio.org", "zawya.com", "incomein.biz", "qazmonitor.com", "newscentralasia.net", "caspianpost.com",
    "qazaqtimes.com", "cacianalyst.org", "traveldailymedia.com", "nh-logistics.com", "exbulletin.com",
    "einpresswire.com", "lapost.us", "greenpost.se", "ghroona.com", "handmsg.com", "financeinsider.top",
)
"""Blogs, aggregators, reposts and copies seen among the stored pages (research/source-upgrades.md, class 4)."""
DAY = date(2026, 11, 29)


def rows(name: str) -> list[dict]:
    """Every row of a shipped data file, read with the csv module alone (not through the loader under test)."""
    return list(csv.DictReader(io.StringIO((DATA_DIR / name).read_text(encoding="utf-8"), newline="")))


def host(url: str) -> str:
    return (urlsplit(url).hostname or "").rstrip(".").lower()


def on_copy_site(url: str) -> bool:
    return any(host(url) == site or host(url).endswith("." + site) for site in COPY_SITES)


DATA_FILES = sorted(p.name for p in DATA_DIR.glob("*.csv"))


def test_the_data_files_are_all_read():
    assert DATA_FILES == ["claims.csv", "milestones.csv", "targets.csv", "turnover.csv", "visitors.csv"]


@pytest.mark.parametrize("name", DATA_FILES)
def test_every_row_is_graded_and_links_are_web_addresses(name):
    for line, row in enumerate(rows(name), start=2):
        assert row["source_kind"] in KINDS, f"{name}, line {line}: source_kind {row['source_kind']!r}"
        assert urlsplit(row["url"]).scheme in ("http", "https") and host(row["url"]), f"{name}, line {line}: url"
        second = row.get("url_secondary", "")
        assert second == "" or urlsplit(second).scheme in ("http", "https"), f"{name}, line {line}: url_secondary"
        assert second != row["url"], f"{name}, line {line}: the further link repeats the main one"


@pytest.mark.parametrize("name", DATA_FILES)
def test_no_row_cites_a_copy_site_unless_marked_weak(name):
    wrong = [(line, row["url"]) for line, row in enumerate(rows(name), start=2)
             if on_copy_site(row["url"]) and row["source_kind"] != "other"]
    assert not wrong, f"{name}: a copy or repost site graded above 'other': {wrong}"


def test_the_examples_of_the_issue():
    turnover = {(r["source"], r["period"]): r for r in rows("turnover.csv")}
    # The GACC 2023 figure (410.2亿美元) is found only on a games site copying People's Daily: it stays, marked weak.
    assert "666dongdong.cn" in turnover["GACC", "2023"]["url"] and turnover["GACC", "2023"]["source_kind"] == "other"
    assert turnover["GACC", "2018"]["source_kind"] == "other", "a blog"
    assert turnover["GACC", "2022-01..2022-11"]["source_kind"] == "other", "a Telegram repost"
    # The $40bn-by-2030 target no longer rests on an aggregator: Kazinform (citing Akorda) states it.
    target = {r["id"]: r for r in rows("targets.csv")}["40by2030"]
    assert not on_copy_site(target["url"]) and target["source_kind"] == "state_media"
    assert "urdupoint.com" in target["url_secondary"], "the old page kept for the quote's English wording"
    # GACC 2021: Xinhua states the total; the split and the growth rate stay on the old page, kept as further link.
    gacc_2021 = turnover["GACC", "2021"]
    assert host(gacc_2021["url"]) == "news.cn" and gacc_2021["source_kind"] == "state_media"
    assert "silkroad2021.org" in gacc_2021["url_secondary"] and "secondary" in gacc_2021["note"]


def test_no_number_changed_in_the_upgrade():
    """The figures the research file lists are still the figures in the data (upgrades change links, not numbers)."""
    turnover = {(r["source"], r["period"]): r["turnover_usd_bn"] for r in rows("turnover.csv")}
    assert turnover["GACC", "2023"] == "41.02" and turnover["GACC", "2021"] == "25.25"
    assert turnover["GACC", "2024"] == "43.82" and turnover["BNS", "2018"] == "12"
    assert turnover["BNS", "2022-01..2022-10"] == "19.7" and turnover["BNS", "2023-01..2023-06"] == "13.6"


def _copy_data(tmp_path: Path) -> Path:
    for name in DATA_FILES:
        shutil.copy(DATA_DIR / name, tmp_path / name)
    return tmp_path


def _rewrite(path: Path, column: str, value: str | None, line: int = 2) -> None:
    """Set ``column`` of data line ``line`` to ``value``; ``value`` None drops the column from the file."""
    data = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    i = data[0].index(column)
    if value is None:
        data = [r[:i] + r[i + 1:] for r in data]
    else:
        data[line - 1][i] = value
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(data)
    path.write_text(buffer.getvalue(), encoding="utf-8")


def test_the_loader_rejects_a_bad_kind_with_a_clear_message(tmp_path):
    folder = _copy_data(tmp_path)
    _rewrite(folder / "turnover.csv", "source_kind", "blog", line=3)
    with pytest.raises(DataError) as error:
        load_dataset(folder)
    message = str(error.value)
    assert "turnover.csv, line 3, column 'source_kind'" in message and "'blog'" in message
    assert "official, state_media, press, other" in message, "the message names the allowed kinds"


@pytest.mark.parametrize("name", DATA_FILES)
def test_a_shipped_file_must_grade_its_rows(tmp_path, name):
    folder = _copy_data(tmp_path)
    _rewrite(folder / name, "source_kind", None)
    with pytest.raises(DataError, match=re.escape(name) + r": missing column.*source_kind"):
        load_dataset(folder)
    folder = _copy_data(tmp_path)
    _rewrite(folder / name, "source_kind", "")
    with pytest.raises(DataError, match=re.escape(f"{name}, line 2, column 'source_kind'")):
        load_dataset(folder)


def test_url_secondary_is_optional_but_checked(tmp_path):
    folder = _copy_data(tmp_path)
    _rewrite(folder / "milestones.csv", "url_secondary", None)
    assert (load_dataset(folder).milestones["url_secondary"] == "").all(), "a file may leave the column out"
    _rewrite(folder / "visitors.csv", "url_secondary", "see the ministry")
    with pytest.raises(DataError, match=re.escape("visitors.csv, line 2, column 'url_secondary'")):
        load_dataset(folder)


UPLOAD = ("source,period,turnover_usd_bn,exports_kz_to_cn_usd_bn,imports_kz_from_cn_usd_bn,growth_pct_stated,"
          "status,url,published,note\nBNS,2019,14.4,,,,reported,https://stat.gov.kz/,2020-03-01,mine\n")


def test_an_upload_may_leave_the_kind_out_but_not_give_a_wrong_one():
    frame = parse_upload(UPLOAD.encode(), "mine.csv", DAY).frame
    assert frame["source_kind"].tolist() == [""], "an uploaded row is its own kind (ungraded)"
    assert not sources.is_weak(frame.loc[0, "source_kind"])
    graded = UPLOAD.replace("status,url,", "status,url,source_kind,").replace("reported,https://stat.gov.kz/,",
                                                                              "reported,https://stat.gov.kz/,official,")
    assert parse_upload(graded.encode(), "mine.csv", DAY).frame["source_kind"].tolist() == ["official"]
    with pytest.raises(DataError, match=re.escape("mine.csv, line 2, column 'source_kind'")):
        parse_upload(graded.replace(",official,", ",blog,").encode(), "mine.csv", DAY)


def test_kinds_weakness_and_order():
    assert sources.KINDS == KINDS
    assert [sources.is_weak(k) for k in KINDS] == [False, False, False, True]
    assert not sources.is_weak("") and not sources.is_weak(None)
    assert sorted(["other", "", "press", "official", "state_media"], key=sources.rank) == [
        "official", "state_media", "press", "other", ""]


links_strategy = st.lists(st.builds(sources.SourceLink, label=st.text(max_size=5), url=st.text(max_size=5),
                                    kind=st.sampled_from([*KINDS, ""])), max_size=20)


@given(links_strategy)
def test_grouping_keeps_every_link_official_first(links):
    groups = sources.by_kind(links)
    ranks = [sources.rank(kind) for kind, _ in groups]
    assert ranks == sorted(ranks) and len(set(ranks)) == len(ranks), "one group per kind, strongest first"
    assert all(group for _, group in groups), "no empty group"
    assert [link for _, group in groups for link in group] == sorted(links, key=lambda li: sources.rank(li.kind))


def test_weak_figures_name_what_a_view_rests_on(dataset):
    weak = sources.weak_figures(dataset, ("GACC",))
    assert ("GACC", "2023", 41.02) in weak and ("GACC", "2018", 19.88) in weak
    assert all(f.source == "GACC" for f in weak)
    assert ("GACC", "2024", 43.82) not in weak, "upgraded to Kazinform"
    annual = sources.weak_figures(dataset, ("GACC", "BNS"), annual_only=True)
    assert all(f.period.isdigit() for f in annual) and ("BNS", "2013", 22.53) in annual
    assert not [f for f in sources.weak_figures(dataset, ("BNS",), annual_only=True) if f.period in ("2023", "2024")]


def test_check_at_source_lists_the_statistics_bodies_pages():
    links = sources.check_at_source()
    assert {link.body for link in links} == {"GACC", "BNS"} and links[0].body == "GACC"
    assert all(urlsplit(link.url).scheme in ("http", "https") for link in links)
    hosts = {host(link.url) for link in links}
    assert hosts <= {"stats.customs.gov.cn", "www.customs.gov.cn", "english.customs.gov.cn", "stat.gov.kz"}
    assert "stats.customs.gov.cn" in hosts and "stat.gov.kz" in hosts
    assert sources.check_at_source(("BNS",)) == tuple(link for link in links if link.body == "BNS")
    query = next(link for link in links if host(link.url) == "stats.customs.gov.cn")
    assert query.portal, "a query system, not the figure itself"
    for lang in LANGS:
        t = messages(lang)
        words = sources.check_words(query, lang)
        assert words != t(f"sources.check.{query.key}") and t(f"sources.check.{query.key}") in words


@pytest.mark.parametrize("lang", LANGS)
def test_observations_table_and_csv_mark_a_weak_figure(dataset, lang):
    frame = tables.observations(dataset, lang)
    weak = messages(lang)("sources.weak")
    gacc_2023 = frame[(frame["source"] == "GACC") & (frame["year"] == 2023) & frame["annual"]].iloc[0]
    bns_2023 = frame[(frame["source"] == "BNS") & (frame["year"] == 2023) & frame["annual"]].iloc[0]
    assert weak in gacc_2023["source_kind"] and weak not in bns_2023["source_kind"]
    assert bns_2023["source_kind"] == messages(lang)("sources.kind.press")
    text = export.csv_bytes(frame).decode("utf-8")
    header = text.splitlines()[0].split(",")
    assert "source_kind" in header and "url_secondary" in header
    assert sum(weak in line for line in text.splitlines()) == len(sources.weak_figures(dataset))


def _hover(figure, source: str, year: int) -> str:
    """The hover text of one actual point of ``source`` (its customdata, as the template shows it)."""
    for trace in figure.data:
        if trace.hovertemplate and source in trace.hovertemplate and trace.customdata is not None:
            xs = [str(x) for x in trace.x]
            for x, data in zip(xs, trace.customdata, strict=True):
                if x.startswith(str(year)):
                    return data if isinstance(data, str) else " ".join(str(d) for d in data)
    raise AssertionError(f"no actual point {source} {year}")


@pytest.mark.parametrize("lang", LANGS)
def test_chart_hover_says_weak_source(dataset, lang):
    t = messages(lang)
    weak, gacc, bns = t("sources.weak"), t.source("GACC"), t.source("BNS")
    outlook = build(dataset, View(lang=lang, as_of=DAY))
    overview = charts.chart_overview(dataset, outlook)
    assert weak in _hover(overview.figure, gacc, 2023) and weak in _hover(overview.figure, gacc, 2018)
    assert weak not in _hover(overview.figure, gacc, 2024) and weak not in _hover(overview.figure, bns, 2023)
    gap = charts.chart_gap(dataset, outlook)
    assert weak in _hover(gap.figure, gacc, 2023) and weak not in _hover(gap.figure, bns, 2023)
    data = overview.data
    assert "source_kind" in data and set(data.loc[data["series"] == "actual", "source_kind"]) <= set(KINDS)
    assert "other" in export.csv_bytes(data).decode("utf-8"), "the chart's CSV carries the kind"


def test_briefing_sources_grouped_official_first_weak_labelled(dataset):
    outlook = build(dataset, View(as_of=DAY))
    links = briefing.source_links(dataset, outlook)
    by_label = {link.label: link for link in links}
    weak = next(link for link in links if link.label.startswith("GACC") and "2023" in link.label)
    assert weak.kind == "other" and "666dongdong.cn" in weak.url
    assert by_label["GACC 2024"].kind == "state_media" and by_label["BNS 2024"].kind == "press"
    html = briefing._sources_list(dataset, outlook, "en")
    headings = [sources.group_heading(kind) for kind, _ in sources.by_kind(links)]
    positions = [html.index(h) for h in headings]
    assert positions == sorted(positions) and headings[-1] == sources.group_heading("other") == (
        "Weak sources: blogs, reposts, copies")
    assert html.index(sources.group_heading("state_media")) < html.index(sources.group_heading("press"))
    weak_part = html[html.index(sources.group_heading("other")):]
    assert "666dongdong.cn" in weak_part and "news.cn" not in weak_part, "the weak pages, and only they, follow"


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_pdf_prints_the_sources_by_kind(dataset, lang):
    pypdf = pytest.importorskip("pypdf", reason="pypdf is part of the test extra")
    outlook = build(dataset, View(lang=lang, as_of=DAY))
    try:
        data = briefing.pdf_bytes(dataset, outlook, url="https://example.org/", day=DAY)
    except briefing.BriefingUnavailable as exc:
        pytest.fail(f"the PDF could not be made here: {exc}")
    finally:
        export.stop_browser()
    text = " ".join(pypdf.PdfReader(io.BytesIO(data)).pages[0].extract_text().split())
    assert len(pypdf.PdfReader(io.BytesIO(data)).pages) == 1, "the group headings keep the briefing on one page"
    first = [text.find(sources.group_heading(kind, lang).split(":")[0]) for kind in ("state_media", "press", "other")]
    assert -1 not in first and first == sorted(first), "state media, then press, then the weak ones"
    assert text.find("666dongdong") > first[-1], "the games-site copy is listed among the weak sources"


def test_data_page_shows_kinds_and_check_at_source():
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60).run()
    at.switch_page("pages/3_Data_and_sources.py").run()
    assert not at.exception, [e.value for e in at.exception]
    table = at.dataframe[0].value
    assert "Kind of source" in table.columns and "Further link" in table.columns
    weak = (table["Kind of source"] == "Other: weak source").sum()
    assert weak == len(sources.weak_figures(load_dataset())) > 0
    assert "Check at the source" in [h.value for h in at.subheader]
    text = " ".join(m.value for m in at.markdown)
    assert "http://stats.customs.gov.cn/" in text and "https://stat.gov.kz/ru/description" in text
    assert "— a portal: look the figure up there" in text
    assert "weak source" in text, "the legend explains the mark"
