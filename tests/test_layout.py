"""The layout rule (tests/layout_check.py) in Chromium, for every chart at both sizes and at export size.

What this checks, on the SVG plotly drew:

* every page (overview, projection, milestones, data and sources, pledges and claims, and each of the five
  uncertainty tabs) at 1400×1000 (desktop) and 390×844 with a phone's User-Agent (compact variant), with the
  defaults, with another target and source ($100bn without a deadline, BNS only), with a what-if (from 2022,
  +60%, deadline 2024), in each language, and with the decay, two-flow and trend growth models (the trend in
  every language);
* every exported figure (the 12 charts, footer stamped with the view's link) laid out at its export size;
* in each chart: no title, legend, annotation, axis title or data label (milestone titles and numbers, visitor
  counts, pledge and year labels) outside the figure; no legend, annotation or data label over a data marker or a
  solid bar; no two of those boxes overlapping; no two tick labels of an axis colliding, nor a data label on one.
"""

import pytest

from tests.browser_support import IDLE
from tests.layout_check import COLLECT, check_page, violations
from tradetarget import charts, export, outlook_charts
from tradetarget import outlook as risk_model
from tradetarget.scenario import View, build

pytestmark = pytest.mark.browser
playwright = pytest.importorskip("playwright.sync_api", reason="playwright is part of the test extra")

PHONE_UA = ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
            "Version/17.0 Mobile/15E148 Safari/604.1")
SIZES = {
    "desktop": {"viewport": {"width": 1400, "height": 1000}},
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True,
              "user_agent": PHONE_UA},
}
PAGES = ["/", "/Projection", "/Milestones", "/Data_and_sources", "/Pledges_and_claims", "/Year_to_date",
         *(f"/Uncertainty_and_scenarios?chart={tab}" for tab in
           ("Fan", "Scenarios", "Growth+model", "Required+pace", "Sensitivity"))]
SETTINGS = {
    "defaults": "",
    "100bn-bns": "target=%24100bn%2C+no+deadline+%28set+2024%29&source=BNS",
    "what-if": "growth=60&base=2022&deadline=2024",
    # translated text runs 30-50% longer (ru, kk) or packs wider characters (zh): the rule holds in each
    "ru": "lang=ru",
    "kk-what-if": "lang=kk&growth=60&base=2022&deadline=2024",
    "zh-100bn-bns": "lang=zh&target=%24100bn%2C+no+deadline+%28set+2024%29&source=BNS",
}




def _address(path: str, query: str) -> str:
    return path + ("&" if "?" in path else "?") + query if query else path


@pytest.mark.parametrize("setting", list(SETTINGS))
@pytest.mark.parametrize("size", list(SIZES))
def test_every_page_obeys_the_layout_rule(server, browser, size, setting):
    context = browser.new_context(**SIZES[size])
    page = context.new_page()
    found, checked = [], 0
    try:
        for path in PAGES:
            page.goto(server + _address(path, SETTINGS[setting]))
            page.wait_for_selector(".js-plotly-plot .main-svg", timeout=60_000)
            page.wait_for_selector(IDLE)
            page.wait_for_timeout(500)
            assert page.get_by_test_id("stException").count() == 0, path
            problems, n = check_page(page)
            found += [f"{path}: {p}" for p in problems]
            checked += n
    finally:
        context.close()
    assert checked >= 11, "every page's charts were drawn"
    assert not found, "\n".join(found)


@pytest.mark.parametrize(("model", "lang"), [("decay", "en"), ("two-flow", "en"),
                                             *(("trend", lang) for lang in ("en", "ru", "kk", "zh"))])
@pytest.mark.parametrize("size", list(SIZES))
def test_growth_models_obey_the_layout_rule(server, browser, size, model, lang):
    """The trend's assumption (its years and slope) covered data as a note in the plot: in every language."""
    context = browser.new_context(**SIZES[size])
    page = context.new_page()
    try:
        page.goto(f"{server}/Uncertainty_and_scenarios?chart=Growth+model&model={model}&lang={lang}")
        page.wait_for_selector(".js-plotly-plot .main-svg", timeout=60_000)
        page.wait_for_selector(IDLE)
        page.wait_for_timeout(500)
        problems, n = check_page(page)
    finally:
        context.close()
    assert n == 1 and not problems, "\n".join(problems)


@pytest.mark.parametrize("view", [View(), View(target_id="100", sources=("BNS",)),
                                  View(growth_pct=60.0, base_year=2022, deadline=2024), View(lang="ru"),
                                  View(target_id="100", sources=("BNS",), lang="zh"),
                                  View(growth_pct=60.0, base_year=2022, deadline=2024, lang="kk")], ids=str)
def test_exported_figures_obey_the_layout_rule(browser, dataset, tmp_path, view):
    """Each exported figure at its export size, drawn by plotly.js in Chromium: the PNG and SVG show this."""
    outlook = build(dataset, view)
    result = risk_model.risk(dataset, outlook, risk_model.ModelSettings(paths=1000))
    found = []
    context = browser.new_context(viewport={"width": export.EXPORT_WIDTH, "height": 1200})
    page = context.new_page()
    try:
        for chart in [*charts.all_charts(dataset, outlook), *outlook_charts.outlook_charts(dataset, outlook, result)]:
            stamped = export.stamped(chart.figure, "http://localhost:8501/?growth=24", lang=view.lang)
            figure = export.export_figure(stamped, export.EXPORT_WIDTH, chart.export_height)
            html = tmp_path / f"{chart.key}.html"
            figure.write_html(html, include_plotlyjs=True, full_html=True, config={"staticPlot": True})
            page.goto(html.as_uri())
            page.wait_for_selector(".js-plotly-plot .main-svg")
            found += [f"{chart.key}: {p}" for p in violations(page.locator(".js-plotly-plot").evaluate(COLLECT))]
    finally:
        context.close()
    assert not found, "\n".join(found)
