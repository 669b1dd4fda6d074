"""packaging/linux/make_packages.py on a stand-in app folder: what a desktop reads from the .deb and the tarball.

The real frozen app goes through the same code in tests/packaging/test_linux_package.py (heavy); here a
two-file folder is enough to read back the package's layout, control data, menu entry and file type.
"""
from __future__ import annotations

import configparser
import importlib.util
import os
import shutil
import subprocess
import tarfile
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(not shutil.which("dpkg-deb"), reason="dpkg-deb: Debian and Ubuntu only")


def load_make_packages():
    spec = importlib.util.spec_from_file_location("make_packages", ROOT / "packaging" / "linux" / "make_packages.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def packages(tmp_path):
    app = tmp_path / "dist" / "evaldesk"
    (app / "_internal").mkdir(parents=True)
    for name in ("evaldesk", "evaldesk-cli"):
        (app / name).write_text("#!/bin/sh\necho evaldesk 9.8.7\n", encoding="utf-8")
        (app / name).chmod(0o755)
    out = tmp_path / "out"
    assert load_make_packages().main([str(app), "--version", "9.8.7", "--out", str(out)]) == 0
    return out


def deb_field(deb: Path, field: str) -> str:
    return subprocess.run(["dpkg-deb", "-f", str(deb), field], capture_output=True, text=True, check=True).stdout.strip()


def desktop_entry(path: Path) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str
    parser.read(path, encoding="utf-8")
    return parser["Desktop Entry"]


def test_the_deb_puts_the_app_in_opt_with_commands_menu_entry_icon_and_evd_type(packages, tmp_path):
    deb = packages / "evaldesk_9.8.7_amd64.deb"
    assert deb_field(deb, "Package") == "evaldesk" and deb_field(deb, "Version") == "9.8.7"
    assert deb_field(deb, "Architecture") == "amd64" and "libc6 (>= 2.31)" in deb_field(deb, "Depends")
    files = tmp_path / "files"
    subprocess.run(["dpkg-deb", "-x", str(deb), str(files)], check=True)
    assert os.readlink(files / "usr" / "bin" / "evaldesk-cli") == "/opt/evaldesk/evaldesk-cli"
    assert os.access(files / "opt" / "evaldesk" / "evaldesk", os.X_OK)
    entry = desktop_entry(files / "usr" / "share" / "applications" / "evaldesk.desktop")
    assert entry["Name[zh_CN]"] == "绩效表填报助手" and entry["Exec"] == "/opt/evaldesk/evaldesk %F"
    assert entry["MimeType"] == "application/x-evaldesk-form;" and entry["Icon"] == "evaldesk"
    mime = ET.parse(files / "usr" / "share" / "mime" / "packages" / "evaldesk.xml").getroot()
    ns = {"m": "http://www.freedesktop.org/standards/shared-mime-info"}
    assert mime.find("m:mime-type", ns).get("type") == "application/x-evaldesk-form"
    assert mime.find("m:mime-type/m:glob", ns).get("pattern") == "*.evd"
    assert (files / "usr" / "share" / "icons" / "hicolor" / "256x256" / "apps" / "evaldesk.png").stat().st_size > 1000


def test_the_tarball_installs_the_menu_entry_for_a_user_without_root(packages, tmp_path):
    with tarfile.open(packages / "evaldesk-9.8.7-linux-x86_64.tar.xz") as tar:
        tar.extractall(tmp_path / "home", **({"filter": "data"} if hasattr(tarfile, "data_filter") else {}))
    unpacked = tmp_path / "home" / "evaldesk-9.8.7-linux-x86_64"
    share = tmp_path / "share"
    env = dict(os.environ, XDG_DATA_HOME=str(share))
    subprocess.run(["sh", str(unpacked / "install-user.sh")], env=env, check=True, capture_output=True)
    entry = desktop_entry(share / "applications" / "evaldesk.desktop")
    assert entry["Exec"] == f"{unpacked}/evaldesk/evaldesk %F"
    assert (share / "mime" / "packages" / "evaldesk.xml").exists()
    subprocess.run(["sh", str(unpacked / "install-user.sh"), "--remove"], env=env, check=True, capture_output=True)
    assert not (share / "applications" / "evaldesk.desktop").exists()


def test_an_arm64_folder_makes_an_arm64_deb_and_an_aarch64_tarball_with_its_versions(tmp_path):
    app = tmp_path / "dist" / "evaldesk"
    app.mkdir(parents=True)
    (app / "evaldesk").write_text("#!/bin/sh\n", encoding="utf-8")
    versions = tmp_path / "versions.txt"
    versions.write_text("PySide6_Essentials==6.8.0.2\n", encoding="utf-8")
    out = tmp_path / "out"
    argv = [str(app), "--version", "9.8.7", "--out", str(out), "--arch", "arm64", "--versions", str(versions)]
    assert load_make_packages().main(argv) == 0
    assert sorted(p.name for p in out.iterdir()) == [
        "evaldesk-9.8.7-linux-aarch64.tar.xz", "evaldesk-9.8.7-linux-aarch64.versions.txt", "evaldesk_9.8.7_arm64.deb"]
    assert deb_field(out / "evaldesk_9.8.7_arm64.deb", "Architecture") == "arm64"
    assert "libsm6" in deb_field(out / "evaldesk_9.8.7_arm64.deb", "Depends")  # Qt 6.8's xcb library needs it
    assert "6.8.0.2" in (out / "evaldesk-9.8.7-linux-aarch64.versions.txt").read_text(encoding="utf-8")
    with tarfile.open(out / "evaldesk-9.8.7-linux-aarch64.tar.xz") as tar:
        assert "evaldesk-9.8.7-linux-aarch64/evaldesk/evaldesk" in tar.getnames()
