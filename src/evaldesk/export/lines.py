"""Text cut into lines from the printed font's own widths: one line breaker for the PDF and the workbook.

A line is a slice of the text (`starts` are offsets), so the pieces of a long text put together give
back the text exactly. Chinese breaks between any two characters except where a closing mark would
start a line or an opening one end it; figures and Latin words stay whole while they fit a line.
One pass over the text, so a 100,000-character goal costs a hundred times a 1,000-character one;
results are kept per (text, width, size), so a text measured for the paginator is not measured again
when it is drawn.
"""
from __future__ import annotations

from .fonts import FontChain

CANNOT_START = set("，。、；：！？）》〉】」』”’…%％·—～,.;:!?)]}")
CANNOT_END = set("（《〈【「『“‘([{")
WORD = set("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.,%-+_/'")
OPENING, CLOSING = "（(", "）)"
SHORT_GROUP = 6  # a bracketed group this short — （元）, (36分), （续） — is never broken
LONGEST_LABEL = 40  # labels up to this length are balanced over their lines
BISECTIONS = 7  # the even width is found to 1/128 of the column: under a point
MAX_KEPT = 200_000  # line breaks kept for reuse (a batch of forms shares its labels)


def measure_for(fonts: FontChain) -> "Measure":
    """One Measure per font chain, kept: exports one after another reuse what was measured."""
    found = _MEASURES.get(id(fonts))
    if found is None or found.fonts is not fonts:
        found = _MEASURES[id(fonts)] = Measure(fonts)
    return found


class Measure:
    """Widths of characters in the font chain (points at 1 pt), and line breaking with a cache."""

    def __init__(self, fonts: FontChain) -> None:
        self.fonts = fonts
        self._widths: dict[str, float] = {}
        self._fonts: dict[str, str] = {}
        self._lines: dict[tuple[str, float, float, bool], tuple[int, ...]] = {}

    def char_width(self, char: str) -> float:
        width = self._widths.get(char)
        if width is None:
            width = self._widths[char] = self.fonts.char_width(char)
        return width

    def font_of(self, char: str) -> str:
        name = self._fonts.get(char)
        if name is None:
            font = self.fonts.font_for(char)
            name = self._fonts[char] = font.name if font is not None else self.fonts.primary
        return name

    def width(self, text: str, size: float) -> float:
        return sum(self.char_width(c) for c in text) * size

    def starts(self, text: str, width: float, size: float, balanced: bool = False) -> tuple[int, ...]:
        """Offsets where the lines of `text` begin, wrapped to `width` points at `size`."""
        key = (text, width, size, balanced)
        found = self._lines.get(key)
        if found is None:
            if len(self._lines) > MAX_KEPT:
                self._lines.clear()
            found = self._lines[key] = self._label_starts(text, width, size) if balanced else self._wrap(text, width, size)
        return found

    def lines(self, text: str, starts: tuple[int, ...], first: int = 0, last: int | None = None) -> list[str]:
        """Lines first..last (all by default) as they are drawn: without their line ends."""
        shown = starts[first:last]
        end = first + len(shown)  # where the next line starts: a long text's page costs its own lines only
        ends = shown[1:] + ((starts[end] if end < len(starts) else len(text)),)
        return [text[a:b].rstrip() for a, b in zip(shown, ends)]

    # ------------------------------------------------------------------------------------ breaking

    def _wrap(self, text: str, width: float, size: float) -> tuple[int, ...]:
        limit = width / size
        starts = [0]
        start, used, last_ok = 0, 0.0, 0
        glued = _short_groups(text)
        for index, char in enumerate(text):
            if char == "\n":
                starts.append(index + 1)
                start, used, last_ok = index + 1, 0.0, index + 1
                continue
            if index > start and index not in glued and _may_break(text[index - 1], char):
                last_ok = index
            used += self.char_width(char)
            if used > limit + 1e-9 and index > start and not char.isspace():
                cut = last_ok if last_ok > start else index
                starts.append(cut)
                start = last_ok = cut
                used = sum(self.char_width(c) for c in text[cut:index + 1])
        return tuple(starts)

    def _label_starts(self, text: str, width: float, size: float) -> tuple[int, ...]:
        """A short label over the fewest lines, broken before its bracket (“项目资金 / （元）”) or into
        lines of even length (“年度资 / 金总额”), never with one character left alone on a line."""
        plain = self._wrap(text, width, size)
        if len(plain) == 1 or len(text) > LONGEST_LABEL or "\n" in text:
            return plain
        if len(plain) == 2:  # before a bracket, after a colon or a space, if both halves fit
            cuts = [i for i in range(1, len(text)) if text[i] in OPENING or text[i - 1] in " ：:"]
            fitting = [i for i in cuts if self.width(text[:i].rstrip(), size) <= width and self.width(text[i:], size) <= width]
            if fitting:
                return (0, min(fitting, key=lambda i: abs(2 * i - len(text))))
        tail = _trailing_group(text)
        if len(plain) > 2 and tail and self.width(text[tail:], size) <= width:
            head = self._label_starts(text[:tail], width, size)  # “项目 / 资金 / （元）”
            if len(head) < len(plain):
                return head + (tail,)
        low, high = 0.0, width  # the narrowest width that keeps the number of lines: even lines
        for _ in range(BISECTIONS):
            middle = (low + high) / 2
            if len(self._wrap(text, middle, size)) <= len(plain):
                high = middle
            else:
                low = middle
        return self._wrap(text, high, size)


_MEASURES: dict[int, Measure] = {}


def _trailing_group(text: str) -> int | None:
    """Where a short bracketed group at the end of a label starts (“（元）”, “（%）：”), if there is one."""
    start = max(text.rfind(c) for c in OPENING)
    if start > 0 and len(text) - start <= SHORT_GROUP + 2 and any(c in CLOSING for c in text[start:]):
        return start
    return None


def _short_groups(text: str) -> set[int]:
    """Offsets inside a short bracketed group (after its opening mark, up to its closing one)."""
    glued: set[int] = set()
    for index, char in enumerate(text):
        if char in OPENING:
            close = next((j for j in range(index + 1, min(index + SHORT_GROUP + 2, len(text))) if text[j] in CLOSING), None)
            if close is not None:
                glued.update(range(index + 1, close + 1))
    return glued


def _may_break(before: str, after: str) -> bool:
    if after in CANNOT_START or before in CANNOT_END:
        return False
    if before in WORD and after in WORD:
        return False  # 530,000.00 and English words stay whole
    return True
