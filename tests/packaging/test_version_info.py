"""The Windows version resource (Explorer → Properties → Details) says what the package says."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

import evaldesk

ROOT = Path(__file__).resolve().parents[2]


def load_packaging_module(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "packaging" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def pyinstaller_versioninfo():
    """PyInstaller's own reader of the resource text; off Windows it needs a stand-in for win32api."""
    pytest.importorskip("pefile", reason="pefile comes with the build extra")
    import PyInstaller.compat as compat

    if not hasattr(compat, "win32api"):
        compat.win32api = None  # only used to write resources into an exe, never to parse them
    from PyInstaller.utils.win32 import versioninfo

    return versioninfo


@pytest.mark.parametrize("version, numbers", [("0.1.0", (0, 1, 0, 0)), ("1.2.0rc1", (1, 2, 0, 0)),
                                              ("2.10.3.7", (2, 10, 3, 7)), ("3", (3, 0, 0, 0))])
def test_windows_gets_four_numbers_from_any_version(version, numbers):
    assert load_packaging_module("version_info").version_tuple(version) == numbers


def test_the_exe_version_resource_carries_the_package_version_and_chinese_name(tmp_path):
    version_info = load_packaging_module("version_info")
    versioninfo = pyinstaller_versioninfo()
    path = version_info.write_version_file(tmp_path / "v.txt", evaldesk.__version__, "evaldesk.exe",
                                           evaldesk.APP_DISPLAY_NAME, evaldesk.APP_DISPLAY_NAME)
    resource = versioninfo.load_version_info_from_text_file(str(path))
    major, minor, patch, build = version_info.version_tuple(evaldesk.__version__)
    assert resource.ffi.fileVersionMS == (major << 16) | minor and resource.ffi.fileVersionLS == (patch << 16) | build
    strings = {s.name: s.val for s in resource.kids[0].kids[0].kids}
    assert strings["ProductVersion"] == evaldesk.__version__
    assert strings["ProductName"] == "绩效表填报助手 evaldesk"
    assert strings["OriginalFilename"] == "evaldesk.exe"
