"""A unit's forms across its folders, listed quickly however many there are.

Reading a form costs a millisecond or two (JSON, template, arithmetic); 2,000 of them would keep a
clerk waiting. So the list comes from a small index in the data folder: one JSON document holding each
form's overview as a row of values (one parse for the whole list), keyed by path and checked against the
file's size and modification time: only new or changed files are read again. The texts for the search
(ten times larger) are a second file, read only after the list is shown. A file that cannot be read is
listed with the reason.
"""
from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable
from decimal import Decimal
from pathlib import Path

from .. import __version__
from ..domain.overview import Overview, all_texts, overview
from ..domain.summary import Damaged, Entry
from . import evd, paths
from .atomic import SaveError, atomic_write
from ..domain.value import Value, field_names, replace
from .templates import TemplateRegistry

INDEX_FORMAT = 4
OVERVIEW_FIELDS = field_names(Overview)  # an overview is stored as its values in this order
DECIMALS = tuple(OVERVIEW_FIELDS.index(name) for name in
                 ("initial_budget", "annual_budget", "executed", "execution_rate", "budget_score", "total_score"))
TUPLES = tuple(OVERVIEW_FIELDS.index(name) for name in ("problem_messages", "grade_scale"))


class LibraryItem(Value):
    path: Path
    size: int
    mtime_ns: int
    overview: Overview | None  # None when the file cannot be read
    error: str = ""  # why not
    texts: str = ""  # everything typed in it, for the search

    @property
    def name(self) -> str:
        return self.path.name


class Scan(Value):
    items: list[LibraryItem]
    read: int  # files read afresh (new or changed); the rest came from the index
    folders_missing: list[Path]

    @property
    def entries(self) -> list[Entry]:
        return [Entry(i.name, i.overview) for i in self.items if i.overview is not None]

    @property
    def damaged(self) -> list[Damaged]:
        return [Damaged(i.name, i.error) for i in self.items if i.overview is None]


def form_files(folder: Path) -> list[tuple[str, os.stat_result]]:
    """Every .evd file under the folder (sub-folders too, hidden ones skipped), with its stat, by path.
    Paths as strings: the index is keyed by them, and a Path object for each of 2,000 unchanged files
    would cost more than their stats."""
    found = []
    stack = [str(folder)]
    while stack:
        current = stack.pop()
        try:
            with os.scandir(current) as entries:
                for entry in entries:
                    name = entry.name
                    if name.startswith("."):
                        continue
                    if entry.is_dir(follow_symlinks=False):
                        stack.append(entry.path)
                    elif name.lower().endswith(evd.EXTENSION) and entry.is_file():
                        found.append((entry.path, entry.stat()))
        except OSError:
            continue  # an unreadable sub-folder: the rest is still listed
    found.sort()
    return found


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
        known = self.known
        for number, (key, stat) in enumerate(listing, 1):
            if stop():
                break
            item = known.get(key)
            if item is None or item.size != stat.st_size or item.mtime_ns != stat.st_mtime_ns:
                item = known[key] = read_item(Path(key), stat, self.registry)
                read += 1
                if progress is not None and read % 50 == 0:
                    progress(number, len(listing))
            items.append(item)
        if read or self._forget_missing(listing, folders):
            self.save()
        return Scan(items, read, missing)

    def _forget_missing(self, listing, folders) -> bool:
        present = {key for key, _stat in listing}
        roots = [str(Path(f).resolve()) + os.sep for f in folders]
        gone = [key for key in self.known if key not in present and any(key.startswith(r) for r in roots)]
        for key in gone:
            del self.known[key]
        return bool(gone)

    def search_texts(self, items: list[LibraryItem]) -> dict[str, str]:
        """Path → everything typed in the form, for these items (the texts file is read once): for after
        the list is shown, so a search can look beyond the project names."""
        self._attach_texts()
        known = self.known
        return {key: found.texts for key, found in ((str(i.path), known.get(str(i.path), i)) for i in items)}

    # ------------------------------------------------------------------ the index files
    # The list's figures: one JSON document, parsed in one call. The texts for the search: JSON lines, read
    # one at a time after the list is shown, so that thread never holds the interpreter for long.
    @property
    def texts_file(self) -> Path:
        return self.index_file.with_name(self.index_file.stem + "-texts.jsonl")

    def _load(self) -> dict[str, LibraryItem]:
        try:
            data = json.loads(self.index_file.read_bytes())
            if data.get("format") != INDEX_FORMAT or data.get("app_version") != __version__ \
                    or data.get("fields") != list(OVERVIEW_FIELDS):
                return {}  # another version may compute figures differently: read the forms again
            return {entry[0]: _item_from(entry) for entry in data["items"]}
        except (OSError, ValueError, KeyError, TypeError, AttributeError, IndexError):
            return {}  # no index, or a damaged one: it is only a cache, rebuilt from the forms

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
        self._attach_texts()  # the unchanged files' texts are written again, not lost
        items = list(self.known.values())
        figures = json.dumps({"format": INDEX_FORMAT, "app_version": __version__, "fields": OVERVIEW_FIELDS,
                              "items": [_item_to(i) for i in items]}, ensure_ascii=False, separators=(",", ":"))
        texts = "".join(json.dumps({"path": str(i.path), "size": i.size, "mtime_ns": i.mtime_ns, "texts": i.texts},
                                   ensure_ascii=False) + "\n" for i in items if i.texts)
        try:
            atomic_write(self.texts_file, texts.encode("utf-8"), backup=False, make_folder=True)  # the app's own folder
            atomic_write(self.index_file, figures.encode("utf-8"), backup=False, make_folder=True)
            self.save_error = ""
            legacy = self.index_file.with_suffix(".jsonl")  # the index as JSON lines, before format 4
            if legacy != self.index_file:
                legacy.unlink(missing_ok=True)
        except SaveError as error:
            self.save_error = error.strerror  # the list is still right; only the next start is slower
        except OSError:
            pass  # an old index left behind costs only disk space


def read_item(path: Path, stat: os.stat_result, registry: TemplateRegistry) -> LibraryItem:
    try:
        form = evd.load_form(path, registry)
    except evd.DocumentError as error:
        return LibraryItem(path, stat.st_size, stat.st_mtime_ns, None, str(error))
    return LibraryItem(path, stat.st_size, stat.st_mtime_ns, overview(form), "", all_texts(form))


def _item_to(item: LibraryItem) -> list:
    values = None
    if item.overview is not None:
        values = [getattr(item.overview, name) for name in OVERVIEW_FIELDS]
        for position in DECIMALS:
            values[position] = None if values[position] is None else str(values[position])
    return [str(item.path), item.size, item.mtime_ns, item.error, values]


def _item_from(entry: list) -> LibraryItem:
    path, size, mtime_ns, error, values = entry
    view = None
    if values is not None:
        for position in DECIMALS:
            if values[position] is not None:
                values[position] = Decimal(values[position])
        for position in TUPLES:
            values[position] = tuple(values[position])
        view = _restored(Overview, zip(OVERVIEW_FIELDS, values))
    return _restored(LibraryItem, (("path", Path(path)), ("size", int(size)), ("mtime_ns", int(mtime_ns)),
                                   ("overview", view), ("error", error), ("texts", "")))


def _restored(cls, pairs):
    """A value from the index's own values, by the names its fields were written under."""
    return cls(**dict(pairs))
