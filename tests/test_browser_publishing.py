"""The publishing kit in Chromium: the PDF briefing, the SVG and the 2x PNG from the overview, self-naming files,
and the embed snippet, whose address shows the chart without the sidebar."""

import html
import io
import re
import xml.etree.ElementTree as ET
from datetime import date

import pytest

from tests.browser_support import IDLE
from tests.test_export import png_size

pytestmark = pytest.mark.browser
playwright = pytest.importorskip("playwright.sync_api", reason="playwright is part of the test extra")
pypdf = pytest.importorskip("pypdf", reason="pypdf is part of the test extra")

SVG = "{http://www.w3.org/2000/svg}"




@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    pg = context.new_page()
    pg.set_default_timeout(90_000)
    yield pg
    context.close()


def settle(pg) -> None:
    pg.wait_for_selector(".js-plotly-plot")
    pg.wait_for_timeout(300)
    pg.wait_for_selector(IDLE)
    assert pg.get_by_test_id("stException").count() == 0


def download(pg, name: str, tmp_path):
    with pg.expect_download() as info:
        pg.get_by_role("button", name=name, exact=True).first.click()
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    return path


def test_pdf_svg_and_2x_png_from_the_overview_are_named_by_the_view(server, page, tmp_path):
    page.goto(f"{server}/?growth=10&source=BNS")
    settle(page)
    stem = f"bns_10pct_40bn-by-2030_{date.today().isoformat()}"
    answer = page.get_by_test_id("stCode").first.inner_text().strip()  # the overview's headline, in its code block
    assert answer.startswith("Target $40bn by 2030. Kazakhstan's statistics: not yet met"), answer

    pdf = download(page, "Download briefing (PDF)", tmp_path)
    assert pdf.name == f"kz-cn-trade_briefing_{stem}.pdf"
    data = pdf.read_bytes()
    assert data[:5] == b"%PDF-" and len(data) > 20_000
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 1
    text = " ".join(reader.pages[0].extract_text().split())
    assert " ".join(answer.split()) in text, "the briefing carries the page's headline"
    assert "Kazakhstan's statistics bureau (BNS)" in text and "China's customs" not in text, "BNS only"
    assert "growth=10" in text and "source=BNS" in text, "the view's link"

    svg = download(page, "Download SVG", tmp_path)
    assert svg.name == f"kz-cn-trade_overview_{stem}.svg"
    root = ET.fromstring(svg.read_bytes())
    assert root.tag == f"{SVG}svg"
    words = " ".join("".join(t.itertext()) for t in root.iter(f"{SVG}text"))
    assert "China–Kazakhstan trade turnover vs the target" in words, "the title is text, not pixels"
    assert "growth=10" in words, "the footer carries the view's link"

    png = download(page, "Download PNG", tmp_path)
    assert png.name == f"kz-cn-trade_overview_{stem}.png"
    assert png_size(png.read_bytes()) == (2800, 1576)
    assert png.stat().st_size > 50_000

    chart = page.locator(".js-plotly-plot").first
    chart.hover()
    with page.expect_download() as info:
        page.locator('.modebar-btn[data-title="Download plot as a PNG"]').first.click()
    assert info.value.suggested_filename == f"kz-cn-trade_overview_{stem}.png", "the camera uses the same name"


def test_cite_and_embed(server, page):
    page.goto(f"{server}/?growth=7.5")
    settle(page)
    page.get_by_test_id("stExpander").filter(has_text="Cite this view").locator("summary").click()
    codes = page.get_by_test_id("stExpander").filter(has_text="Cite this view").get_by_test_id("stCode")
    codes.first.wait_for()
    texts = [codes.nth(i).inner_text() for i in range(codes.count())]
    citation = next(text for text in texts if "Accessed" in text)
    snippet = next(text for text in texts if "<iframe" in text)
    assert "China–Kazakhstan trade" in citation and "growth=7.5" in citation
    assert f"Accessed {date.today().day} {date.today():%B %Y}" in citation and "Data version" in citation
    match = re.search(r'<iframe src="([^"]+)" title="[^"]+" loading="lazy" '
                      r'style="width:100%;aspect-ratio:(\d+) / (\d+);min-height:\d+px;border:0"', snippet)
    assert match and "height=" not in snippet, snippet  # proportions kept by CSS, no fixed height
    src = html.unescape(match.group(1))
    assert "growth=7.5" in src and "embed=true" in src and src.endswith("chart=overview")

    page.goto(src)
    page.locator(".js-plotly-plot").first.wait_for(state="attached")
    page.wait_for_selector(IDLE)
    assert page.locator(".js-plotly-plot:visible").count() == 1, "the embed shows the one chart"
    sidebar = page.get_by_test_id("stSidebar")
    assert sidebar.count() == 0 or not sidebar.is_visible(), "no sidebar in the embed"
    assert page.get_by_role("slider").count() == 0 or not page.get_by_role("slider").first.is_visible()
    assert page.get_by_test_id("stMetric").count() == 0, "the chart alone, not the page"
    assert "Sources:" in page.get_by_test_id("stCaptionContainer").last.inner_text()
