"""Streamlit-only helpers: the one place besides dashboard.py and pages/ that imports streamlit.

``controls`` holds the shared sidebar, ``core`` the cached calls into
``tradetarget``, and ``render`` the chart/export widgets.
"""
