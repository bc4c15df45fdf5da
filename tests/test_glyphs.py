"""Every script reaches the PNG: Chinese and Kazakh text are drawn as glyphs, not as empty boxes.

A missing font does not fail an export: Chromium draws each character it cannot find as the same
".notdef" box. So two different strings of the same length give the same picture when the font is
missing, and different pictures when it is there. The test renders a known string, a different
string of the same script and length, and a row of private-use characters (which no font has, so
they are boxes in any case), and compares the pixels of the title strip.
"""

import io

import numpy as np
import plotly.graph_objects as go
import pytest
from PIL import Image

from tradetarget import export

BOXES = "\U000f0001" * 6


def _title_pixels(text: str) -> np.ndarray:
    fig = go.Figure(layout={"title": {"text": text, "x": 0.02, "font": {"size": 40}},
                            "width": 600, "height": 200, "margin": {"t": 90}})
    image = Image.open(io.BytesIO(export.image_bytes(fig, "png", width=600, height=200, scale=1))).convert("L")
    return np.asarray(image)[:90, :]


def _differs(a: np.ndarray, b: np.ndarray) -> float:
    return float((np.abs(a.astype(int) - b.astype(int)) > 64).mean())


@pytest.fixture(scope="module", autouse=True)
def _browser():
    yield
    export.stop_browser()


@pytest.mark.parametrize(("known", "other"), [
    ("中国海关总署", "贸易额目标值"),  # Chinese (Noto CJK)
    ("әғқңөұ", "үһіәғқ"),  # Kazakh-specific Cyrillic letters (DejaVu)
])
def test_script_renders_as_glyphs(known, other):
    boxes, first, second = _title_pixels(BOXES), _title_pixels(known), _title_pixels(other)
    assert (first < 128).mean() > 0.002, "nothing was drawn"
    assert _differs(first, boxes) > 0.005, "the text was drawn as empty boxes"
    assert _differs(first, second) > 0.005, "two different strings drew the same boxes: no glyphs"
