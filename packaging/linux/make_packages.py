"""Wraps a frozen Linux folder (dist/evaldesk) as a .deb and a plain .tar.xz.

    python3 packaging/linux/make_packages.py DIST/evaldesk --version 0.1.0 --out dist/linux [--arch arm64]

The .deb installs offline with `dpkg -i`: the app in /opt/evaldesk, `evaldesk` and `evaldesk-cli` in
/usr/bin, a desktop entry in Chinese, the icon, and the .evd file type (shared-mime-info), which opens
in evaldesk. It has no maintainer scripts at all: the desktop, MIME and icon caches are refreshed by
the triggers of desktop-file-utils, shared-mime-info and hicolor-icon-theme, and nothing is downloaded.
The tarball holds the same folder plus install-user.sh, for users without root.
Run by scripts/linux-package.sh; standard library only (the host's python3 runs it).
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ICON = HERE.parent.parent / "src" / "evaldesk" / "resources" / "icons" / "evaldesk.png"
PREFIX = "opt/evaldesk"
# Debian's architecture (the .deb's name and Architecture) and the machine the tarball's name says (`uname -m`).
MACHINES = {"amd64": "x86_64", "arm64": "aarch64"}
# What the frozen folder takes from the system instead of bundling (PyInstaller leaves out glibc, and the
# graphics and X libraries a desktop always has). All are on every UOS and Kylin desktop; the package
# names are Debian's, which UOS (Debian-based) and Kylin (Ubuntu-based) share.
DEPENDS = [
    "libc6 (>= 2.31)", "libgl1", "libegl1", "libfontconfig1", "libfreetype6", "libglib2.0-0", "libdbus-1-3",
    "libx11-6", "libx11-xcb1", "libxcb1", "libxkbcommon0", "libxkbcommon-x11-0", "libxcb-cursor0",
    "libxcb-icccm4", "libxcb-image0", "libxcb-keysyms1", "libxcb-randr0", "libxcb-render-util0",
    "libxcb-shape0", "libxcb-xkb1",
    "libcups2",  # Qt's print dialog and printing to the office printer go through CUPS
]
# The arm64 package's Qt 6.8 (see linux-package.sh) links its xcb library to libSM and libICE; 6.9 no longer.
DEPENDS_OF = {"amd64": DEPENDS, "arm64": DEPENDS + ["libsm6", "libice6"]}
# xz -1: minutes faster than the default -6 on a shared 2-core machine, for a package a little larger.
# Every dpkg reads xz (zstd only from dpkg 1.21.18, newer than UOS and Kylin V10 carry).
XZ_LEVEL = 1
SUMMARY = "绩效表填报助手：离线填写预算绩效表 / offline budget-performance form editor"
DESCRIPTION = """\
 填写《财政项目支出绩效自评表》、上海《项目绩效自我评价》和《绩效目标申报表》，
 边填边算，导出符合表样的 Excel 和 PDF。不需要联网。
 .
 An offline editor for the budget-performance forms Chinese public units file every
 year: live arithmetic, problems listed as you type, print-ready Excel and PDF."""


def stage_deb(app: Path, root: Path, version: str, arch: str = "amd64") -> None:
    shutil.copytree(app, root / PREFIX, symlinks=True)
    bin_dir = root / "usr" / "bin"
    bin_dir.mkdir(parents=True)
    for name in ("evaldesk", "evaldesk-cli"):
        (bin_dir / name).symlink_to(f"/{PREFIX}/{name}")
    share = root / "usr" / "share"
    install(HERE / "evaldesk.desktop", share / "applications" / "evaldesk.desktop")
    install(HERE / "evaldesk-mime.xml", share / "mime" / "packages" / "evaldesk.xml")
    install(ICON, share / "icons" / "hicolor" / "256x256" / "apps" / "evaldesk.png")
    install(ICON, share / "icons" / "hicolor" / "256x256" / "mimetypes" / "application-x-evaldesk-form.png")
    (root / "DEBIAN").mkdir()
    (root / "DEBIAN" / "control").write_text(control(version, installed_kib(root), arch), encoding="utf-8")


def install(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(source, target)
    target.chmod(0o644)


def installed_kib(root: Path) -> int:
    return sum(p.lstat().st_size for p in root.rglob("*") if not p.is_dir()) // 1024 + 1


def control(version: str, size_kib: int, arch: str = "amd64") -> str:
    return (f"Package: evaldesk\nVersion: {version}\nArchitecture: {arch}\nSection: office\nPriority: optional\n"
            f"Maintainer: evaldesk <evaldesk@users.noreply.invalid>\nInstalled-Size: {size_kib}\n"
            f"Depends: {', '.join(DEPENDS_OF[arch])}\nDescription: {SUMMARY}\n{DESCRIPTION}\n")


def build_deb(app: Path, version: str, out: Path, arch: str = "amd64") -> Path:
    deb = out / f"evaldesk_{version}_{arch}.deb"
    with tempfile.TemporaryDirectory(prefix="evaldesk-deb-") as tmp:
        root = Path(tmp) / "root"
        stage_deb(app, root, version, arch)
        command = ["dpkg-deb", "--root-owner-group", "-Zxz", f"-z{XZ_LEVEL}", "--build", str(root), str(deb)]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return deb


def build_tarball(app: Path, version: str, out: Path, arch: str = "amd64") -> Path:
    name = f"evaldesk-{version}-linux-{MACHINES[arch]}"
    tarball = out / f"{name}.tar.xz"
    with tempfile.TemporaryDirectory(prefix="evaldesk-tar-") as tmp:
        top = Path(tmp) / name
        shutil.copytree(app, top / "evaldesk", symlinks=True)
        for source in ("install-user.sh", "evaldesk.desktop", "evaldesk-mime.xml"):
            shutil.copy2(HERE / source, top / source)
        shutil.copy2(ICON, top / "evaldesk.png")
        env = dict(os.environ, XZ_OPT=f"-{XZ_LEVEL} -T0")
        subprocess.run(["tar", "--owner=0", "--group=0", "-cJf", str(tarball), "-C", tmp, name], check=True, env=env)
    return tarball


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("app", type=Path, help="the frozen folder (…/dist/evaldesk)")
    parser.add_argument("--version", required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--arch", choices=sorted(MACHINES), default="amd64", help="the frozen folder's (default amd64)")
    parser.add_argument("--versions", type=Path, help="what it was built with (pip freeze): kept beside the tarball")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    deb = build_deb(args.app, args.version, args.out, args.arch)
    tarball = build_tarball(args.app, args.version, args.out, args.arch)
    for made in (deb, tarball):
        print(f"{made.name}: {made.stat().st_size / 2**20:.1f} MB")
    if args.versions:
        shutil.copy2(args.versions, tarball.with_name(tarball.name.removesuffix(".tar.xz") + ".versions.txt"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
