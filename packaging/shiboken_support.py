"""PySide6's own Python support code, compiled once when the frozen app is built instead of at every start.

shiboken6 keeps its support modules (`shibokensupport`: signatures, `__feature__`) as source in a zip embedded
in its library, and compiles them at every start of every PySide6 program: about 100 M processor instructions,
8 % of the frozen app's start to its first paint (16 ms here: packaging/README.md). Before that it looks for
them as files in a folder `files.dir` beside its package (the folder `SBK_EMBED=0` writes out). The frozen app
ships them there, compiled: the sourceless .pyc files load without compiling anything.

Used by packaging/evaldesk.spec: `write_compiled_support(folder)`, then the folder goes into the app as
shiboken6/files.dir.
"""
from __future__ import annotations

import py_compile
import sys
import tempfile
from pathlib import Path

PACKAGE = "shibokensupport"


def support_sources() -> dict[str, bytes]:
    """shibokensupport/…/name.py → its source: from the zip embedded in shiboken6's library, or from the
    files.dir an `SBK_EMBED=0` start wrote out beside the package."""
    import shiboken6

    files_dir = Path(shiboken6.__file__).resolve().parent / "files.dir"
    if files_dir.is_dir():
        return {path.relative_to(files_dir).as_posix(): path.read_bytes() for path in (files_dir / PACKAGE).rglob("*.py")}
    zipped = sys.modules[PACKAGE].__loader__.zfile  # signature_bootstrap's EmbeddableZipImporter
    return {name: zipped.read(name) for name in zipped.namelist() if name.startswith(PACKAGE + "/") and name.endswith(".py")}


def write_compiled_support(folder: Path) -> list[Path]:
    """Write each support module as a sourceless .pyc (the building Python's: the frozen app's) under `folder`,
    emptied first: nothing left from a build with another Python or PySide6 goes into the app."""
    import shutil

    shutil.rmtree(folder, ignore_errors=True)
    written = []
    with tempfile.TemporaryDirectory() as sources:
        for name, source in sorted(support_sources().items()):
            path = Path(sources) / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(source)
            target = folder / (name[: -len(".py")] + ".pyc")
            target.parent.mkdir(parents=True, exist_ok=True)
            py_compile.compile(str(path), cfile=str(target), dfile=name, doraise=True)
            written.append(target)
    if not written:
        raise SystemExit("shiboken6 has no support modules to compile: has PySide6 changed how it ships them?")
    return written
