"""The display formatting the pages' tables share, and the cached table functions behind them."""

import functools
import gc
import shutil
import types

import pandas as pd
import pytest

from tradetarget import ledger
from tradetarget.data import DATA_DIR, DATA_ENV
from ui import core, tables


def test_displayed_formats_floats_dashes_gaps_and_keeps_the_rest():
    frame = pd.DataFrame({"value": [1234.567, None], "note": ["x", None], "year": [2023, 2024], "flag": [True, False],
                          "growth_pct": [45.0, 3.14159], "turnover_usd_bn": [14.334, 20.3],
                          "gap_usd_bn": [8082.24, 1.0]})
    shown = core.displayed(frame, precision=1)
    assert shown["Value"].tolist() == ["1,234.6", "—"]
    assert shown["Note"].tolist() == ["x", "—"]
    assert shown["Year"].tolist() == [2023, 2024] and shown["Flag"].tolist() == [True, False]
    assert shown["Growth (%)"].tolist() == ["45.0", "3.1"], "a growth rate with one decimal, not 45.000"
    assert shown["Turnover (USD bn)"].tolist() == ["14.334", "20.3"], "a sourced figure as the source gave it"
    assert shown["Gap, GACC − BNS (USD bn)"].tolist() == ["8,082.2", "1.0"], "a thousands separator"
    assert not any("_" in c for c in shown.columns), "human headers with units"
    assert frame["value"].isna().tolist() == [False, True], "the input is not changed"


def test_a_displayed_frame_stays_marked_when_filtered():
    """The milestones fragment filters a cached, formatted frame; render.table must not format it twice."""
    shown = core.displayed(pd.DataFrame({"category": ["visa", "summit"], "usd": [1.0, None]}))
    assert core.is_displayed(shown)
    assert core.is_displayed(shown[shown["Category"].isin(["visa"])])
    assert not core.is_displayed(pd.DataFrame({"a": [1]}))


def test_page_tables_come_from_the_dataset(dataset):
    assert list(tables.claims(dataset).columns) == tables.CLAIM_COLUMNS
    assert set(tables.ytd_estimates(dataset, "Jan–Oct 2023")["period"]) == {"Jan–Oct 2023"}
    assert len(tables.ytd_estimates(dataset)) > len(tables.ytd_estimates(dataset, "Jan–Oct 2023"))
    assert "line" not in tables.observations(dataset) and "line" not in tables.visitors(dataset)
    shown = tables.verdicts(dataset, 24.0, pd.Timestamp("2026-11-28").date(), None, ("BNS",))
    assert list(shown.columns) == ["Target", "Source", "Status", "Verdict", "Reached"]
    assert set(shown["Source"]) == {"BNS"}


def _module(name: str, source: str):
    """A fresh module made from ``source``, as ``streamlit run`` imports an edited file again."""
    module = types.ModuleType(name)
    exec(compile(source, f"{name}.py", "exec"), module.__dict__)
    return module


def test_an_edited_function_is_not_served_its_old_results(dataset):
    data = core.Data(dataset, "stamp-for-this-test|")
    before = _module("edited_tables", "def rows(dataset):\n    return 1\n")
    after = _module("edited_tables", "def rows(dataset):\n    return 2\n")
    assert before.rows.__qualname__ == after.rows.__qualname__
    assert (data.derived(before.rows), data.derived(after.rows)) == (1, 2)
    assert data.derived(before.rows) == 1, "still cached"


def test_lambdas_and_closures_are_refused_as_cache_keys(dataset):
    data = core.Data(dataset, "stamp-for-this-test|")
    with pytest.raises(TypeError, match="module-level function"):
        data.derived(lambda d: 1)
    offset = 3

    def nested(d):
        return offset

    with pytest.raises(TypeError, match="module-level function"):
        data.shown(nested)


def test_a_data_folder_with_a_bar_in_its_name_loads(tmp_path, monkeypatch):
    folder = tmp_path / "trade|data"
    shutil.copytree(DATA_DIR, folder)
    monkeypatch.setenv(DATA_ENV, str(folder))
    data = core.current()
    assert data.stamp.startswith(f"{folder}|") and not data.dataset.turnover.empty


def test_a_static_table_is_the_displayed_frame_as_arrow(dataset):
    data = core.Data(dataset, "stamp-for-this-test|")
    table = data.table(tables.verdicts, 24.0, pd.Timestamp("2026-11-28").date(), index="Target")
    expected = core.displayed(tables.verdicts(dataset, 24.0, pd.Timestamp("2026-11-28").date())).set_index("Target")
    back = table.to_pandas()
    pd.testing.assert_frame_equal(back, expected, check_dtype=False)
    assert data.table(tables.verdicts, 24.0, pd.Timestamp("2026-11-28").date(), index="Target") is table
    backtest = data.table(ledger.backtest).to_pandas()
    assert "—" in backtest["Actual full year (USD bn)"].tolist(), "missing values show as a dash"


def test_a_reloaded_function_with_the_same_code_gets_a_new_key(dataset):
    """Only a constant changes between imports; freed functions' addresses are reused, their keys are not."""
    data = core.Data(dataset, "stamp-for-this-test|")
    seen = []
    for value in range(6):
        module = _module("reloaded_tables", f"VALUE = {value}\n\ndef rows(dataset):\n    return VALUE\n")
        seen.append(data.derived(module.rows))
        del module
        gc.collect()
    assert seen == list(range(6))


class _Tables:
    def claims(self, dataset):
        return tables.claims(dataset)


@pytest.mark.parametrize("fn", [functools.partial(tables.claims), _Tables().claims, print])
def test_partials_methods_and_builtins_are_refused_as_cache_keys(dataset, fn):
    with pytest.raises(TypeError, match="module-level function"):
        core.Data(dataset, "stamp-for-this-test|").derived(fn)


def test_numeric_columns_are_found_once_and_travel_with_the_cached_table(dataset):
    """render.table right-aligns these; they are found when the table is formatted, not on every rerun."""
    data = core.Data(dataset, "stamp-for-this-test|")
    shown = data.shown(ledger.flow_gaps)
    assert core.numeric_columns(shown) == ["GACC (USD bn)", "BNS (USD bn)", "Gap, GACC − BNS (USD bn)",
                                           "Gap (% of GACC)"]
    assert core.numeric_columns(data.table(ledger.flow_gaps)) == core.numeric_columns(shown)
    assert "Flow" not in core.numeric_columns(shown)
