"""Year to date (issue 21) in Debian's Chromium: the latest running totals and the release calendar on the page and
the overview, on a desktop (1400×1000) and a phone (390×844, a phone's User-Agent), the chart's exports, and the
layout rule for its chart at both sizes and at export size."""

import csv
import io
import re

import pytest

from tests.browser_support import IDLE
from tests.layout_check import COLLECT, check_page, violations
from tests.test_export import png_size
from tests.test_layout import PHONE_UA
from tradetarget import export, ytd_charts
from tradetarget.scenario import View, build

pytestmark = pytest.mark.browser
playwright = pytest.importorskip("playwright.sync_api", reason="playwright is part of the test extra")

SIZES = {
    "desktop": {"viewport": {"width": 1400, "height": 1000}, "accept_downloads": True},
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "user_agent": PHONE_UA,
              "accept_downloads": True},
}


@pytest.fixture(params=list(SIZES))
def sized(browser, request):
    context = browser.new_context(**SIZES[request.param])
    pg = context.new_page()
    pg.set_default_timeout(90_000)
    yield request.param, pg
    context.close()


def opened(pg, url: str) -> None:
    pg.goto(url)
    pg.wait_for_selector("[data-testid='stMetric']")  # the first run's elements, then the idle state
    pg.wait_for_selector(".js-plotly-plot .main-svg")
    pg.wait_for_selector(IDLE)
    pg.wait_for_timeout(500)
    assert pg.get_by_test_id("stException").count() == 0


def metric(pg, label: str) -> str:
    box = pg.get_by_test_id("stMetric").filter(has=pg.get_by_test_id("stMetricLabel").get_by_text(label, exact=True))
    return box.get_by_test_id("stMetricValue").inner_text()


def downloaded(pg, name: str, tmp_path) -> bytes:
    button = pg.get_by_role("button", name=name)
    button.scroll_into_view_if_needed()
    with pg.expect_download() as info:
        button.click()
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    return path.read_bytes()


def test_page_shows_latest_running_totals_and_the_release_calendar(server, sized, tmp_path):
    size, pg = sized
    opened(pg, f"{server}/Year_to_date")
    assert metric(pg, "GACC: Jan–Oct 2025") == "$39.8bn" and metric(pg, "BNS: Jan–Mar 2025") == "$5.9bn"
    main = pg.get_by_test_id("stMain")
    assert main.get_by_test_id("stMetricDelta").first.inner_text() == "+9.0% on Jan–Oct 2024"
    assert main.get_by_text(re.compile(r"Overdue: 2025, due around .* 2026")).first.is_visible()
    heading = main.get_by_role("heading", name="Release calendar: when the next figures are due")
    heading.scroll_into_view_if_needed()
    assert heading.is_visible()
    rows = list(csv.DictReader(io.StringIO(downloaded(pg, "Download the release calendar (CSV)", tmp_path).decode())))
    assert [(r["source"], r["kind"]) for r in rows] == [("GACC", "annual"), ("GACC", "running_total"),
                                                        ("BNS", "annual"), ("BNS", "running_total")]
    assert rows[2]["awaited_period"] == "2025" and rows[2]["overdue"] == "True"
    problems, charts = check_page(pg)
    assert charts == 1 and not problems, "\n".join(problems)
    if size == "desktop":  # the chart's files: PNG at print size, SVG and the CSV of exactly what is drawn
        png = downloaded(pg, "Download PNG", tmp_path)
        assert png_size(png) == (2 * export.EXPORT_WIDTH, 2 * export.EXPORT_HEIGHT)
        assert downloaded(pg, "Download SVG", tmp_path).lstrip().startswith(b"<svg")
        lines = downloaded(pg, "Download CSV", tmp_path).decode().splitlines()
        assert lines[0].startswith("source,year,period,end_month,kind,value_usd_bn")
        assert "GACC,2025,2025-01..2025-10,10,running_total,39.8,reported" in "\n".join(lines)


def test_overview_shows_latest_figures_and_next_releases(server, sized):
    size, pg = sized
    opened(pg, f"{server}/?lang=zh")
    main = pg.get_by_test_id("stMain")
    heading = main.get_by_role("heading", name="最新数据：年内累计")
    heading.scroll_into_view_if_needed()
    assert heading.is_visible()
    assert metric(pg, "海关总署：2025年1—10月") == "398亿美元"  # the sources by their Chinese names
    assert metric(pg, "哈萨克斯坦国家统计局：2025年1—3月") == "59亿美元"
    assert main.get_by_text(re.compile("海关总署下一期年内累计数：2026年")).first.count() == 1
    assert main.get_by_text(re.compile("已逾期：2025年数据原定")).first.count() == 1
    nav = pg.get_by_test_id("stSidebar").get_by_role("link", name="年内累计") if size == "desktop" else None
    if nav is not None:
        nav.click()
        pg.wait_for_url(re.compile(r"/Year_to_date\?.*lang=zh"))
        pg.wait_for_selector(IDLE)
        assert pg.get_by_role("heading", name="年内累计：按新闻报道的口径").is_visible()


@pytest.mark.parametrize("lang", ["en", "ru", "kk", "zh"])
def test_the_exported_chart_obeys_the_layout_rule(browser, dataset, tmp_path, lang):
    chart = ytd_charts.chart_ytd(dataset, build(dataset, View(lang=lang)))
    stamped = export.stamped(chart.figure, "http://localhost:8501/Year_to_date?lang=" + lang, lang=lang)
    figure = export.export_figure(stamped, export.EXPORT_WIDTH, chart.export_height)
    html = tmp_path / "ytd.html"
    figure.write_html(html, include_plotlyjs=True, full_html=True, config={"staticPlot": True})
    context = browser.new_context(viewport={"width": export.EXPORT_WIDTH, "height": 1200})
    try:
        pg = context.new_page()
        pg.goto(html.as_uri())
        pg.wait_for_selector(".js-plotly-plot .main-svg")
        found = violations(pg.locator(".js-plotly-plot").evaluate(COLLECT))
    finally:
        context.close()
    assert not found, "\n".join(found)
