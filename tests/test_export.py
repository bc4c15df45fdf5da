"""Exports: CSV safety, the modebar config, and real PNGs from the warm browser."""

import struct

import pandas as pd
import pytest

from tradetarget import charts, export
from tradetarget.scenario import View, build


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    return struct.unpack(">II", data[16:24])


def test_csv_neutralises_formulas():
    frame = pd.DataFrame({"text": ["=HYPERLINK(1)", "+1+cmd|' /C calc'!A0", "-2+3", "@SUM", "plain", "+24%", "-6.5"],
                          "n": [-1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0]})
    out = export.csv_bytes(frame).decode()
    assert "'=HYPERLINK(1)" in out and "'+1+cmd" in out and "'-2+3" in out and "'@SUM" in out
    assert "\nplain," in out and "-1.0" in out  # numbers are left alone
    assert "\n+24%," in out and "\n-6.5," in out, "a plain signed number or percentage stays a number"


def test_modebar_config_is_print_quality():
    cfg = export.modebar_config("kz-cn-trade-overview")
    opts = cfg["toImageButtonOptions"]
    assert opts["format"] == "png" and opts["scale"] == 2 and opts["filename"] == "kz-cn-trade-overview"
    assert opts["width"] >= 1200 and opts["height"] >= 675


def test_no_browser_gives_install_hint(monkeypatch):
    monkeypatch.setenv(export.BROWSER_ENV, "none")
    assert export.browser_path() is None
    with pytest.raises(export.ExportUnavailable, match="apt-get install -y chromium"):
        export.ensure_warm_browser()


def test_browser_is_found():
    assert export.browser_path() is not None, "the test command installs chromium; it must be found"


@pytest.mark.browser
def test_png_export_of_every_chart(dataset):
    outlook = build(dataset, View())
    try:
        for chart in charts.all_charts(dataset, outlook):
            data = export.png_bytes(chart.figure, height=chart.export_height)
            assert png_size(data) == (2 * export.EXPORT_WIDTH, 2 * chart.export_height), "print resolution: 2x"
            assert len(data) > 20_000  # a drawn chart, not an empty canvas
    finally:
        export.stop_browser()
