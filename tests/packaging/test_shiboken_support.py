"""packaging/shiboken_support.py: PySide6's support modules compiled for the frozen app, one .pyc a module."""
import importlib.util
import marshal
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def load_module():
    spec = importlib.util.spec_from_file_location("shiboken_support", ROOT / "packaging" / "shiboken_support.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_support_module_is_written_compiled_for_this_python(tmp_path):
    import PySide6.QtCore  # noqa: F401  (shiboken6 loads its support modules)

    support = load_module()
    sources = support.support_sources()
    assert "shibokensupport/signature/loader.py" in sources and "shibokensupport/feature.py" in sources
    written = support.write_compiled_support(tmp_path)
    assert sorted(p.relative_to(tmp_path).as_posix() for p in written) == sorted(
        name[:-3] + ".pyc" for name in sources)
    for path in written:
        data = path.read_bytes()
        assert data[:4] == importlib.util.MAGIC_NUMBER
        code = marshal.loads(data[16:])
        assert code.co_filename.startswith("shibokensupport/")  # tracebacks name the module, not a temp folder
    assert "shibokensupport" in sys.modules  # reading the sources left the running PySide6 alone


def test_a_second_build_leaves_nothing_of_the_first(tmp_path):
    import PySide6.QtCore  # noqa: F401

    support = load_module()
    stale = tmp_path / "shibokensupport" / "from_another_version.pyc"
    stale.parent.mkdir(parents=True)
    stale.write_bytes(b"old")
    support.write_compiled_support(tmp_path)
    assert not stale.exists()
