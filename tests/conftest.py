import os
from pathlib import Path

import pytest

from tradetarget import use_python_strings
from tradetarget.data import Dataset, load_dataset

ROOT = Path(__file__).resolve().parent.parent
use_python_strings()  # as the app and the CLI do
os.environ["TRADETARGET_STRICT_I18N"] = "1"  # a key missing from a catalogue fails the test (and the test servers)


@pytest.fixture(scope="session")
def dataset() -> Dataset:
    return load_dataset()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """``streamlit run dashboard.py`` on a free port for a browser test module; yields its base URL."""
    from tests.browser_support import streamlit_server

    with streamlit_server(tmp_path_factory.mktemp("server")) as base:
        yield base


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium under Playwright, one per browser test module."""
    from tests.browser_support import chromium

    playwright = pytest.importorskip("playwright.sync_api", reason="playwright is part of the test extra")
    with chromium(playwright) as b:
        yield b
