"""Fonts the system configures unhinted are drawn unhinted (evaldesk/ui/font_config.py), through fontconfig
itself: fc-match, from the same fontconfig Qt reads."""
import os
import shutil
import subprocess
import sys

import pytest

from evaldesk.storage.paths import resources_dir
from evaldesk.ui import font_config

OURS = str(resources_dir() / "fontconfig" / "evaldesk.conf")


def fc_match(pattern: str, environ: dict) -> dict:
    done = subprocess.run(["fc-match", "-v", pattern], env=environ, capture_output=True, text=True, check=True)
    found = {}
    for line in done.stdout.splitlines():
        key, _, value = line.strip().partition(": ")
        if key in ("family", "hinting", "hintstyle") and key not in found:
            found[key] = value.split("(")[0].strip().strip('"')
    return found


def plain_environ() -> dict:
    return {k: v for k, v in os.environ.items() if not k.startswith("FONTCONFIG")}


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fontconfig: Linux")
def test_a_font_configured_unhinted_gets_no_hinting_style_and_hinted_fonts_keep_theirs():
    assert shutil.which("fc-match"), "fc-match (Debian: fontconfig) is installed by scripts/system-deps.sh"
    system, environ = plain_environ(), plain_environ()
    assert font_config.honour_unhinted_fonts(environ) and environ["FONTCONFIG_FILE"] == OURS
    chinese = fc_match("WenQuanYi Micro Hei", system)
    assert chinese["family"] == "WenQuanYi Micro Hei" and chinese["hinting"] == "False"  # the system's say
    assert chinese["hintstyle"] != "0"  # …which Qt, reading only the style, does not hear
    assert fc_match("WenQuanYi Micro Hei", environ) == {**chinese, "hintstyle": "0"}  # now it does
    digits = fc_match("DejaVu Sans:pixelsize=16", system)
    assert digits["hinting"] == "True" and fc_match("DejaVu Sans:pixelsize=16", environ) == digits


def test_the_configuration_includes_the_system_file_it_is_used_for():
    text = open(OURS, encoding="utf-8").read()
    assert f'<include ignore_missing="yes">{font_config.SYSTEM_CONFIG}</include>' in text


def test_the_clerks_own_fontconfig_settings_and_other_systems_are_left_alone(monkeypatch):
    for variable in ("FONTCONFIG_FILE", "FONTCONFIG_PATH"):
        environ = {**plain_environ(), variable: "/home/clerk/fonts"}
        assert not font_config.honour_unhinted_fonts(environ)
        assert environ.get("FONTCONFIG_FILE") in (None, "/home/clerk/fonts")
    monkeypatch.setattr(sys, "platform", "win32")
    environ = plain_environ()
    assert not font_config.honour_unhinted_fonts(environ) and "FONTCONFIG_FILE" not in environ


DRAW = """
import hashlib, os, sys
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QImage, QPainter
if sys.argv[1] == "evaldesk":
    from evaldesk.ui.app import make_application
    make_application()
else:
    from PySide6.QtWidgets import QApplication
    application = QApplication([])
image = QImage(400, 60, QImage.Format.Format_RGB32)
image.fill(Qt.GlobalColor.white)
painter = QPainter(image)
painter.setFont(QFont("WenQuanYi Micro Hei", 13))
painter.drawText(4, 40, "财政项目支出绩效自评表")
painter.end()
print(os.environ.get("FONTCONFIG_FILE"), hashlib.md5(bytes(image.constBits())).hexdigest())
"""


def drawn(tmp_path, how: str, **variables) -> tuple[str, str]:
    environ = {**plain_environ(), "EVALDESK_HOME": str(tmp_path), "QT_QPA_PLATFORM": "offscreen", **variables}
    done = subprocess.run([sys.executable, "-c", DRAW, how], env=environ, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    variable, digest = done.stdout.split()
    return variable, digest


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fontconfig: Linux")
def test_the_app_draws_chinese_as_configured_from_its_first_glyph(tmp_path):
    """Qt hears it: what the app draws is what Qt draws with the setting, not what it draws without it (the
    setting must come before Qt's first font, or it is never read)."""
    variable, ours = drawn(tmp_path, "evaldesk")
    assert variable == OURS
    assert drawn(tmp_path, "plain", FONTCONFIG_FILE=OURS)[1] == ours
    assert drawn(tmp_path, "plain")[1] != ours  # hinted: other pixels


def glyph_fonts(font, text: str) -> set[str]:
    from PySide6.QtGui import QTextLayout

    layout = QTextLayout(text, font)
    layout.beginLayout()
    layout.createLine()
    layout.endLayout()
    return {run.rawFont().familyName() for run in layout.glyphRuns()}


def test_the_window_draws_chinese_digits_and_quotes_in_one_font_the_chinese_one(qapp):
    """The Chinese font first (app.install_fonts): a cell of Chinese, figures and “” is one font's glyphs, no
    fallback looked up for it; the font is the one Qt would have fallen back to for the Chinese."""
    from PySide6.QtGui import QFont, QFontDatabase

    from evaldesk.ui.app import chinese_family, install_fonts

    install_fonts(qapp)
    font = qapp.font()
    text = "年度资金总额 530,000.00 对标科技“三评”（2021）"
    assert glyph_fonts(font, text) == {font.families()[0]}
    assert QFontDatabase.WritingSystem.SimplifiedChinese in QFontDatabase.writingSystems(font.families()[0])
    assert chinese_family(QFont("Sans Serif")) == font.families()[0]  # what the desktop's font falls back to
    before = font.families()
    install_fonts(qapp)
    assert qapp.font().families() == before  # already first: nothing added
