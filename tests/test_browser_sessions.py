"""Concurrent sessions in real Chromium: five browser contexts on one server, each with its own growth value."""

import re

import pytest

from tests.browser_support import IDLE, streamlit_server
from tests.conftest import ROOT

pytestmark = pytest.mark.browser
playwright = pytest.importorskip("playwright.sync_api", reason="playwright is part of the test extra")

GROWTH = [7.0, 12.5, 18.0, 31.0, 44.5]  # one per session, none the default 24


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with streamlit_server(tmp_path_factory.mktemp("server"),
                          # no hot reload: an edit to a module during the run would re-import it under the sessions
                          "--server.fileWatcherType", "none") as base:
        yield base



@pytest.fixture
def pages(browser):
    """One browser context (its own cookies, storage and websocket session) per growth value."""
    contexts = [browser.new_context(viewport={"width": 1400, "height": 1000}) for _ in GROWTH]
    opened = []
    for context in contexts:
        pg = context.new_page()
        pg.set_default_timeout(120_000)
        opened.append(pg)
    yield opened
    for context in contexts:
        context.close()


def heading(growth: float) -> str:
    return f"At {growth:+g}% a year"


def settle(pg) -> None:
    pg.wait_for_timeout(300)
    pg.wait_for_selector(IDLE)
    pg.wait_for_selector(".js-plotly-plot, [data-testid='stException']")  # fail on an exception, not a timeout
    errors = pg.get_by_test_id("stException").all_inner_texts()
    assert not errors, errors


def assert_own_value(pg, growth: float, values: list[float] = GROWTH) -> None:
    """The sidebar says "At +X% a year" with this session's X, and nothing else's; no exception box."""
    sidebar = pg.get_by_test_id("stSidebar")
    sidebar.get_by_text(heading(growth), exact=True).wait_for(timeout=30_000)
    others = [heading(g) for g in [*values, 24.0] if g != growth]
    shown = sidebar.get_by_role("heading").all_inner_texts()
    assert not [h for h in shown if h.strip() in others], f"session {growth}% shows another session's value: {shown}"
    assert pg.get_by_test_id("stException").count() == 0, pg.get_by_test_id("stException").all_inner_texts()


def other_pages(pg) -> list[str]:
    links = pg.get_by_test_id("stSidebar").get_by_role("link").all_inner_texts()
    found = [name.split("\n")[-1].strip() for name in links]
    found = [name for name in found if name and name != "Overview"]
    assert found, links
    return found


def switch_pages(pages, growth_values) -> None:
    """Every session clicks a different page in the sidebar at once, then keeps its own value there."""
    names = other_pages(pages[0])
    for i, pg in enumerate(pages):
        pg.get_by_test_id("stSidebar").get_by_role("link", name=names[i % len(names)]).click()
    for pg, growth in zip(pages, growth_values, strict=True):
        pg.wait_for_function("() => location.pathname !== '/'")
        settle(pg)
        assert f"growth={growth:g}" in pg.url, f"the value travels with the page address: {pg.url}"
        assert_own_value(pg, growth, growth_values)


def open_all(pages, urls: list[str]) -> None:
    """Open every session before waiting on any (so the server runs them at the same time), then check
    that each shows its own growth value from ``GROWTH``."""
    for pg, url in zip(pages, urls, strict=True):
        pg.goto(url, wait_until="commit")
    for pg, growth in zip(pages, GROWTH, strict=True):
        settle(pg)
        assert_own_value(pg, growth)


def test_concurrent_deep_links_each_see_their_own_value(server, pages):
    open_all(pages, [f"{server}/?growth={growth:g}" for growth in GROWTH])


def page_paths() -> list[str]:
    """The address of every page in pages/ (streamlit drops the number prefix), found by glob."""
    return [re.sub(r"^\d+_", "", path.stem) for path in sorted((ROOT / "pages").glob("*.py"))]


def test_concurrent_deep_links_to_different_pages_each_see_their_own_value(server, pages):
    paths = page_paths()
    opened = [paths[i % len(paths)] for i in range(len(pages))]
    open_all(pages, [f"{server}/{path}?growth={growth:g}" for path, growth in zip(opened, GROWTH, strict=True)])
    for pg, path in zip(pages, opened, strict=True):
        assert pg.url.split("?")[0].endswith(f"/{path}")


def test_concurrent_slider_moves_stay_in_their_session_across_pages(server, pages):
    for pg in pages:
        pg.goto(server, wait_until="commit")
    for pg in pages:
        settle(pg)
    moved = []
    for i, pg in enumerate(pages):  # session i moves the slider i + 1 steps of 0.5 points down from 24
        thumb = pg.get_by_test_id("stSidebar").get_by_role("slider").first
        thumb.focus()
        for _ in range(i + 1):
            thumb.press("ArrowLeft")
        moved.append(24.0 - 0.5 * (i + 1))
    for pg, growth in zip(pages, moved, strict=True):
        pg.wait_for_function(f"() => location.search.includes('growth={growth:g}')")
        settle(pg)
        assert_own_value(pg, growth, moved)
    switch_pages(pages, moved)


def test_deep_link_value_survives_a_page_switch(server, pages):
    open_all(pages, [f"{server}/?growth={growth:g}" for growth in GROWTH])
    switch_pages(pages, GROWTH)
