"""The Linux package for 信创 desktops, built on Debian 11 and proven in a fresh Debian 11 root.

Heavy: `scripts/linux-package.sh` makes (once per machine, then cached) a Debian 11 build root with
CPython 3.13 compiled from Debian's source, freezes the app there, wraps it as a .deb and a .tar.xz,
and proves both in a fresh Debian 11 root with no network (packaging/linux/prove.sh runs
packaging/smoke_test.py on the installed app). The checks here read the packages it made.
"""
from __future__ import annotations

import os
import platform
import re
import shutil
import subprocess
import tarfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
OLDEST_GLIBC = (2, 31)  # Debian 11; what the package says it needs (packaging/README.md)

pytestmark = [
    pytest.mark.heavy,
    pytest.mark.skipif(platform.system() != "Linux" or platform.machine() != "x86_64" or os.geteuid() != 0
                       or not shutil.which("debootstrap"),
                       reason="needs root, x86_64 and debootstrap (scripts/system-deps.sh test installs it)"),
    pytest.mark.skipif(bool(os.environ.get("EVALDESK_IN_DEBIAN_ROOT")),
                       reason="already inside a debootstrap root (scripts/test-in-debian.sh)"),
]


def version() -> str:
    text = (ROOT / "src" / "evaldesk" / "__init__.py").read_text(encoding="utf-8")
    return re.search(r'__version__\s*=\s*"([^"]+)"', text).group(1)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("linux-package")
    done = subprocess.run(["bash", "scripts/linux-package.sh", "--out", str(out)], cwd=ROOT, capture_output=True,
                          text=True, timeout=3600)
    print(done.stdout)
    assert done.returncode == 0, f"{done.stdout[-4000:]}\n{done.stderr[-6000:]}"
    yield out, done.stdout
    shutil.rmtree(out)


@pytest.fixture(scope="module")
def unpacked(built, tmp_path_factory):
    out, _ = built
    folder = tmp_path_factory.mktemp("deb-contents")
    subprocess.run(["dpkg-deb", "-x", str(out / f"evaldesk_{version()}_amd64.deb"), str(folder)], check=True)
    yield folder
    shutil.rmtree(folder)


def test_the_deb_installs_offline_and_passes_the_smoke_test_in_a_fresh_debian_11_root(built):
    _, log = built
    assert "prove: dpkg -i with no network" in log
    assert "prove: .evd type, menu entry, icon and libraries in place" in log
    assert "smoke test: passed" in log
    assert "prove: the tarball installs for a user without root and exports a form" in log
    assert log.rstrip().endswith("prove: passed")


def test_the_app_is_frozen_on_a_python_without_the_refcount_bug(unpacked):
    internal = unpacked / "opt" / "evaldesk" / "_internal"
    pythons = sorted(p.name for p in internal.glob("libpython3.*.so*"))
    assert pythons and all(re.match(r"libpython3\.(1[2-9])", name) for name in pythons), pythons


def test_the_deb_has_no_maintainer_scripts_that_could_download(built):
    out, _ = built
    info = subprocess.run(["dpkg-deb", "-I", str(out / f"evaldesk_{version()}_amd64.deb")], capture_output=True,
                          text=True, check=True).stdout
    assert not re.search(r"\b(preinst|postinst|prerm|postrm|config)\b", info)


def needed_glibc(folder: Path) -> tuple[tuple[int, int], str]:
    """The newest GLIBC_x.y symbol version any ELF file in the folder asks for, and the file."""
    newest, which = (0, 0), ""
    for path in folder.rglob("*"):
        if not path.is_file() or path.is_symlink() or path.open("rb").read(4) != b"\x7fELF":
            continue
        symbols = subprocess.run(["objdump", "-T", str(path)], capture_output=True, text=True).stdout
        for major, minor in re.findall(r"GLIBC_(\d+)\.(\d+)", symbols):
            if (int(major), int(minor)) > newest:
                newest, which = (int(major), int(minor)), path.name
    return newest, which


def test_nothing_in_the_app_needs_a_newer_glibc_than_debian_11(unpacked):
    newest, which = needed_glibc(unpacked / "opt" / "evaldesk")
    print(f"newest glibc symbol needed: {newest[0]}.{newest[1]} ({which})")
    assert (2, 17) <= newest <= OLDEST_GLIBC, which


def test_the_tarball_holds_the_same_app_and_the_user_install(built, unpacked):
    out, _ = built
    with tarfile.open(out / f"evaldesk-{version()}-linux-x86_64.tar.xz") as tar:
        names = set(tar.getnames())
    top = f"evaldesk-{version()}-linux-x86_64"
    assert {f"{top}/install-user.sh", f"{top}/evaldesk/evaldesk", f"{top}/evaldesk/evaldesk-cli"} <= names
    in_deb = {str(p.relative_to(unpacked / "opt")) for p in (unpacked / "opt" / "evaldesk").rglob("*")}
    assert in_deb == {name.removeprefix(f"{top}/") for name in names if name.startswith(f"{top}/evaldesk/")}
