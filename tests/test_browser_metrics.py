"""Nothing cut off (issue 23.2): no metric's value or label is clipped, on any page, in any language, at desktop
(1400×1000) and phone (390×844) sizes. A text is cut when its box is narrower than the text it holds (the box hides
the rest, with or without an ellipsis)."""

import pytest

from tests.browser_support import IDLE

pytestmark = pytest.mark.browser
pytest.importorskip("playwright.sync_api", reason="playwright is part of the test extra")

PAGES = ["/", "/Projection", "/Milestones", "/Data_and_sources", "/Pledges_and_claims",
         "/Uncertainty_and_scenarios", "/Year_to_date"]
SIZES = {"desktop": (1400, 1000), "phone": (390, 844)}
CUT = """() => {
  const cut = [];
  for (const metric of document.querySelectorAll('[data-testid="stMetric"]')) {
    const bar = metric.closest('[data-testid="stSidebar"]');
    if (bar && (bar.getBoundingClientRect().right <= 0 || bar.getBoundingClientRect().width < 100)) continue;
    // (a phone's collapsed sidebar: not shown)
    if (!metric.offsetParent || metric.getBoundingClientRect().width === 0) continue;
    for (const part of ['stMetricLabel', 'stMetricValue', 'stMetricDelta']) {
      const box = metric.querySelector(`[data-testid="${part}"]`);
      if (!box) continue;
      for (const el of [box, ...box.querySelectorAll('*')]) {
        if (el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 1) {
          cut.push(`${part}: ${box.innerText.trim().slice(0, 80)} (${el.scrollWidth}px in ${el.clientWidth}px)`);
          break;
        }
      }
    }
  }
  return cut;
}"""


def cut_metrics(browser, server, lang: str, size: str) -> dict[str, list[str]]:
    """Every clipped metric text per page, for one language and screen size."""
    width, height = SIZES[size]
    context = browser.new_context(viewport={"width": width, "height": height}, is_mobile=size == "phone",
                                  user_agent="Mozilla/5.0 (Linux; Android 14) Mobile" if size == "phone" else None)
    page = context.new_page()
    page.set_default_timeout(60_000)
    found = {}
    try:
        for path in PAGES:
            page.goto(f"{server}{path}?lang={lang}")
            page.wait_for_timeout(300)
            page.wait_for_selector(IDLE)
            page.wait_for_selector('[data-testid="stMetric"]', state="attached")  # every page has some
            page.wait_for_selector(IDLE)
            page.wait_for_timeout(400)
            assert page.get_by_test_id("stException").count() == 0, path
            if cut := page.evaluate(CUT):
                found[path] = cut
    finally:
        context.close()
    return found


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("lang", ["en", "ru", "kk", "zh"])
def test_no_metric_is_cut_off(server, browser, lang, size):
    assert cut_metrics(browser, server, lang, size) == {}
