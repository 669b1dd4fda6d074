"""The window: the only package that imports PySide6."""
import sys

_guarded = False


def guard_singletons() -> None:
    """PySide6 6.12 on CPython 3.11 drops references to None (and, at interpreter exit, to True/False) that it
    does not own when Qt calls Python overrides that return nothing (paint events, delegates): many per
    repaint. Sooner or later the count reaches zero and the process aborts ("none_dealloc"). From 3.12 on
    these singletons are immortal, so the shipped builds (Python 3.13: packaging/README.md) need nothing;
    only a development venv on 3.10/3.11 gets a count a lifetime of repaints cannot use up.
    tests/ui/test_refcount_guard.py reproduces the leak and fails once PySide6 no longer has it.

    A start applies it once its first screen is drawn (app.after_first_screen: ctypes, which it needs, is 7 M
    instructions the first screen need not wait for; None's count is some 7,000 by then, and the first
    screen's repaints drop a few hundred); the tests, when their session starts (tests/conftest.py)."""
    global _guarded
    if _guarded or sys.version_info >= (3, 12):
        return
    import ctypes

    for singleton in (None, True, False):
        ctypes.c_ssize_t.from_address(id(singleton)).value += 1 << 48
    _guarded = True
