"""A unit's forms across its folders, listed quickly however many there are.

Reading a form costs a millisecond or two (JSON, template, arithmetic); 2,000 of them would keep a
clerk waiting. So the list comes from a small index (one JSON file in the data folder) holding each
form's overview and texts, keyed by path and checked against the file's size and modification time:
only new or changed files are read again. A file that cannot be read is listed with the reason.
"""
from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path

from .. import __version__
from ..domain.overview import Overview, all_texts, overview
from ..domain.summary import Damaged, Entry
from . import evd, paths
from .atomic import SaveError, atomic_write
from .templates import TemplateRegistry

INDEX_FORMAT = 3
DECIMALS = ("initial_budget", "annual_budget", "executed", "execution_rate", "budget_score", "total_score")


@dataclass(frozen=True)
class LibraryItem:
    path: Path
    size: int
    mtime_ns: int
    overview: Overview | None  # None when the file cannot be read
    error: str = ""  # why not
    texts: str = ""  # everything typed in it, for the search

    @property
    def name(self) -> str:
        return self.path.name


@dataclass(frozen=True)
class Scan:
    items: list[LibraryItem]
    read: int  # files read afresh (new or changed); the rest came from the index
    folders_missing: list[Path]

    @property
    def entries(self) -> list[Entry]:
        return [Entry(i.name, i.overview) for i in self.items if i.overview is not None]

    @property
    def damaged(self) -> list[Damaged]:
        return [Damaged(i.name, i.error) for i in self.items if i.overview is None]


def form_files(folder: Path) -> list[tuple[Path, os.stat_result]]:
    """Every .evd file under the folder (sub-folders too, hidden ones skipped), with its stat."""
    found = []
    stack = [Path(folder)]
    while stack:
        current = stack.pop()
        try:
            with os.scandir(current) as entries:
                for entry in entries:
                    if entry.name.startswith("."):
                        continue
                    if entry.is_dir(follow_symlinks=False):
                        stack.append(Path(entry.path))
                    elif entry.name.lower().endswith(evd.EXTENSION) and entry.is_file():
                        found.append((Path(entry.path), entry.stat()))
        except OSError:
            continue  # an unreadable sub-folder: the rest is still listed
    return sorted(found, key=lambda pair: str(pair[0]))


class LibraryIndex:
    def __init__(self, registry: TemplateRegistry, index_file: Path | None = None) -> None:
        self.registry = registry
        self.index_file = index_file or paths.library_index_file()
        self.known: dict[str, LibraryItem] = self._load()
        self.texts_loaded = False
        self.save_error = ""

    def cached(self, folders: Iterable[Path]) -> list[LibraryItem]:
        """What the index holds for these folders, without looking at the disk: the list at once."""
        roots = [str(Path(f).resolve()) + os.sep for f in folders]
        return [item for key, item in self.known.items() if any(key.startswith(r) for r in roots)]

    def scan(self, folders: Iterable[Path], progress: Callable[[int, int], None] | None = None,
             stop: Callable[[], bool] = lambda: False) -> Scan:
        """Every form of the folders; files whose size or time changed since the index are read again.
        `stop` is asked between files: a window closing mid-way keeps what was read and returns at once."""
        items, read, missing = [], 0, []
        listing = []
        for folder in folders:
            if not Path(folder).is_dir():
                missing.append(Path(folder))
                continue
            listing += form_files(Path(folder).resolve())
        self._attach_texts()
        for number, (path, stat) in enumerate(listing, 1):
            if stop():
                break
            item = self.known.get(str(path))
            if item is None or item.size != stat.st_size or item.mtime_ns != stat.st_mtime_ns:
                item = read_item(path, stat, self.registry)
                self.known[str(path)] = item
                read += 1
                if progress is not None and read % 50 == 0:
                    progress(number, len(listing))
            items.append(item)
        if read or self._forget_missing(listing, folders):
            self.save()
        return Scan(items, read, missing)

    def _forget_missing(self, listing, folders) -> bool:
        present = {str(path) for path, _stat in listing}
        gone = [key for key in (str(i.path) for i in self.cached(folders)) if key not in present]
        for key in gone:
            del self.known[key]
        return bool(gone)

    # ------------------------------------------------------------------ the index files
    # Two files of JSON lines: the list's figures (small, read at once) and the texts for the search (large,
    # read after the list is shown). One line at a time, so a reading thread never holds the interpreter
    # for long: the window stays responsive however large the archive.
    @property
    def texts_file(self) -> Path:
        return self.index_file.with_name(self.index_file.stem + "-texts.jsonl")

    def _load(self) -> dict[str, LibraryItem]:
        known = {}
        try:
            with self.index_file.open(encoding="utf-8") as lines:
                header = json.loads(next(lines))
                if header.get("format") != INDEX_FORMAT or header.get("app_version") != __version__:
                    return {}  # another version may compute figures differently: read the forms again
                for line in lines:
                    item = _item_from(json.loads(line))
                    known[str(item.path)] = item
        except (OSError, ValueError, KeyError, TypeError, AttributeError, StopIteration):
            return {}  # no index, or a damaged one: it is only a cache, rebuilt from the forms
        return known

    def _attach_texts(self) -> None:
        """Fill in the search texts of the items that came from the index (once)."""
        if self.texts_loaded:
            return
        self.texts_loaded = True
        try:
            with self.texts_file.open(encoding="utf-8") as lines:
                for line in lines:
                    data = json.loads(line)
                    item = self.known.get(data["path"])
                    if item is not None and not item.texts and (item.size, item.mtime_ns) == (data["size"], data["mtime_ns"]):
                        self.known[data["path"]] = replace(item, texts=data["texts"])
        except (OSError, ValueError, KeyError, TypeError):
            pass  # a search over names still works; the texts come back with the next change

    def save(self) -> None:
        header = json.dumps({"format": INDEX_FORMAT, "app_version": __version__})
        items = list(self.known.values())
        figures = "\n".join([header, *(json.dumps(_item_to(i), ensure_ascii=False) for i in items)]) + "\n"
        texts = "".join(json.dumps({"path": str(i.path), "size": i.size, "mtime_ns": i.mtime_ns, "texts": i.texts},
                                   ensure_ascii=False) + "\n" for i in items if i.texts)
        try:
            atomic_write(self.texts_file, texts.encode("utf-8"), backup=False, make_folder=True)  # the app's own folder
            atomic_write(self.index_file, figures.encode("utf-8"), backup=False, make_folder=True)
            self.save_error = ""
        except SaveError as error:
            self.save_error = error.strerror  # the list is still right; only the next start is slower


def read_item(path: Path, stat: os.stat_result, registry: TemplateRegistry) -> LibraryItem:
    try:
        form = evd.load_form(path, registry)
    except evd.DocumentError as error:
        return LibraryItem(path, stat.st_size, stat.st_mtime_ns, None, str(error))
    return LibraryItem(path, stat.st_size, stat.st_mtime_ns, overview(form), "", all_texts(form))


def _item_to(item: LibraryItem) -> dict:
    data = {"path": str(item.path), "size": item.size, "mtime_ns": item.mtime_ns, "error": item.error}
    if item.overview is not None:
        view = dict(vars(item.overview))
        for key in DECIMALS:
            view[key] = None if view[key] is None else str(view[key])
        view["problem_messages"] = list(view["problem_messages"])
        view["grade_scale"] = list(view["grade_scale"])
        data["overview"] = view
    return data


def _item_from(data: dict) -> LibraryItem:
    view = data.get("overview")
    if view is not None:
        view = dict(view)
        for name in DECIMALS:
            view[name] = None if view[name] is None else Decimal(view[name])
        view["problem_messages"] = tuple(view["problem_messages"])
        view["grade_scale"] = tuple(view["grade_scale"])
        view = Overview(**view)
    return LibraryItem(Path(data["path"]), int(data["size"]), int(data["mtime_ns"]), view, data.get("error", ""))
