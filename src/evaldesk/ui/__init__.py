"""The window: the only package that imports PySide6."""
import sys

if sys.version_info < (3, 12):
    # PySide6 6.12 on CPython 3.11 drops references to None (and, at interpreter exit, to True/False)
    # that it does not own: one per Python virtual that returns None to Qt (every data() role a model
    # leaves empty, thousands per repaint). Sooner or later the count reaches zero and the process aborts
    # ("none_dealloc"). From 3.12 on these singletons are immortal; before it, give them a count that a
    # lifetime of repaints cannot use up. tests/ui/test_models.py checks the leak is still harmless.
    import ctypes

    for _singleton in (None, True, False):
        ctypes.c_ssize_t.from_address(id(_singleton)).value += 1 << 48
