from pathlib import Path

import pytest

from tradetarget import use_python_strings
from tradetarget.data import Dataset, load_dataset

ROOT = Path(__file__).resolve().parent.parent
use_python_strings()  # as the app and the CLI do


@pytest.fixture(scope="session")
def dataset() -> Dataset:
    return load_dataset()
