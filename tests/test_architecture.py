"""The core never imports streamlit; streamlit code lives only in dashboard.py, pages/ and ui/."""

import ast
import subprocess
import sys

from tests.conftest import ROOT


def _imports(path) -> set[str]:
    tree = ast.parse(path.read_text())
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_core_source_never_imports_streamlit():
    files = list((ROOT / "tradetarget").rglob("*.py"))
    assert files
    offenders = [f.name for f in files if "streamlit" in _imports(f)]
    assert offenders == []


def test_importing_the_core_does_not_load_streamlit():
    code = ("import sys, tradetarget.cli, tradetarget.charts, tradetarget.export, tradetarget.scenario; "
            "print('streamlit' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_streamlit_is_confined_to_the_ui_layer():
    allowed = {ROOT / "dashboard.py", *(ROOT / "pages").glob("*.py"), *(ROOT / "ui").glob("*.py")}
    users = {p for p in ROOT.rglob("*.py") if ".venv" not in p.parts and "tests" not in p.parts
             and "bench" not in p.parts and "streamlit" in _imports(p)}
    assert users <= allowed
    assert ROOT / "dashboard.py" in users


def test_no_st_navigation_with_classic_pages():
    assert "st.navigation" not in (ROOT / "dashboard.py").read_text()
    assert sorted(p.name for p in (ROOT / "pages").glob("*.py")) == [
        "1_Projection.py", "2_Milestones.py", "3_Data_and_sources.py", "4_Pledges_and_claims.py",
        "5_Uncertainty_and_scenarios.py", "6_Year_to_date.py"]


def test_server_config_is_safe_for_uploads():
    import tomllib

    from tradetarget.upload import MAX_UPLOAD_BYTES

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["enableXsrfProtection"] is True
    assert config["server"]["maxUploadSize"] * 1024 * 1024 == MAX_UPLOAD_BYTES


def test_no_html_injection_or_code_execution_paths():
    ui_files = [ROOT / "dashboard.py", *(ROOT / "pages").glob("*.py"), *(ROOT / "ui").glob("*.py")]
    assert not [f.name for f in ui_files if "unsafe_allow_html" in f.read_text()]
    core = list((ROOT / "tradetarget").rglob("*.py"))
    for f in core + ui_files:
        tree = ast.parse(f.read_text())
        calls = {n.func.id for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)}
        assert not calls & {"eval", "exec", "compile"}, f.name
        assert not _imports(f) & {"pickle", "marshal", "shelve"}, f.name
