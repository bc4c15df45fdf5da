"""Core of the China–Kazakhstan trade-target tracker: data, model, charts, export. Never imports streamlit.

Importing it sets pandas' string storage to Python objects for the whole process. The frames here have
tens of rows; with pyarrow installed, pandas 3 keeps strings in Arrow arrays, and filtering, taking and
building frames that small then costs more in per-call overhead than in work: a fifth to a quarter of
building a chart or the simulation for a new slider value (bench/profile_rerun.py --fresh; py-spy on the
load test). The dtype and its semantics (``str``, missing values as NaN) stay the same.
"""

import pandas as pd

pd.set_option("mode.string_storage", "python")
