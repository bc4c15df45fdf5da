from pathlib import Path

import pytest

from tradetarget.data import Dataset, load_dataset

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def dataset() -> Dataset:
    return load_dataset()
