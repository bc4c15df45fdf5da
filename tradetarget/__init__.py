"""Core of the China–Kazakhstan trade-target tracker: data, model, charts, export. Never imports streamlit."""

import pandas as pd


def use_python_strings() -> None:
    """Store pandas strings as Python objects, not Arrow arrays, for the whole process.

    The frames here have tens of rows; with pyarrow installed, pandas 3 keeps strings in Arrow arrays, and
    filtering, taking and building frames that small then costs more in per-call overhead than in work: a
    fifth to a quarter of building a chart or the simulation for a new slider value, a third of the server's
    busy time under load (py-spy). The dtype and its semantics (``str``, missing values as NaN) stay the
    same. The entry points call it (``ui/core.py``, the CLI, the tests); frames made before keep Arrow.
    """
    pd.set_option("mode.string_storage", "python")
