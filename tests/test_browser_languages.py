"""The four languages in a real browser: every page reads in the chosen script, the language travels in
the address with the rest of the view, the browser's language is the default, and a junk value is noted."""

import re
import unicodedata
from urllib.parse import parse_qs, urlparse

import pytest

from tests.browser_support import IDLE

pytestmark = pytest.mark.browser
playwright = pytest.importorskip("playwright.sync_api", reason="playwright is part of the test extra")

PAGES = ["/", "/Projection", "/Milestones", "/Data_and_sources", "/Pledges_and_claims",
         "/Uncertainty_and_scenarios", "/Year_to_date"]
LATIN_ALLOWED = {"GACC", "BNS", "USD", "PNG", "SVG", "PDF", "CSV", "URL", "KZ", "CN"}
"""Tags and file formats, written in Latin letters in every language (issue 16)."""
KAZAKH_LETTERS = set("әғқңөұүһіӘҒҚҢӨҰҮҺІ")
TEXT = """() => {
  // icons are ligatures of their names ("flag"): not text a reader reads
  document.querySelectorAll('[data-testid="stIconMaterial"], [translate="no"][aria-hidden="true"]')
    .forEach(i => { i.textContent = ''; });
  const parts = [];
  for (const sel of ['[data-testid="stSidebar"]', '[data-testid="stMain"]']) {
    const el = document.querySelector(sel);
    if (el) parts.push(el.innerText);
  }
  document.querySelectorAll('.main-svg text').forEach(t => parts.push(t.textContent));
  return parts.join('\\n');
}"""


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = context.new_page()
    pg.set_default_timeout(60_000)
    yield pg
    context.close()


def settle(pg) -> None:
    pg.wait_for_timeout(300)
    pg.wait_for_selector(IDLE)
    assert pg.get_by_test_id("stException").count() == 0


def growth(pg) -> str:
    return pg.get_by_test_id("stSidebar").get_by_test_id("stSliderThumbValue").first.inner_text()


def _kept(text: str) -> str:
    """The text without addresses and the Latin tags every language keeps (also when glued to Chinese)."""
    text = re.sub(r"https?://\S+|\b[\w.-]+\.(?:com|kz|cn|org|net|ru|gov|info|biz|hk|io)\S*", " ", text)
    return re.sub("|".join(sorted(LATIN_ALLOWED, key=len, reverse=True)), " ", text)


def _letters(text: str) -> list[str]:
    return [c for c in _kept(text) if c.isalpha()]


def script_share(text: str, lang: str) -> tuple[float, list[str]]:
    """The share of letters in the language's script, and the words written in another script."""
    letters = _letters(text)
    if lang == "zh":
        ok = [c for c in letters if "CJK" in unicodedata.name(c, "")]
    else:
        ok = [c for c in letters if "CYRILLIC" in unicodedata.name(c, "")]
    foreign = sorted({w for w in re.findall(r"[^\W\d_]+", _kept(text)) if not any(c in ok for c in w[:1])})
    return len(ok) / max(1, len(letters)), foreign


@pytest.mark.parametrize("lang", ["ru", "kk", "zh"])
@pytest.mark.parametrize("path", PAGES)
def test_every_page_reads_in_its_language(server, page, path, lang):
    page.goto(f"{server}{path}?lang={lang}")
    settle(page)
    page.wait_for_timeout(500)
    text = page.evaluate(TEXT)
    share, foreign = script_share(text, lang)
    assert share >= 0.9, f"{share:.0%} of the letters are in the {lang} script; other words: {foreign[:60]}"
    if lang == "kk":
        assert KAZAKH_LETTERS & set(text), "no Kazakh-specific letter on the page"


def test_language_switch_keeps_the_view_and_the_link_reopens_it(server, page, browser):
    page.goto(f"{server}/Projection?growth=7&source=BNS&deadline=2035")
    settle(page)
    box = page.get_by_test_id("stSidebar").get_by_test_id("stSelectbox").first
    box.click()
    page.get_by_role("option", name="Қазақша").click()
    page.wait_for_function("() => location.search.includes('lang=kk')")
    settle(page)
    query = parse_qs(urlparse(page.url).query)
    assert query["growth"] == ["7"] and query["source"] == ["BNS"] and query["deadline"] == ["2035"]
    assert urlparse(page.url).path.endswith("/Projection")
    assert growth(page) == "7.0%"
    before = page.evaluate(TEXT)
    assert KAZAKH_LETTERS & set(before)

    other = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    other.goto(page.url)
    settle(other)
    assert growth(other) == "7.0%"
    assert parse_qs(urlparse(other.url).query) == query
    def metrics(pg) -> list[str]:
        values = pg.get_by_test_id("stSidebar").get_by_test_id("stMetricValue")
        values.first.wait_for()  # the sidebar's answer is drawn after the controls
        pg.wait_for_selector(IDLE)
        return values.all_inner_texts()

    assert metrics(other) == metrics(page)
    other.context.close()


def test_the_browser_language_is_the_default_and_goes_into_the_address(server, browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
    pg = context.new_page()
    pg.set_default_timeout(60_000)
    pg.goto(server)
    settle(pg)
    pg.wait_for_function("() => location.search.includes('lang=zh')")
    share, foreign = script_share(pg.evaluate(TEXT), "zh")
    assert share >= 0.9, foreign[:40]
    context.close()


def test_a_junk_language_falls_back_to_english_with_a_note(server, page):
    page.goto(f"{server}/?lang=xx&growth=10")
    settle(page)
    warning = page.get_by_test_id("stSidebar").get_by_test_id("stAlert").filter(has_text="xx")
    assert warning.count() == 1 and "en, ru, kk, zh" in warning.inner_text()
    assert growth(page) == "10.0%"
    share, _ = script_share(page.evaluate(TEXT), "ru")
    assert share < 0.1, "the page fell back to English"
