"""Starting the window: `evaldesk`, `evaldesk --example`, `evaldesk FILE.evd …` all come here via run(argv)."""
from __future__ import annotations

import gc
import os
import sys
import time
from pathlib import Path

from . import guard_singletons
from .font_config import honour_unhinted_fonts

STARTED = time.perf_counter()


def run(argv: list[str]) -> int:
    gc.disable()  # no collections until the first screen is drawn (13–17 ms of each start): after_first_screen
    _import_core_first()
    from PySide6 import QtCore  # noqa: F401  (PySide6 after the core: see _import_core_first)

    _no_source_reading()

    app = make_application(guard_now=False)  # guarded once the first screen is up: after_first_screen
    files = [Path(a) for a in argv if not a.startswith("--")]
    if files:  # QtNetwork only when there is something to tell a window that may be running already
        from .single_instance import hand_over

        if hand_over(files):
            return 0
    window = make_window(menus_later=True)  # the menus' entries once the first screen is up: after_first_screen
    from .errors import ErrorHandler

    ErrorHandler(window).install()
    gc.freeze()  # what the start made so far lives as long as the process: out of every collection's sight

    def open_forms() -> None:  # in the shown window, before its first paint: the first screen is the form
        for path in files:
            window.open_path(path, save_recent=False)
        if "--example" in argv:
            window.open_example()

    window.show_opening(open_forms)
    opened = bool(window.documents()) and bool(files)
    from . import menus

    # the menus' entries and their keys after what must not be skipped; the question last: it waits
    actions = [lambda: after_first_screen(window, opened), lambda: menus.fill(window), window.offer_recovery]
    if os.environ.get("EVALDESK_BENCH"):
        actions.insert(0, lambda: _report_startup(app, window))
    when_first_painted(window, actions)
    return app.exec()


FIRST_PAINT_WAIT_MS = 2000  # then a window not painted yet is asked again: minimized or hidden, it will not be
FIRST_PAINT_GIVE_UP_MS = 30_000  # a shown window still unpainted (covered on a desktop without a compositor)


def when_first_painted(window, actions) -> None:
    """Run the actions, in order, once the window's first paint is on screen: what they do never delays the
    first sight of the form. A window that is minimized or hidden is not painted until it is restored: for
    it they run after FIRST_PAINT_WAIT_MS; a window shown but slow to paint (a loaded machine) is waited for
    up to FIRST_PAINT_GIVE_UP_MS. An action that fails goes to sys.excepthook (the error dialog), and the
    actions after it still run."""
    from PySide6.QtCore import QTimer

    pending = list(actions)
    waited = 0

    def run_them() -> None:
        while pending:
            action = pending.pop(0)
            try:
                action()
            except Exception:
                sys.excepthook(*sys.exc_info())

    def not_painted_yet() -> None:
        nonlocal waited
        waited += FIRST_PAINT_WAIT_MS
        if pending and window.isVisible() and not window.isMinimized() and waited < FIRST_PAINT_GIVE_UP_MS:
            QTimer.singleShot(FIRST_PAINT_WAIT_MS, window, not_painted_yet)
        else:
            run_them()

    if window.painted:
        run_them()
        return
    window.first_painted.connect(run_them)
    QTimer.singleShot(FIRST_PAINT_WAIT_MS, window, not_painted_yet)  # with the window: none once it is gone


def after_first_screen(window, opened_files: bool) -> None:
    """What the first screen does not wait for: the window icon, the recent list with the files just opened (a
    write that waits for the disk), listening for files from a second launch, and for the system asking it to
    end. And the garbage collector, off since run() began: the start makes some 45,000 container objects that
    live as long as the process (Qt's enum types above all), frozen before the forms opened; collecting while
    they were made cost 13–17 ms of each start. And, on a development Python, the guard of None against
    PySide6's leak (evaldesk/ui/__init__.py). The menus' entries come in an action of their own (run()): one
    that fails leaves the others to run."""
    guard_singletons()
    gc.enable()
    set_window_icon()
    if opened_files:
        from .file_actions import save_recent

        save_recent(window)
    listen_for_files(window)
    from .autosave import keep_work_on_termination

    keep_work_on_termination(window)


def _import_core_first() -> None:
    """The modules the window uses that need no Qt, imported before PySide6 is: PySide6 6.12 reads the source
    of every module first imported after it (to see whether it asks for a __feature__ switch), and of every
    module an import statement names for the first time after it: ~90 files, 25–30 ms of each start. Since
    _no_source_reading marks evaldesk's own modules beforehand, what this still spares is the reading of the
    standard library's modules these bring in (json, decimal, csv …), which cannot be named in advance."""
    import shutil, string, traceback  # noqa: F401, E401

    from ..domain import edits, recalc, scoring_rescale  # noqa: F401
    from ..export import registry  # noqa: F401
    from ..storage import evd, logs, settings, templates  # noqa: F401


def _no_source_reading() -> None:
    """Spare PySide6 reading the source of the modules loaded before it, and of evaldesk's own modules imported
    after it (the window's, ~20 of them: 2 ms of each start): none of them can ask for a __feature__ switch
    (evaldesk asks for none), so they are marked as PySide6 marks a module that does not use it, or (the
    window's modules not loaded yet) one that uses PySide6 without a switch; the two marks differ only for a
    program that asks for a switch. Through PySide6's published feature table; without it, PySide6 just reads
    them as before."""
    try:
        from PySide6.support import feature

        marks = feature.pyside_feature_dict
        for name in list(sys.modules):
            marks.setdefault(name, -1)
        for name, uses_pyside in _own_modules():
            marks.setdefault(name, 0 if uses_pyside else -1)
    except (ImportError, AttributeError):
        pass


def _own_modules() -> list[tuple[str, bool]]:
    """(name, in the window's package) of every module of evaldesk's source and its packages' (one level down);
    none where there is no source folder (the frozen app: PySide6 finds no source to read there either)."""
    root = Path(__file__).resolve().parent.parent
    found, folders = [], [(root, "evaldesk")]
    while folders:
        folder, prefix = folders.pop()
        try:
            names = os.listdir(folder)
        except OSError:
            continue
        for name in names:
            if name.endswith(".py") and name != "__init__.py":
                found.append((f"{prefix}.{name[:-3]}", prefix == "evaldesk.ui"))
            elif prefix == "evaldesk" and "." not in name and (folder / name / "__init__.py").is_file():
                folders.append((folder / name, f"evaldesk.{name}"))
    return found


def listen_for_files(window) -> None:
    """Files opened while this window runs (`evaldesk FILE.evd` again, a double click) come to it."""
    from .single_instance import InstanceServer

    window.instance_server = InstanceServer(parent=window)
    window.instance_server.files_received.connect(window.open_paths)
    if os.environ.get("EVALDESK_BENCH"):  # after ready_at=…: from now on a second launch finds this window
        print(f"listening={window.instance_server.listening}", flush=True)


def make_application(guard_now: bool = True):
    """The QApplication with everything a clerk's screen needs: Chinese Qt dialogs, a CJK font, readable size.
    Guarded against PySide6's leak of None at once, unless the caller does it later (run(): after its first
    screen)."""
    if guard_now:
        guard_singletons()
    honour_unhinted_fonts()  # before Qt's first font
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
        from .look import FUSION

        app = QApplication(sys.argv[:1] + (["-style", "fusion"] if FUSION else []))  # paper_view: the grid's colour
    app.setApplicationName("evaldesk")
    app.setApplicationDisplayName("绩效表填报助手")
    app.setOrganizationName("evaldesk")
    install_translations(app)
    install_fonts(app)
    return app


def set_window_icon() -> None:
    """The title bar's and the taskbar's icon, set once the first screen is up (its file and QIcon's enum
    types cost 2–4 ms; the window manager shows it as soon as it is set)."""
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    QApplication.instance().setWindowIcon(QIcon(str(_resources() / "icons" / "evaldesk.png")))


def install_translations(app) -> bool:
    """Qt's own texts (file dialogs, print dialogs, OK/Cancel) in Chinese, from the qtbase_zh_CN.qm in PySide6."""
    from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator

    if getattr(app, "_evaldesk_translator", None) is not None:
        return True
    QLocale.setDefault(QLocale(QLocale.Chinese, QLocale.China))
    translator = QTranslator(app)
    folders = [QLibraryInfo.path(QLibraryInfo.TranslationsPath), str(_resources() / "translations")]
    for folder in folders:
        if translator.load("qtbase_zh_CN", folder):
            app.installTranslator(translator)
            app._evaldesk_translator = translator
            return True
    return False


def install_fonts(app) -> None:
    """A bundled CJK font when the system has none, so Chinese never shows as boxes; the Chinese font first,
    and a readable size."""
    from PySide6.QtGui import QFontDatabase

    from .look import BASE_POINT_SIZE

    if not QFontDatabase.families(QFontDatabase.SimplifiedChinese):
        fonts = _resources() / "fonts"
        for path in sorted(fonts.glob("*.tt[fc]")) if fonts.is_dir() else ():
            QFontDatabase.addApplicationFont(str(path))
    font = app.font()
    changed = font.pointSizeF() < BASE_POINT_SIZE
    if changed:
        font.setPointSizeF(BASE_POINT_SIZE)
    chinese = chinese_family(font)  # at the size it will be drawn: the same font then draws the page
    if chinese and font.families()[:1] != [chinese]:  # the forms are Chinese: their font first
        font.setFamilies([chinese])
        changed = True
    if changed:
        app.setFont(font)


def chinese_family(font) -> str:
    """The family Qt draws Chinese in with `font`: the font itself where it has Chinese (a Chinese desktop's
    own UI font: Microsoft YaHei UI, Noto Sans CJK SC), else the one fontconfig falls back to for Chinese
    (WenQuanYi Micro Hei where the desktop's font is DejaVu Sans). Put first, Chinese needs no fallback font:
    each font size and weight a page uses would otherwise look its fallbacks up again (2 % of a start), and
    “” and ，are drawn as Chinese punctuation, as on paper."""
    from PySide6.QtGui import QFontDatabase, QRawFont

    return QRawFont.fromFont(font, QFontDatabase.WritingSystem.SimplifiedChinese).familyName()


def _resources() -> Path:
    from ..storage.paths import resources_dir

    return resources_dir()


def make_window(dialogs=None, session=None, menus_later: bool = False):
    from ..storage.settings import Settings
    from ..storage.templates import load_templates
    from .main_window import MainWindow

    return MainWindow(load_templates(), Settings(), session=session, dialogs=dialogs, menus_later=menus_later)


def _report_startup(app, window) -> None:
    """For benchmarks/run.py: when the window's first paint was done (the form on screen, ready to type in),
    and the processor time spent until then."""
    view = window.current_view()
    editable = view is not None and view.isVisible()
    heavy = ",".join(m for m in ("openpyxl", "reportlab", "pypdfium2") if m in sys.modules) or "none"
    print(f"ready_at={time.time():.4f} in_process={time.perf_counter() - STARTED:.3f} cpu={time.process_time():.4f}"
          f" editable={editable} painted={window.painted}"
          f" exporters_loaded={heavy} network_loaded={'PySide6.QtNetwork' in sys.modules}"
          f" ctypes_loaded={'ctypes' in sys.modules} menu_entries={len(window.actions_by_name)}", flush=True)
    mode = os.environ.get("EVALDESK_BENCH")
    if mode == "ready":  # counting a start's instructions up to here (run.py under callgrind): end at once
        os._exit(0)
    if mode == "quit":  # after what follows the first screen, as a session would
        from PySide6.QtCore import QTimer

        QTimer.singleShot(0, lambda: (window.session.end_clean(), app.exit(0)))
