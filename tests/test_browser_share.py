"""Sharing and the phone in Chromium (issue 23, items 5 and 6): the chart-only embed fills iframes 360 and 1200 px
wide with no sidebar and no page chrome, "Copy link" copies the view, a tab's ``chart=`` stays in the address, file
names in Latin letters on request, and on a phone the link's notes show in the main area, a page chosen in the
sidebar closes it, and neither the table toolbar nor the copy icon covers text."""

import html
import re
from urllib.parse import parse_qs, urlparse

import pytest

from tests.browser_support import IDLE
from tests.test_layout import PHONE_UA

pytestmark = pytest.mark.browser
playwright = pytest.importorskip("playwright.sync_api", reason="playwright is part of the test extra")

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "user_agent": PHONE_UA}
COVERED = """([cover, text, filler]) => {
  // the text's own line boxes (not its element's box) that a covering element's box meets; ``filler`` (a line long
  // enough to reach the far edge) is put first, so the check does not depend on where this text's words happen to end
  if (filler) text.prepend(document.createTextNode(filler));
  const box = cover.getBoundingClientRect();
  const hits = [];
  const walker = document.createTreeWalker(text, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const range = document.createRange();
    range.selectNodeContents(walker.currentNode);
    for (const r of range.getClientRects()) {
      if (r.width > 0 && r.right > box.left + 1 && r.left < box.right - 1 && r.bottom > box.top + 1
          && r.top < box.bottom - 1) hits.push(walker.currentNode.textContent.slice(0, 40));
    }
  }
  return hits;
}"""


@pytest.fixture
def context(browser):
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    yield ctx
    ctx.close()


@pytest.fixture
def page(context):
    pg = context.new_page()
    pg.set_default_timeout(90_000)
    return pg


@pytest.fixture
def phone(browser):
    ctx = browser.new_context(**PHONE)
    pg = ctx.new_page()
    pg.set_default_timeout(90_000)
    yield pg
    ctx.close()


def settle(pg) -> None:
    pg.wait_for_selector(".js-plotly-plot")
    pg.wait_for_timeout(300)
    pg.wait_for_selector(IDLE)
    assert pg.get_by_test_id("stException").count() == 0


def snippet(pg, server: str, query: str, chart: str | None = None) -> str:
    """The embed snippet the overview offers for this view (and ``chart``, chosen in its select box)."""
    pg.goto(f"{server}/?{query}")
    settle(pg)
    share = pg.get_by_test_id("stExpander").filter(has=pg.get_by_test_id("stSelectbox"))
    share.locator("summary").click()
    if chart is not None:
        box = share.get_by_role("combobox")
        box.wait_for()
        for _ in range(5):  # the box may still be mounting while the expander opens: a key press opens its list
            box.click()
            pg.keyboard.press("ArrowDown")
            if pg.get_by_role("option", name=chart, exact=True).count():
                break
            pg.wait_for_timeout(500)
        pg.get_by_role("option", name=chart, exact=True).click()
        pg.wait_for_selector(IDLE)
        pg.wait_for_timeout(300)
    codes = share.get_by_test_id("stCode")
    return next(text for text in (codes.nth(i).inner_text() for i in range(codes.count())) if "<iframe" in text)


@pytest.mark.parametrize(("lang", "chart", "key"), [("en", None, "overview"), ("ru", "Веерная диаграмма", "fan")])
def test_chart_only_embed_fills_iframes_360_and_1200_wide(server, page, tmp_path, lang, chart, key):
    code = snippet(page, server, f"growth=10&lang={lang}", chart)
    match = re.fullmatch(r'<iframe src="([^"]+)" title="[^"]+" loading="lazy" style="([^"]+)" '
                         r'allow="clipboard-write"></iframe>', code.strip())
    assert match, code
    src, style = html.unescape(match.group(1)), match.group(2)
    assert "aspect-ratio:" in style and "height:" not in style.replace("min-height:", ""), "no fixed height"
    query = parse_qs(urlparse(src).query)
    assert query["embed"] == ["true"] and query["chart"] == [key] and query["growth"] == ["10"]
    host = tmp_path / "host.html"  # a web page with the snippet in a 360 px and a 1200 px column
    host.write_text("<!doctype html><html><body style='margin:0'>"
                    f"<div id='narrow' style='width:360px'>{code}</div>"
                    f"<div id='wide' style='width:1200px;margin-top:20px'>{code}</div></body></html>")
    page.set_viewport_size({"width": 1300, "height": 1600})
    page.goto(host.as_uri())
    for column, width in (("narrow", 360), ("wide", 1200)):
        frame_box = page.locator(f"#{column} iframe").bounding_box()
        assert frame_box["width"] == width
        frame = page.frame_locator(f"#{column} iframe")
        frame.locator(".js-plotly-plot").first.wait_for(state="attached")
        frame.locator(IDLE).wait_for(state="attached")
        page.wait_for_timeout(1500)
        charts = frame.locator(".js-plotly-plot:visible")
        assert charts.count() == 1, f"{column}: the one chart"
        box = charts.first.bounding_box()
        assert box["width"] >= 0.95 * width - 16, f"{column}: the chart fills the frame's width ({box})"
        assert frame_box["x"] <= box["x"] and box["x"] + box["width"] <= frame_box["x"] + width + 1
        assert box["y"] - frame_box["y"] < 90, f"{column}: only a subtitle above the chart ({box}, {frame_box})"
        assert box["height"] >= 0.55 * frame_box["height"], f"{column}: the chart fills the frame ({box})"
        assert box["y"] + box["height"] <= frame_box["y"] + frame_box["height"] + 1, f"{column}: chart in view"
        for chrome in ("stSidebar", "stHeader", "stToolbar", "stMetric", "stSlider", "stExpander",
                       "stExpandSidebarButton"):
            found = frame.get_by_test_id(chrome)
            assert found.count() == 0 or not found.first.is_visible(), f"{column}: no {chrome}"
        assert frame.locator("h1").count() == 0, "no page title"
        assert frame.get_by_test_id("stException").count() == 0
        footer = frame.get_by_test_id("stCaptionContainer").last.inner_text()
        assert "GACC" in footer and "BNS" in footer, "the source line"


def test_copy_link_copies_the_view(server, context, page):
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server)
    page.goto(f"{server}/Projection?growth=12&source=BNS&lang=kk")
    settle(page)
    button = page.locator("button.tt-copy-link")
    label = button.locator(".tt-copy-label")
    assert label.inner_text() == "Сілтемені көшіру"
    button.click()
    page.wait_for_timeout(300)
    assert label.inner_text() == "Сілтеме көшірілді"
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == page.url and "/Projection?" in copied
    assert parse_qs(urlparse(copied).query) == {"growth": ["12"], "source": ["BNS"], "lang": ["kk"]}


def test_the_open_tab_stays_in_the_address(server, page):
    def tab() -> tuple[str, str | None]:
        selected = page.locator("[role=tab][aria-selected=true]").first.inner_text()
        return selected, parse_qs(urlparse(page.url).query).get("chart", [None])[0]

    page.goto(f"{server}/Uncertainty_and_scenarios?lang=ru&chart=Scenarios")  # a link copied in English
    settle(page)
    assert tab() == ("Сценарии", "Сценарии"), page.url
    page.get_by_test_id("stSidebar").get_by_test_id("stSelectbox").first.click()
    page.get_by_role("option", name="中文").click()
    settle(page)
    assert tab() == ("情景", "情景"), "a language switch keeps the tab, in the address too"
    page.goto(f"{server}/Uncertainty_and_scenarios?chart=gauge&growth=10")  # a chart's key, as an embed names it
    settle(page)
    assert tab() == ("Required pace", "Required pace") and "growth=10" in page.url
    page.get_by_role("tab", name="Sensitivity").click()
    settle(page)
    assert tab() == ("Sensitivity", "Sensitivity")


def test_file_names_in_latin_letters_on_request(server, page):
    page.goto(f"{server}/?lang=zh&source=BNS")
    settle(page)
    csv = page.get_by_role("button", name="下载CSV", exact=True).first
    with page.expect_download() as info:
        csv.click()
    assert info.value.suggested_filename.startswith("中哈贸易_")
    page.get_by_test_id("stSidebar").get_by_text("文件名仅用拉丁字母").click()
    settle(page)
    with page.expect_download() as info:
        csv.click()
    name = info.value.suggested_filename
    assert name.isascii() and name.startswith("kz-cn-trade_overview_bns_24pct_40bn-by-2030_"), name


def test_phone_link_notes_in_the_main_area_and_the_sidebar_closes(server, phone):
    phone.goto(f"{server}/Projection?growth=abc&lang=ru")
    settle(phone)
    sidebar = phone.get_by_test_id("stSidebar")
    assert sidebar.bounding_box()["x"] + sidebar.bounding_box()["width"] <= 0, "the sidebar starts closed"
    note = phone.get_by_test_id("stMain").get_by_test_id("stAlert").filter(has_text="growth=«abc»")
    assert note.count() == 1 and note.is_visible(), "the ignored value is said where the reader looks"
    phone.get_by_test_id("stExpandSidebarButton").click()
    phone.wait_for_timeout(500)
    assert sidebar.bounding_box()["x"] >= 0, "the sidebar opened"
    sidebar.get_by_test_id("stPageLink-NavLink").filter(has_text="Ключевые события").click()
    phone.wait_for_url(re.compile(r"/Milestones"))
    settle(phone)
    phone.wait_for_timeout(500)
    box = sidebar.bounding_box()
    assert box is None or box["x"] + box["width"] <= 0, "choosing a page closed the sidebar"
    assert "lang=ru" in phone.url


def test_phone_nothing_covers_a_caption_or_the_citation(server, phone):
    phone.goto(f"{server}/Projection")
    settle(phone)
    for i in range(phone.get_by_test_id("stDataFrame").count()):
        table = phone.get_by_test_id("stDataFrame").nth(i)
        if not table.is_visible():
            continue  # in a closed expander
        table.scroll_into_view_if_needed()
        table.tap()
        toolbar = table.get_by_test_id("stElementToolbar")
        toolbar.wait_for()
        above = table.locator("xpath=ancestor::*[@data-testid='stElementContainer'][1]/preceding-sibling::*[1]")
        hits = phone.evaluate(COVERED, [toolbar.element_handle(), above.element_handle(), None])
        assert not hits, f"the table toolbar covers {hits}"
    phone.goto(f"{server}/")
    settle(phone)
    share = phone.get_by_test_id("stExpander").filter(has=phone.get_by_test_id("stSelectbox"))
    share.locator("summary").click()
    codes = share.get_by_test_id("stCode")
    codes.first.wait_for()
    for i in range(codes.count()):
        code = codes.nth(i)
        if not code.is_visible():
            continue  # the BibTeX tab is closed
        code.scroll_into_view_if_needed()
        code.tap()
        button = code.get_by_test_id("stElementToolbarButton").locator("xpath=..")  # the icon's drawn square
        hits = phone.evaluate(COVERED, [button.element_handle(), code.locator("code").element_handle(), "中" * 60])
        assert not hits, f"the copy icon covers {hits}"


def test_the_uploader_drop_zone_in_the_page_language(server, page):
    page.goto(f"{server}/Data_and_sources?lang=ru")
    settle(page)
    page.get_by_test_id("stExpander").filter(has=page.get_by_test_id("stFileUploader")).locator("summary").click()
    zone = page.get_by_test_id("stFileUploaderDropzone")
    zone.wait_for()
    drawn = zone.evaluate("""zone => {
      // streamlit writes these words in English; ours are drawn after them (::after), theirs at size 0
      const shown = el => [getComputedStyle(el).fontSize, getComputedStyle(el, '::after').content,
                           getComputedStyle(el, '::after').fontSize];
      return [shown(zone.querySelector('button [data-testid="stMarkdownContainer"] p')),
              shown(zone.querySelector('[data-testid="stFileUploaderDropzoneInstructions"] span'))];
    }""")
    assert drawn == [["0px", '"Загрузить"', "14px"], ["0px", '"До 5 МБ на файл • CSV, TXT"', "14px"]]


@pytest.mark.parametrize("lang", ["en", "kk"])
def test_a_phone_numbers_the_milestones_and_lists_them_dated_and_linked(server, phone, page, lang):
    """On a phone the milestones chart has no room for titles: each diamond carries its number, and a dated list
    under the chart gives each number's title as a link to its source. A desktop keeps the titles, and no list."""
    from tradetarget import charts
    from tradetarget.data import load_dataset
    from ui.tables import milestone_key

    dataset = load_dataset()
    expected = milestone_key(dataset, lang)
    numbers = charts.milestone_numbers(dataset)
    phone.goto(f"{server}/Milestones?lang={lang}")
    settle(phone)
    key = phone.locator("[data-testid='stMarkdownContainer'] ol").first
    key.wait_for()
    items = key.locator("li")
    assert items.count() == len(numbers) == len(expected.splitlines())
    links = key.locator("a")
    assert [links.nth(i).get_attribute("href") for i in range(links.count())] == [
        dataset.milestones.loc[i, "url"] for i in sorted(numbers, key=numbers.get)]
    assert items.nth(0).inner_text().startswith(re.sub(r"^1\. |\[|\]\(.*", "", expected.splitlines()[0])[:8])
    chart = phone.locator(".js-plotly-plot").first
    labels = {t.strip() for t in chart.locator(".textpoint").all_text_contents() if t.strip()}
    assert labels == {str(n) for n in numbers.values()}, "each diamond's number, and nothing else"
    page.goto(f"{server}/Milestones?lang={lang}")
    settle(page)
    desktop = {t.strip() for t in page.locator(".js-plotly-plot").first.locator(".textpoint").all_text_contents()}
    assert not desktop & {str(n) for n in numbers.values()} and len(desktop) >= len(numbers) - 1
    assert page.locator("[data-testid='stMarkdownContainer'] ol").count() == 0
