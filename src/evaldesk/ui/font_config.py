"""Fonts the system configures unhinted are drawn unhinted, as GTK programs draw them (Linux).

fontconfig says per font whether to hint it; Debian configures WenQuanYi Micro Hei, a common Chinese font of
信创 desktops, `hinting false`. Qt reads only the hinting *style* and so hints such a font anyway: on this
machine hinting is most of the work of drawing a Chinese glyph, 56 M processor instructions of a start with a
form (5 %; benchmarks/run.py). resources/fontconfig/evaldesk.conf is the system's configuration plus one rule
that gives those fonts the style Qt reads; fonts configured hinted (DejaVu Sans) stay hinted. The window's
figures are the Chinese font's own digits (app.install_fonts), so they are drawn unhinted with it.

Only where fontconfig would read the usual system file anyway: a FONTCONFIG_FILE or FONTCONFIG_PATH of the
clerk's own is left alone, and so is Windows (no fontconfig).
"""
from __future__ import annotations

import os
import sys

SYSTEM_CONFIG = "/etc/fonts/fonts.conf"  # what resources/fontconfig/evaldesk.conf includes
VARIABLE = "FONTCONFIG_FILE"


def honour_unhinted_fonts(environ=os.environ) -> bool:
    """Point fontconfig at evaldesk.conf, before Qt first asks it for a font; True if done (or already). Later
    it is read by nobody: fontconfig reads its configuration once. The variable is the process's: its
    children (evaldesk's own background compileall, nothing else) inherit it."""
    from ..storage.paths import resources_dir

    ours = str(resources_dir() / "fontconfig" / "evaldesk.conf")
    if environ.get(VARIABLE) == ours:
        return True
    if not sys.platform.startswith("linux") or environ.get(VARIABLE) or environ.get("FONTCONFIG_PATH"):
        return False
    if not (os.path.isfile(SYSTEM_CONFIG) and os.path.isfile(ours)):
        return False
    environ[VARIABLE] = ours
    return True
