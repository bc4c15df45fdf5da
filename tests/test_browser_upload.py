"""Uploads cannot quietly rewrite the verdict (issue 20, item 3), in Debian's Chromium on a desktop (1400×1000) and a
phone (390×844, a phone's User-Agent).

A file with a unit slip (BNS 2024 typed as 301, i.e. 301亿美元, in billions) is held back with its reason and changes
no answer; only "Use anyway" lets it in, and then a banner at the top of every page says so. A file with a period that
has not ended is refused with its reason, and changes nothing. Screenshots of each step are saved (``SHOTS``, or the
test's temporary folder) to be looked at.
"""

import os
import re
from pathlib import Path

import pytest

from tests.browser_support import IDLE
from tests.conftest import ROOT
from tests.test_layout import PHONE_UA
from tradetarget import clock

pytestmark = pytest.mark.browser
playwright = pytest.importorskip("playwright.sync_api", reason="playwright is part of the test extra")

DAY = "2026-12-04"
"""Today on the test server: the full year 2026 has not ended."""
FIXTURES = ROOT / "tests" / "fixtures"
SHOTS_ENV = "TRADETARGET_SHOTS"
SIZES = {
    "desktop": {"viewport": {"width": 1400, "height": 1000}},
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "user_agent": PHONE_UA},
}
SLIP = "×10: looks like 亿美元 entered as billions."
BANNER = "Includes 1 USER-SUPPLIED figure (uploaded from 'unit_slip.csv', not from the fact base): BNS 2024"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """``streamlit run dashboard.py`` whose today is fixed (``TRADETARGET_TODAY``), so the rules judge one day."""
    from tests.browser_support import streamlit_server

    before = os.environ.get(clock.TODAY_ENV)
    os.environ[clock.TODAY_ENV] = DAY
    try:
        with streamlit_server(tmp_path_factory.mktemp("server")) as base:
            _restore(before)
            yield base
    finally:
        _restore(before)


def _restore(value: str | None) -> None:
    if value is None:
        os.environ.pop(clock.TODAY_ENV, None)
    else:
        os.environ[clock.TODAY_ENV] = value


@pytest.fixture(params=list(SIZES))
def sized(browser, request):
    context = browser.new_context(**SIZES[request.param])
    pg = context.new_page()
    pg.set_default_timeout(90_000)
    yield request.param, pg
    context.close()


def settle(pg) -> None:
    pg.wait_for_timeout(400)
    pg.wait_for_selector(IDLE)
    assert pg.get_by_test_id("stException").count() == 0


def shot(pg, folder: Path, name: str) -> None:
    pg.screenshot(path=str(folder / f"{name}.png"), full_page=False)


def pace(pg, source: str) -> str:
    """The sidebar's "<source>: $40bn reached" value (read even while a phone keeps the sidebar closed)."""
    metric = pg.get_by_test_id("stSidebar").get_by_test_id("stMetric").filter(has_text=f"{source}: $")
    return metric.get_by_test_id("stMetricValue").text_content().strip()


def top_alert(pg):
    """The first element of the main area, which must be the upload banner when there is one."""
    return pg.get_by_test_id("stMain").locator("[data-testid='stAlert']").first


def go_to(pg, size: str, name: str, path: str) -> None:
    """Another page through the sidebar's link (the session, and its upload, stay)."""
    if size == "phone":
        pg.get_by_test_id("stExpandSidebarButton").click()
    pg.get_by_test_id("stSidebar").get_by_role("link", name=name).click()
    pg.wait_for_url(re.compile(re.escape(path)))
    pg.wait_for_selector("[data-testid='stMain'] h1")
    settle(pg)
    collapse = pg.get_by_test_id("stSidebar").get_by_role("button", name="Collapse sidebar")
    if size == "phone" and collapse.is_visible():  # a phone's sidebar stays open over the page: close it
        collapse.click()
        pg.get_by_test_id("stExpandSidebarButton").wait_for()
        settle(pg)


def upload(pg, name: str) -> None:
    uploader = pg.get_by_test_id("stFileUploaderDropzoneInput")
    if not pg.get_by_text("Unit of the values in your file").is_visible():
        pg.get_by_test_id("stExpander").get_by_text("Use your own figures").click()
    uploader.set_input_files(str(FIXTURES / name))


def test_a_unit_slip_and_a_future_period_never_change_a_verdict_silently(server, sized, tmp_path):
    size, pg = sized
    folder = Path(os.environ.get(SHOTS_ENV) or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    pg.goto(f"{server}/Data_and_sources")
    pg.wait_for_selector("[data-testid='stExpander']")
    settle(pg)
    assert pace(pg, "BNS") == "2026" and pace(pg, "GACC") == "2023 (actual)"

    # 1. The unit slip: held back, with the row, the ratio and the likely slip; no answer moves.
    upload(pg, "unit_slip.csv")
    pg.get_by_text(SLIP, exact=False).wait_for()
    settle(pg)
    message = pg.get_by_text("Line 2, BNS 2024: $301bn is 9.6× BNS 2023 ($31.4bn)", exact=False)
    assert message.is_visible() and SLIP in message.inner_text()
    assert pg.get_by_text("1 row of 'unit_slip.csv' is held back and not used").is_visible()
    assert "Your upload 'unit_slip.csv' is not in use: its 1 row is held back" in top_alert(pg).inner_text()
    assert top_alert(pg).is_visible()
    assert pace(pg, "BNS") == "2026", "a held-back figure changes no verdict"
    message.scroll_into_view_if_needed()
    shot(pg, folder, f"{size}-1-held-back")

    # 2. Only the explicit choice lets it in, and then the page says so at the top.
    pg.get_by_role("button", name="Use anyway").click()
    pg.get_by_text("used despite a plausibility warning", exact=False).first.wait_for()
    settle(pg)
    assert pace(pg, "BNS") == "2024 (actual)"
    banner = top_alert(pg)
    assert BANNER in banner.inner_text() and "used despite a plausibility warning" in banner.inner_text()
    banner.scroll_into_view_if_needed()
    assert banner.is_visible()
    shot(pg, folder, f"{size}-2-used-anyway")

    # 3. The banner leads every other page too, above the page's title.
    go_to(pg, size, "Overview", "/")
    banner = top_alert(pg)
    assert banner.is_visible() and BANNER in banner.inner_text()
    title = pg.get_by_test_id("stMain").locator("h1").first
    assert banner.bounding_box()["y"] < title.bounding_box()["y"]
    box = pg.get_by_test_id("stAlert").filter(has_text="Kazakhstan's statistics bureau (BNS)").first
    assert "Met in 2024" in box.inner_text(), "the verdict moved only by the user's explicit choice, and says so"
    shot(pg, folder, f"{size}-3-overview-banner")

    # 4. A period that has not ended: refused with its reason; after removing the upload, nothing is in use.
    go_to(pg, size, "Data and sources", "/Data_and_sources")
    if not pg.get_by_role("button", name="Remove my upload and return to the shipped data").is_visible():
        pg.get_by_test_id("stExpander").get_by_text("Use your own figures").click()
    pg.get_by_role("button", name="Remove my upload and return to the shipped data").click()
    settle(pg)
    assert pace(pg, "BNS") == "2026" and pg.get_by_text(re.compile("USER-SUPPLIED")).count() == 0
    upload(pg, "future_upload.csv")
    pg.get_by_text("'future_upload.csv' was not used", exact=False).wait_for()
    settle(pg)
    error = pg.get_by_test_id("stAlert").filter(has_text="'future_upload.csv' was not used")
    assert error.is_visible() and "the shipped data" in error.inner_text()
    problems = pg.get_by_test_id("stDataFrame").filter(has_text="has not ended yet")
    assert problems.count() == 1 or "has not ended yet" in pg.get_by_test_id("stMain").inner_text()
    assert pace(pg, "BNS") == "2026" and pace(pg, "GACC") == "2023 (actual)", "the refused file changes nothing"
    assert pg.get_by_text(re.compile("USER-SUPPLIED")).count() == 0, "no banner: nothing uploaded is in use"
    error.scroll_into_view_if_needed()
    shot(pg, folder, f"{size}-4-future-refused")
