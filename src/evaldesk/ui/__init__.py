"""The window: the only package that imports PySide6."""
import sys

if sys.version_info < (3, 12):
    # PySide6 6.12 on CPython 3.11 drops one reference to None each time Qt calls a Python virtual that
    # returns None (every data() role a model leaves empty: thousands per repaint). After a few minutes
    # of scrolling None's count reaches zero and the process aborts ("none_dealloc"). From 3.12 on, None is
    # immortal; before it, give None a count that a lifetime of repaints cannot use up.
    import ctypes

    ctypes.c_ssize_t.from_address(id(None)).value += 1 << 48
