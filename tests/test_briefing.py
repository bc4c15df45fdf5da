"""The publishing kit's core and CLI: the one-page PDF briefing, SVG export, file names, links and footers."""

import io
import re
import xml.etree.ElementTree as ET
from datetime import date

import pytest

from tests.test_cli import run
from tests.test_export import png_size
from tradetarget import briefing, charts, export
from tradetarget.data import load_dataset
from tradetarget.i18n import messages
from tradetarget.scenario import View, build

pypdf = pytest.importorskip("pypdf", reason="pypdf is part of the test extra")
SVG = "{http://www.w3.org/2000/svg}"
DAY = date(2026, 11, 29)


def pdf_text(data: bytes) -> tuple[pypdf.PdfReader, str]:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return reader, " ".join(reader.pages[0].extract_text().split())


def briefing_title() -> str:
    return messages("en")("export.briefing.title")


def links(reader) -> set[str]:
    return {a.get_object()["/A"]["/URI"] for p in reader.pages for a in p.get("/Annots", [])
            if "/A" in a.get_object() and "/URI" in a.get_object()["/A"]}


def assert_vector(page) -> None:
    """The chart is drawn with paths and text (form XObjects), not pasted in as one page-sized image."""
    xobjects = [x.get_object() for x in page["/Resources"].get("/XObject", {}).values()]
    images = [x for x in xobjects if x["/Subtype"] == "/Image"]
    width = float(page.mediabox.width)
    assert not [i for i in images if float(i["/Width"]) >= width], "a full-width bitmap: a screenshot"
    assert sum(x["/Subtype"] == "/Form" for x in xobjects) >= 5, "the SVG's groups are embedded forms"
    stream = page.get_contents().get_data().decode("latin-1")
    paths = re.findall(r"\s(?:[\d.-]+ ){2}l\n|\s(?:[\d.-]+ ){4}re\n|\s(?:[\d.-]+ ){6}c\n", stream)
    assert len(paths) > 60, "line, rectangle and curve operators: the chart's paths"
    assert "BT" in stream and ("Tj" in stream or "TJ" in stream), "text is text"


def test_file_stem_names_the_view(dataset):
    assert export.file_stem("overview", build(dataset, View(as_of=DAY))) == (
        "kz-cn-trade_overview_both_24pct_40bn-by-2030_2026-11-29")
    what_if = build(dataset, View(sources=("BNS",), growth_pct=-7.5, base_year=2022, deadline=2035, as_of=DAY))
    assert export.file_stem("gap", what_if) == (
        "kz-cn-trade_gap_bns_minus7p5pct_from-2022_40bn-by-2035-whatif_2026-11-29")
    no_deadline = build(dataset, View(sources=("GACC",), target_id="100", as_of=DAY))
    assert export.file_stem("fan", no_deadline, date(2027, 1, 2)) == (
        "kz-cn-trade_fan_gacc_24pct_100bn-no-deadline_2027-01-02")


def test_view_links(dataset):
    view = View(sources=("BNS",), growth_pct=10, target_id="100", deadline=2040)
    params = export.view_params(dataset, view)
    assert params == {"growth": "10", "source": "BNS", "target": "$100bn, no deadline (set 2024)", "deadline": "2040"}
    assert export.view_params(dataset, View()) == {}, "defaults stay out of the address, as in the sidebar"
    url = export.view_url("http://example.org:8501", {"growth": "10", "source": "BNS"})
    assert url == "http://example.org:8501/?growth=10&source=BNS"
    assert export.embed_url(url) == f"{url}&embed=true" and export.embed_url("http://x/") == "http://x/?embed=true"
    assert export.short_url(url) == "example.org:8501/?growth=10&source=BNS"


def test_print_figure_tells_the_sources_apart_without_colour(dataset):
    chart = charts.chart_overview(dataset, build(dataset, View()))
    fig = briefing.print_figure(chart)
    styles = {}
    for trace in fig.data:
        if trace.legendgroup in ("GACC", "BNS"):
            symbols = trace.marker.symbol
            first = symbols if isinstance(symbols, str) or symbols is None else symbols[0]
            styles[trace.name] = (trace.line.dash, first)
    gacc_actual, bns_actual = styles["GACC actual"], styles["BNS actual"]
    assert gacc_actual[1].startswith("circle") and bns_actual[1].startswith("square")
    assert gacc_actual[0] != bns_actual[0]
    projections = [dash for name, (dash, _) in styles.items() if "projection" in name]
    assert len(set(projections)) == 2, "the two projections have different dashes"
    assert not any(str(a.text).startswith("Sources") for a in fig.layout.annotations), "the page names them"
    assert chart.figure.data[1].marker.symbol[0].startswith("circle"), "the dashboard's figure is left alone"


@pytest.mark.browser
def test_briefing_pdf_is_one_vector_page_with_the_answer_and_sources(dataset):
    outlook = build(dataset, View(sources=("GACC", "BNS"), growth_pct=10))
    url = "https://example.org/?growth=10"
    try:
        data = briefing.pdf_bytes(dataset, outlook, url=url, day=DAY)
    finally:
        export.stop_browser()
    assert data[:5] == b"%PDF-"
    reader, text = pdf_text(data)
    assert len(reader.pages) == 1
    page = reader.pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842), "A4 portrait"
    assert text.startswith(f"{briefing_title()} {' '.join(outlook.headline.split())}"), "the headline leads the page"
    scenario = " ".join(outlook.scenario_text.split())
    assert f"Assumption, not a forecast: {scenario}" in text, "the scenario, named as an assumption"
    for answer in outlook.answers.values():
        assert answer.verdict().capitalize() in text
        assert " ".join(answer.freshness().split()) in text, "each figure's publication date in words"
    assert "China's customs (GACC)" in text and "Kazakhstan's statistics bureau (BNS)" in text
    assert "Latest source pages: GACC around January 2026, BNS 8 August 2025." in text and url in text
    words = text.split(" SOURCES ")[0] + text.split(f"{url} ")[-1]  # all but the links (whose paths hold dates)
    assert not re.search(r"\d{4}-\d{2}(-\d{2})?", words), "no ISO date in what a reader sees"
    uris = links(reader)
    annual = dataset.annual()
    assert set(annual["url"]) <= uris, "every figure the chart draws links to its source"
    assert outlook.target["url"] in uris and url in uris
    assert "$35bn by 2030" in text and "Double 2023's $41bn" in text, "the pledge ledger's verdicts"
    assert_vector(page)


@pytest.mark.browser
def test_cli_briefing_and_svg_export(tmp_path):
    pdf = tmp_path / "brief.pdf"
    result = run("briefing", "--out", str(pdf), "--source", "bns", "--growth", "10", "--url", "https://example.org")
    assert result.returncode == 0, result.stderr
    reader, text = pdf_text(pdf.read_bytes())
    assert len(reader.pages) == 1
    assert "Kazakhstan's statistics: not yet met; $30.1bn in 2024 (provisional). Data: BNS 8 August 2025." in text
    assert ("Assumption, not a forecast: If trade grew +10% a year (an assumed pace), Kazakhstan's statistics "
            "would show $40bn in 2027.") in text  # 30.1 * 1.1^3 = 40.06
    assert "https://example.org/?growth=10&source=BNS" in text
    assert "China's customs" not in text and "GACC 20" not in text, "a BNS view answers for BNS only"
    assert_vector(reader.pages[0])

    out = tmp_path / "svg"
    result = run("export", "--out", str(out), "--format", "svg", "--source", "bns", "--growth", "10",
                 "--url", "https://example.org")
    assert result.returncode == 0, result.stderr
    files = sorted(out.iterdir())
    today = date.today().isoformat()
    assert out / f"kz-cn-trade_overview_bns_10pct_40bn-by-2030_{today}.svg" in files
    assert len(files) >= 6 and all(f.suffix == ".svg" for f in files)
    for f in files:
        root = ET.fromstring(f.read_bytes())
        assert root.tag == f"{SVG}svg", f.name
        words = " ".join("".join(t.itertext()) for t in root.iter(f"{SVG}text"))
        assert "example.org/?growth=10&source=BNS" in words, f"{f.name}: the footer names the view"
        assert f"Downloaded {date.today().day} {date.today():%B %Y}" in words, "the download date in words"


@pytest.mark.browser
def test_png_is_2x_and_stamped_with_the_view(dataset):
    chart = charts.chart_overview(dataset, build(dataset, View()))
    stamped = export.stamped(chart.figure, "https://example.org/?growth=5", DAY)
    footer = [a.text for a in stamped.layout.annotations if "Downloaded" in a.text]
    assert len(footer) == 1 and footer[0].startswith("Target $40bn by 2030."), "the headline leads the footer"
    assert "<br>Sources: " in footer[0]
    assert footer[0].endswith("<br>View: example.org/?growth=5 · Downloaded 29 November 2026"), "the footer's last line"
    assert stamped.layout.margin.b == chart.figure.layout.margin.b + 17, "room for the line"
    assert not any("Downloaded" in a.text for a in chart.figure.layout.annotations), "on a copy"
    try:
        assert png_size(export.png_bytes(stamped)) == (2800, 1576)
        assert png_size(export.png_bytes(stamped, scale=1)) == (1400, 788)
        pdf = export.image_bytes(stamped, "pdf")
    finally:
        export.stop_browser()
    assert pdf[:5] == b"%PDF-"
    assert "Downloaded 29 November 2026" in " ".join(pypdf.PdfReader(io.BytesIO(pdf)).pages[0].extract_text().split())


def test_overview_offers_the_briefing_svg_and_both_pngs():
    from streamlit.testing.v1 import AppTest

    from tests.conftest import ROOT

    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=30).run()
    assert not at.exception
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels[0] == "Download briefing (PDF)"
    assert labels[1:] == ["Download PNG", "PNG 1×", "Download SVG", "Download CSV"]
    assert any(e.label.startswith("Cite this view") for e in at.expander)
    outlook = build(load_dataset(), View())
    assert any(c.value.startswith(f"{outlook.headline}\nChina–Kazakhstan trade: the target tracker")
               and "$40bn by 2030, +24% a year" in c.value for c in at.code), "the citation: the headline first"


def test_without_pango_the_briefing_button_explains(monkeypatch):
    from streamlit.testing.v1 import AppTest

    from tests.conftest import ROOT

    assert briefing.missing_deps.__wrapped__() is None, "the test command installs WeasyPrint and Pango"
    monkeypatch.setattr(briefing, "missing_deps", lambda: briefing.PDF_DEPS_HINT)
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=30).run()
    assert not at.exception
    assert "Download briefing (PDF)" not in [b.proto.label for b in at.get("download_button")]
    assert any("libpango-1.0-0" in i.body for i in at.info)


WORDS = {"en": {"solid": "solid", "dotted": "dot", "dashed": "dash", "dash-dot": "dashdot", "×": "x-thin"},
         "ru": {"сплошная": "solid", "точечная": "dot", "штриховая": "dash", "штрихпунктирная": "dashdot",
                "крестиками": "x-thin"}}


@pytest.mark.parametrize("lang", ["en", "ru", "kk", "zh"])
def test_on_paper_fact_and_forecast_differ_in_line_and_marker_as_the_caption_says(dataset, lang):
    """Issue 23.4: the actual BNS line and its projection both printed dotted in ru/kk/zh (the projection was found by
    its English name); now each projection has its own dash and × marks, whatever the language."""
    chart = charts.chart_overview(dataset, build(dataset, View(lang=lang)))
    fig = briefing.print_figure(chart)
    drawn = {}
    for trace in fig.data:
        if trace.legendgroup in briefing.DASHES:
            role = "projection" if trace.meta == "projection" else "actual"
            symbols = trace.marker.symbol
            drawn[(trace.legendgroup, role)] = (trace.line.dash,
                                                symbols if isinstance(symbols, str) or symbols is None else symbols[0])
    for source, (actual, projection) in briefing.DASHES.items():
        assert drawn[(source, "actual")][0] == actual and drawn[(source, "projection")][0] == projection
        assert drawn[(source, "projection")][1] == briefing.PROJECTION_MARK != drawn[(source, "actual")][1]
        assert actual != projection
    if lang in WORDS:
        t = messages(lang)
        for source, (actual, projection) in briefing.DASHES.items():
            said = t(briefing.LINE_KEY[source])
            named = {style for word, style in WORDS[lang].items() if re.search(rf"(?<![\w-]){re.escape(word)}", said)}
            assert named == {actual, projection, briefing.PROJECTION_MARK}, (said, named)
