"""Make resources/fonts/evaldesk-symbols.ttf: the check boxes ☐ ☑ ☒ and ticks ✓ ✔ that the forms print,
cut out of DejaVu Sans (Debian's fonts-dejavu-core; Bitstream Vera licence, see DejaVuSans.LICENSE.txt).
The CJK fonts evaldesk prints with (SimSun, WenQuanYi) lack them; this few-kilobyte font catches them
in the PDF's fallback chain. Needs fonttools: `pip install fonttools`, then `python scripts/make_symbol_font.py`.
"""
from pathlib import Path

from fontTools import subset

SOURCE = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
TARGET = Path(__file__).resolve().parent.parent / "src/evaldesk/resources/fonts/evaldesk-symbols.ttf"
SYMBOLS = "☐☑☒✓✔"

options = subset.Options()
options.name_IDs = ["*"]
options.notdef_outline = True
font = subset.load_font(str(SOURCE), options)
subsetter = subset.Subsetter(options)
subsetter.populate(text=SYMBOLS)
subsetter.subset(font)
font["name"].setName("EvalDesk Symbols", 1, 3, 1, 0x409)
subset.save_font(font, str(TARGET), options)
print(TARGET, TARGET.stat().st_size, "bytes")
