"""Generate the fictional sample contracts in ``samples/`` deterministically.

Run from the repository root::

    .venv/bin/python samples/generate.py           # writes inbox/, text/ and expected.json
    .venv/bin/python samples/generate.py --verify  # also checks with pdftotext and tesseract

Every fact in ``expected.json`` is computed from the same Python values that are used to write the
contract text; nothing is typed twice. The script stops with an exception when a quote, amount,
party name or heading in ``expected.json`` does not occur in the generated text.

All organisations, people, addresses, KvK and company numbers are invented; e-mail addresses use
the reserved ``.example`` domain.
"""

from __future__ import annotations

import argparse
import calendar
import datetime as dt
import difflib
import hashlib
import io
import json
import logging
import random
import re
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any, cast

import numpy as np
import pypdfium2 as pdfium
from fpdf import FPDF
from fpdf.enums import MethodReturnValue, XPos, YPos
from PIL import Image, ImageFilter

log = logging.getLogger("samples.generate")

HERE = Path(__file__).resolve().parent
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
AS_OF = dt.date(2026, 12, 1)  # the reference date the status fields in expected.json use
UPCOMING_DAYS = 90
SCAN_DPI = 200
ONE_DAY = dt.timedelta(days=1)


class SampleError(Exception):
    """The generated set is inconsistent with its ground truth."""


# --------------------------------------------------------------------------------------------
# Dates, durations and working days
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Dur:
    """A duration in the unit the contract text uses (ISO 8601 without time part)."""

    years: int = 0
    months: int = 0
    days: int = 0

    def iso(self) -> str:
        out = "P"
        if self.years:
            out += f"{self.years}Y"
        if self.months:
            out += f"{self.months}M"
        if self.days:
            out += f"{self.days}D"
        return out if out != "P" else "P0D"


def add_months(d: dt.date, months: int) -> dt.date:
    """Calendar month arithmetic that clamps to the last day of the target month."""
    year, month0 = divmod(d.year * 12 + d.month - 1 + months, 12)
    last = calendar.monthrange(year, month0 + 1)[1]
    return dt.date(year, month0 + 1, min(d.day, last))


def shift(d: dt.date, dur: Dur, sign: int = 1) -> dt.date:
    moved = add_months(d, sign * (12 * dur.years + dur.months))
    return moved + sign * dur.days * ONE_DAY


def term_end(start: dt.date, term: Dur) -> dt.date:
    """Last day of a term: start + term - 1 day."""
    return shift(start, term) - ONE_DAY


def notice_deadline(end: dt.date, notice: Dur) -> dt.date:
    """Last day notice can be received so that the contract ends on ``end``."""
    return shift(end + ONE_DAY, notice, -1) - ONE_DAY


def easter(year: int) -> dt.date:
    """Gregorian Easter Sunday (anonymous Gregorian algorithm)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month, day = divmod(h + ell - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


def nl_holidays(year: int) -> frozenset[dt.date]:
    """The days the contracts' own 'Werkdag' definition excludes."""
    sunday = easter(year)
    kings = dt.date(year, 4, 27)
    if kings.weekday() == 6:
        kings = dt.date(year, 4, 26)
    return frozenset(
        {
            dt.date(year, 1, 1),
            sunday + ONE_DAY,  # Tweede Paasdag
            kings,
            dt.date(year, 5, 5),
            sunday + 39 * ONE_DAY,  # Hemelvaartsdag
            sunday + 50 * ONE_DAY,  # Tweede Pinksterdag
            dt.date(year, 12, 25),
            dt.date(year, 12, 26),
        }
    )


def is_workday(d: dt.date) -> bool:
    return d.weekday() < 5 and d not in nl_holidays(d.year)


def add_workdays(d: dt.date, n: int) -> dt.date:
    """The n-th working day after d (n > 0) or before d (n < 0); d itself is not counted."""
    step = ONE_DAY if n > 0 else -ONE_DAY
    left = abs(n)
    while left:
        d += step
        if is_workday(d):
            left -= 1
    return d


def next_yearly(start: dt.date, month: int, day: int) -> dt.date:
    """The first date with this month and day on or after ``start``."""
    candidate = dt.date(start.year, month, day)
    return candidate if candidate >= start else dt.date(start.year + 1, month, day)


def quarter_end_after(d: dt.date) -> dt.date:
    """Last day of the calendar quarter containing d."""
    q_last_month = ((d.month - 1) // 3 + 1) * 3
    return dt.date(d.year, q_last_month, calendar.monthrange(d.year, q_last_month)[1])


# --------------------------------------------------------------------------------------------
# Wording: dates, numbers and money in Dutch and English
# --------------------------------------------------------------------------------------------

NL_MONTHS = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)
EN_MONTHS = [calendar.month_name[i] for i in range(1, 13)]

_NL_UNITS = (
    "nul",
    "een",
    "twee",
    "drie",
    "vier",
    "vijf",
    "zes",
    "zeven",
    "acht",
    "negen",
    "tien",
    "elf",
    "twaalf",
    "dertien",
    "veertien",
    "vijftien",
    "zestien",
    "zeventien",
    "achttien",
    "negentien",
)
_NL_TENS = {
    2: "twintig",
    3: "dertig",
    4: "veertig",
    5: "vijftig",
    6: "zestig",
    7: "zeventig",
    8: "tachtig",
    9: "negentig",
}
_EN_UNITS = (
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
)
_EN_TENS = {
    2: "twenty",
    3: "thirty",
    4: "forty",
    5: "fifty",
    6: "sixty",
    7: "seventy",
    8: "eighty",
    9: "ninety",
}


def nl_words(n: int) -> str:
    """Dutch cardinal in words ('vijfentachtigduizend achthonderd'); 1 alone is 'één'."""
    if n == 1:
        return "één"
    return _nl_words(n)


def _nl_words(n: int) -> str:
    if n < 20:
        return _NL_UNITS[n]
    if n < 100:
        tens, unit = divmod(n, 10)
        if not unit:
            return _NL_TENS[tens]
        word = _NL_UNITS[unit]
        return word + ("ën" if word.endswith("e") else "en") + _NL_TENS[tens]
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        head = "honderd" if hundreds == 1 else _nl_words(hundreds) + "honderd"
        return head + (_nl_words(rest) if rest else "")
    if n < 1_000_000:
        thousands, rest = divmod(n, 1000)
        head = "duizend" if thousands == 1 else _nl_words(thousands) + "duizend"
        return head + (" " + _nl_words(rest) if rest else "")
    raise ValueError(n)


def en_words(n: int) -> str:
    if n < 20:
        return _EN_UNITS[n]
    if n < 100:
        tens, unit = divmod(n, 10)
        return _EN_TENS[tens] + (f"-{_EN_UNITS[unit]}" if unit else "")
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        return f"{_EN_UNITS[hundreds]} hundred" + (f" and {en_words(rest)}" if rest else "")
    if n < 1_000_000:
        thousands, rest = divmod(n, 1000)
        return f"{en_words(thousands)} thousand" + (f" {en_words(rest)}" if rest else "")
    raise ValueError(n)


def nl_n(n: int) -> str:
    """'drie (3)'."""
    return f"{nl_words(n)} ({n})"


def en_n(n: int) -> str:
    """'sixty (60)'."""
    return f"{en_words(n)} ({n})"


def nl_date(d: dt.date) -> str:
    return f"{d.day} {NL_MONTHS[d.month - 1]} {d.year}"


def nl_dmy(d: dt.date) -> str:
    return d.strftime("%d-%m-%Y")


def en_us(d: dt.date) -> str:
    return f"{EN_MONTHS[d.month - 1]} {d.day}, {d.year}"


def en_long(d: dt.date) -> str:
    return f"{d.day} {EN_MONTHS[d.month - 1]} {d.year}"


def en_ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def eur_nl(value: float, dash: bool = False) -> str:
    """'€ 12.500,00' or, with dash, '€ 5.000,-'."""
    whole = f"{value:,.2f}".replace(",", "_").replace(".", ",").replace("_", ".")
    if dash:
        if value != int(value):
            raise ValueError(value)
        whole = whole[:-2] + "-"
    return f"€ {whole}"


def money_en(value: float, code: str) -> str:
    """'EUR 48,000.00'."""
    return f"{code} {value:,.2f}"


# --------------------------------------------------------------------------------------------
# Document model
# --------------------------------------------------------------------------------------------


class Kind(Enum):
    CENTER = "center"
    TITLE = "title"
    PARA = "para"
    HEADING = "heading"
    CLAUSE = "clause"
    ITEM = "item"
    SIGN = "sign"
    SPACE = "space"
    BREAK = "break"


SIG = "\x00signature"  # marker row in a signature column: room for a hand-drawn signature


@dataclass(frozen=True, slots=True)
class Block:
    kind: Kind
    text: str = ""
    number: str = ""
    size: float = 0.0
    bold: bool = False
    columns: tuple[tuple[str, ...], ...] = ()
    side_by_side: bool = True

    def lines(self) -> list[str]:
        """The block as it appears in the ground-truth text (one or more lines)."""
        if self.kind in (Kind.SPACE, Kind.BREAK):
            return []
        if self.kind in (Kind.CLAUSE, Kind.ITEM):
            return [f"{self.number} {self.text}"]
        if self.kind is Kind.SIGN:
            if self.side_by_side:
                rows = zip(*self.columns, strict=True)
                return ["\t".join(c for c in row if c) for row in rows if SIG not in row]
            return [line for col in self.columns for line in col if line and line != SIG]
        return [self.text]


@dataclass(frozen=True, slots=True)
class Style:
    family: str  # "Sans", "Serif" or "Cond"
    size: float  # body size in pt
    leading: float  # line height as a multiple of the size
    margin: float  # left/right margin, mm
    top: float  # top margin, mm
    title_size: float
    title_align: str = "C"
    header_align: str = "L"
    number_width: float = 11.0
    para_gap: float = 1.6


FONT_FILES: dict[str, dict[str, str]] = {
    "Sans": {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf", "I": "DejaVuSans-Oblique.ttf"},
    "Serif": {"": "DejaVuSerif.ttf", "B": "DejaVuSerif-Bold.ttf", "I": "DejaVuSerif-Italic.ttf"},
    "Cond": {
        "": "DejaVuSansCondensed.ttf",
        "B": "DejaVuSansCondensed-Bold.ttf",
        "I": "DejaVuSansCondensed-Oblique.ttf",
    },
}


@dataclass(frozen=True, slots=True)
class Party:
    name: str
    role: str
    kvk: str | None
    seat: str
    defined_as: str
    company_number: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "role": self.role,
            "kvk": self.kvk,
            "company_number": self.company_number,
            "seat": self.seat,
            "defined_as": self.defined_as,
        }


@dataclass(frozen=True, slots=True)
class Signature:
    party: str  # role
    name: str
    function: str
    place: str
    date: dt.date
    date_text: str


@dataclass(frozen=True, slots=True)
class Amount:
    value: float
    currency: str
    text: str
    clause: str
    period: str | None
    vat: str | None
    what: str


@dataclass(frozen=True, slots=True)
class Obl:
    party: str
    action: str
    due: str | None
    due_date: dt.date | None
    quote: str
    clause: str
    recurring: str | None = None
    party_as_written: str | None = None


@dataclass
class Doc:
    """A contract under construction: its blocks and the facts recorded while writing it."""

    key: str
    dossier: str
    filename: str
    language: str
    title: str
    doc_type: str
    style: Style
    header: str
    footer: str  # template with {page} and {pages}
    created: dt.datetime
    cover: bool = False
    footer_left: str = ""
    initials: bool = False  # draw initials next to footer_left (paraaf fields)
    scan: bool = False
    blocks: list[Block] = field(default_factory=list)
    headings: list[tuple[str, str, str]] = field(default_factory=list)  # number, heading, line
    amounts: list[Amount] = field(default_factory=list)
    obligations: list[Obl] = field(default_factory=list)
    parties: list[Party] = field(default_factory=list)
    signatures: list[Signature] = field(default_factory=list)
    facts: dict[str, Any] = field(default_factory=dict)

    # -- building --------------------------------------------------------------------------
    def center(self, text: str, size: float = 0.0, bold: bool = False) -> str:
        self.blocks.append(Block(Kind.CENTER, text, size=size, bold=bold))
        return text

    def title_block(self, text: str, size: float = 0.0) -> str:
        self.blocks.append(Block(Kind.TITLE, text, size=size, bold=True))
        return text

    def space(self, mm: float) -> None:
        self.blocks.append(Block(Kind.SPACE, size=mm))

    def page_break(self) -> None:
        self.blocks.append(Block(Kind.BREAK))

    def para(self, text: str, bold: bool = False) -> str:
        self.blocks.append(Block(Kind.PARA, text, bold=bold))
        return text

    def article(self, number: str, heading: str) -> None:
        line = f"Artikel {number} {heading}" if self.language == "nl" else f"{number}. {heading}"
        self.headings.append((number, heading, line))
        self.blocks.append(Block(Kind.HEADING, line, number=number, bold=True))

    def clause(self, number: str, text: str) -> str:
        self.blocks.append(Block(Kind.CLAUSE, text, number=number))
        return text

    def item(self, label: str, text: str) -> str:
        self.blocks.append(Block(Kind.ITEM, text, number=label))
        return text

    def sign(self, columns: list[list[str]], side_by_side: bool = True) -> None:
        cols = tuple(tuple(c) for c in columns)
        self.blocks.append(Block(Kind.SIGN, columns=cols, side_by_side=side_by_side))

    # -- facts -----------------------------------------------------------------------------
    def amount(
        self,
        value: float,
        currency: str,
        text: str,
        clause: str,
        what: str,
        period: str | None = None,
        vat: str | None = None,
    ) -> str:
        self.amounts.append(Amount(value, currency, text, clause, period, vat, what))
        return text

    def obligation(self, obl: Obl) -> str:
        self.obligations.append(obl)
        return obl.quote


# --------------------------------------------------------------------------------------------
# Rendering with fpdf2
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Rendered:
    pdf: bytes
    pages: list[str]  # ground-truth body text of each page (no running header/footer)
    heading_pages: dict[str, int]


class _ContractPDF(FPDF):
    def __init__(self, doc: Doc) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.doc = doc
        st = doc.style
        for font_style, name in FONT_FILES[st.family].items():
            self.add_font(st.family, font_style, str(FONT_DIR / name))
        self.set_margins(st.margin, st.top, st.margin)
        self.set_auto_page_break(False, margin=22)
        self.set_creation_date(doc.created)
        self.set_title(doc.title)
        self.set_lang("nl-NL" if doc.language == "nl" else "en-GB")
        self.set_creator("contractdossier samples/generate.py")
        self.set_producer("fpdf2")
        self.body_pages: list[list[str]] = []
        self._ink = random.Random(f"ink-{doc.key}")

    def header(self) -> None:
        if self.doc.cover and self.page_no() == 1:
            return
        st = self.doc.style
        self.set_font(st.family, "I", st.size - 2)
        self.set_text_color(80)
        self.set_xy(st.margin, 10)
        self.cell(self.epw, 5, self.doc.header, align=st.header_align)
        self.set_draw_color(150)
        self.set_line_width(0.2)
        self.line(st.margin, 15.5, self.w - st.margin, 15.5)
        self.set_text_color(0)
        self.set_draw_color(0)
        self.set_y(st.top)

    def footer(self) -> None:
        st = self.doc.style
        self.set_font(st.family, "", st.size - 2)
        self.set_text_color(60)
        self.set_y(-15)
        page = self.doc.footer.format(page=self.page_no(), pages=self.str_alias_nb_pages)
        if self.doc.footer_left:
            self.cell(self.epw * 0.7, 5, self.doc.footer_left, align="L")
            self.cell(self.epw * 0.3, 5, page, align="R")
            if self.doc.initials:
                left = self.doc.footer_left
                blank = "________"
                first = left.index(blank)
                second = left.index(blank, first + len(blank))
                width = self.get_string_width(blank)
                for at in (first, second):
                    x = st.margin + self.get_string_width(left[:at])
                    self._scribble(x + 1, self.h - 17, width - 2, 4.5)
        else:
            self.cell(self.epw, 5, page, align="C")
        self.set_text_color(0)

    def _scribble(self, x: float, y: float, w: float, h: float) -> None:
        """A deterministic ink squiggle standing in for a signature or initials."""
        rnd = self._ink
        self.set_draw_color(25, 40, 110)
        self.set_line_width(0.35)
        points = []
        phase = rnd.uniform(0, 6.28)
        loops = rnd.uniform(2.5, 4.5)
        steps = 60
        for i in range(steps + 1):
            t = i / steps
            px = x + w * t + (w / 12) * np.sin(phase + t * loops * 6.28)
            py = y + h * (0.5 + 0.45 * np.cos(phase + t * loops * 6.28) * (0.4 + 0.6 * t))
            points.append((float(px), float(py)))
        self.polyline(points)
        self.set_draw_color(0)
        self.set_line_width(0.2)

    # -- layout helpers --------------------------------------------------------------------
    def line_h(self, size: float) -> float:
        return size * self.doc.style.leading * 0.3528

    def _font_for(self, block: Block) -> tuple[str, float]:
        st = self.doc.style
        if block.kind is Kind.TITLE:
            return "B", block.size or st.title_size
        if block.kind is Kind.HEADING:
            return "B", st.size + 0.5
        if block.kind is Kind.CENTER:
            return ("B" if block.bold else ""), block.size or st.size
        return ("B" if block.bold else ""), st.size

    def _count_lines(self, text: str, width: float, style: str, size: float) -> int:
        self.set_font(self.doc.style.family, style, size)
        lines = self.multi_cell(width, 5, text, dry_run=True, output=MethodReturnValue.LINES)
        return len(cast(list[str], lines))

    def _text_width(self, block: Block) -> float:
        st = self.doc.style
        if block.kind is Kind.CLAUSE:
            return self.epw - st.number_width
        if block.kind is Kind.ITEM:
            return self.epw - st.number_width - 8
        return self.epw

    def height(self, block: Block) -> float:
        st = self.doc.style
        if block.kind is Kind.SPACE:
            return block.size
        if block.kind is Kind.BREAK:
            return 0.0
        if block.kind is Kind.SIGN:
            lh = self.line_h(st.size)
            rows = [len(c) for c in block.columns]
            per_col = max(rows) * lh + 14 + 4
            return per_col if block.side_by_side else per_col * len(block.columns)
        style, size = self._font_for(block)
        n = self._count_lines(block.text, self._text_width(block), style, size)
        gap = 4.0 if block.kind is Kind.HEADING else st.para_gap
        if block.kind is Kind.TITLE:
            gap = 4.0
        return n * self.line_h(size) + gap

    def draw(self, block: Block) -> None:
        st = self.doc.style
        if block.kind is Kind.SPACE:
            self.set_y(self.get_y() + block.size)
            return
        if block.kind is Kind.SIGN:
            self._draw_signatures(block)
            return
        style, size = self._font_for(block)
        self.set_font(st.family, style, size)
        lh = self.line_h(size)
        x = self.l_margin
        if block.kind is Kind.HEADING:
            self.set_y(self.get_y() + 2.4)
        if block.kind in (Kind.CLAUSE, Kind.ITEM):
            if block.kind is Kind.ITEM:
                x += st.number_width
            self.set_x(x)
            label_w = st.number_width if block.kind is Kind.CLAUSE else 8
            self.cell(label_w, lh, block.number)
            x += label_w
        text = block.text
        align = "L"
        if block.kind is Kind.CENTER:
            align = "C"
        elif block.kind is Kind.TITLE:
            align = st.title_align
        self.set_x(x)
        self.multi_cell(
            self._text_width(block), lh, text, align=align, new_x=XPos.LMARGIN, new_y=YPos.NEXT
        )
        gap = 1.6 if block.kind is Kind.HEADING else st.para_gap
        if block.kind is Kind.TITLE:
            gap = 4.0
        self.set_y(self.get_y() + gap)

    def _draw_signatures(self, block: Block) -> None:
        st = self.doc.style
        lh = self.line_h(st.size)
        self.set_font(st.family, "", st.size)
        if block.side_by_side:
            col_w = self.epw / len(block.columns)
            top = self.get_y() + 2
            bottom = top
            for i, col in enumerate(block.columns):
                y = top
                for line in col:
                    x = self.l_margin + i * col_w
                    if line == SIG:
                        self._scribble(x + 4, y + 1, 38, 10)
                        self.set_draw_color(120)
                        self.line(x, y + 13, x + col_w - 12, y + 13)
                        self.set_draw_color(0)
                        y += 14
                        continue
                    self.set_xy(x, y)
                    self.set_font(st.family, "B" if line == col[0] else "", st.size)
                    if self.get_string_width(line) > col_w - 4:
                        raise SampleError(f"signature line too wide for its column: {line!r}")
                    self.cell(col_w - 4, lh, line)
                    y += lh
                bottom = max(bottom, y)
            self.set_y(bottom + 4)
            return
        for col in block.columns:
            y = self.get_y() + 2
            for line in col:
                if line == SIG:
                    self._scribble(self.l_margin + 4, y + 1, 42, 10)
                    self.set_draw_color(120)
                    self.line(self.l_margin, y + 13, self.l_margin + 70, y + 13)
                    self.set_draw_color(0)
                    y += 14
                    continue
                self.set_xy(self.l_margin, y)
                self.set_font(st.family, "B" if line == col[0] else "", st.size)
                self.cell(self.epw, lh, line)
                y += lh
            self.set_y(y + 4)


def render(doc: Doc) -> Rendered:
    pdf = _ContractPDF(doc)
    heading_pages: dict[str, int] = {}

    def new_page() -> None:
        pdf.add_page()
        pdf.body_pages.append([])

    new_page()
    blocks = doc.blocks
    for i, block in enumerate(blocks):
        if block.kind is Kind.BREAK:
            new_page()
            continue
        need = pdf.height(block)
        if block.kind is Kind.HEADING and i + 1 < len(blocks):
            need += 2.4 + pdf.height(blocks[i + 1])  # keep a heading with what follows
        if block.kind is Kind.SPACE:
            need = 0
        if pdf.get_y() + need > pdf.page_break_trigger:
            new_page()
            if block.kind is Kind.SPACE:
                continue
        if block.kind is Kind.HEADING:
            heading_pages[block.number] = pdf.page_no()
        pdf.draw(block)
        pdf.body_pages[-1].extend(block.lines())
    pages = ["\n".join(lines) for lines in pdf.body_pages]
    return Rendered(bytes(pdf.output()), pages, heading_pages)


# --------------------------------------------------------------------------------------------
# Scan simulation: rasterise, grey, skew, noise, JPEG; image-only PDF without a text layer
# --------------------------------------------------------------------------------------------


def simulate_scan(pdf_bytes: bytes, seed: int, created: dt.datetime) -> bytes:
    rng = np.random.default_rng(seed)
    source = pdfium.PdfDocument(pdf_bytes)
    out = FPDF(unit="pt", format="A4")
    out.set_creation_date(created)
    out.set_creator("Scan simulation (contractdossier samples/generate.py)")
    out.set_producer("fpdf2")
    try:
        for index in range(len(source)):
            page = source[index]
            width_pt, height_pt = page.get_size()
            bitmap = page.render(scale=SCAN_DPI / 72, grayscale=True)
            image = bitmap.to_pil().convert("L")
            page.close()
            angle = float(rng.uniform(-0.9, 0.9))
            dx, dy = (int(v) for v in rng.integers(-12, 13, size=2))
            image = image.rotate(
                angle,
                resample=Image.Resampling.BICUBIC,
                translate=(dx, dy),
                fillcolor=255,
            )
            image = image.filter(ImageFilter.GaussianBlur(0.6))
            ink = 255.0 - np.asarray(image, dtype=np.float32)
            paper = 236.0 + 6.0 * np.linspace(-1, 1, ink.shape[1])[None, :]  # uneven lighting
            arr = paper - ink * 0.86
            arr += rng.normal(0.0, 3.5, arr.shape)
            speck_n = 700
            ys = rng.integers(0, arr.shape[0], speck_n)
            xs = rng.integers(0, arr.shape[1], speck_n)
            arr[ys, xs] = rng.uniform(60, 160, speck_n)
            arr[:, :10] -= 40  # dark scanner edge
            grey = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8), "L")
            buf = io.BytesIO()
            grey.save(buf, "JPEG", quality=40, dpi=(SCAN_DPI, SCAN_DPI))
            buf.seek(0)
            out.add_page(format=(width_pt, height_pt))
            out.image(buf, x=0, y=0, w=width_pt, h=height_pt)
    finally:
        source.close()
    return bytes(out.output())


# --------------------------------------------------------------------------------------------
# The fictional organisations
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Org:
    name: str
    seat: str
    address: str
    kvk: str | None
    email: str
    signatory: str
    function: str
    company_number: str | None = None


ELZENHOEVE = Org(
    "Elzenhoeve Zorg B.V.",
    "Amsterdam",
    "Zuiderhof 7, 1081 KM Amsterdam",
    "64820391",
    "contractbeheer@elzenhoeve.example",
    "J.H. Verbeek",
    "directeur bedrijfsvoering",
)
WOLKENVELD = Org(
    "Wolkenveld Software B.V.",
    "Utrecht",
    "Gildenkade 41, 3511 AZ Utrecht",
    "58316027",
    "contracten@wolkenveld.example",
    "R.P.M. Hoogland",
    "algemeen directeur",
)
LINDEBORGH = Org(
    "Vastgoed Lindeborgh B.V.",
    "Rotterdam",
    "Scheepstimmerwal 214, 3011 BT Rotterdam",
    "24917730",
    "verhuur@lindeborgh.example",
    "mr. E.W. van Dalsum",
    "directeur",
)
QUILLMERE = Org(
    "Quillmere Software Ltd.",
    "Bristol",
    "27 Harbour Reach, Bristol BS1 6XY, United Kingdom",
    None,
    "legal@quillmere.example",
    "Harriet Longbridge",
    "Chief Commercial Officer",
    company_number="11482736",
)
BLINKVAST = Org(
    "Blinkvast Schoonmaak B.V.",
    "Haarlem",
    "Spaarnewerf 12, 2011 GK Haarlem",
    "37650418",
    "planning@blinkvast.example",
    "S. El Amrani",
    "directeur-eigenaar",
)
ASHCOMBE = Org(
    "Ashcombe & Reeve Advisory LLP",
    "London",
    "14 Cardington Row, London EC2A 4QT, United Kingdom",
    None,
    "engagements@ashcombe-reeve.example",
    "Thomas Ashcombe",
    "Designated Member",
    company_number="OC427719",
)
PAPIERHOF = Org(
    "Papierhof Kantoorvoordeel B.V.",
    "Nieuwegein",
    "Ravelijnweg 3, 3433 NA Nieuwegein",
    "80153372",
    "tenders@papierhof.example",
    "M.C. Brouwer-Tjong",
    "commercieel directeur",
)

INBOX = "inbox"


def signed(
    role: str, org: Org, place: str, date: dt.date, fmt: Callable[[dt.date], str]
) -> Signature:
    return Signature(role, org.signatory, org.function, place, date, fmt(date))


def sig_column_nl(role: str, org: Org, place: str, date_text: str) -> list[str]:
    return [
        role,
        org.name,
        SIG,
        f"Naam: {org.signatory}",
        f"Functie: {org.function}",
        f"Plaats: {place}",
        f"Datum: {date_text}",
    ]


def sig_column_en(role: str, org: Org, place: str, date_text: str) -> list[str]:
    return [
        role,
        "Signed for and on behalf of",
        org.name.upper(),
        SIG,
        f"Name: {org.signatory}",
        f"Title: {org.function}",
        f"Place: {place}",
        f"Date: {date_text}",
    ]


# --------------------------------------------------------------------------------------------
# 01 Dutch SaaS services agreement, and 02 its first amendment
# --------------------------------------------------------------------------------------------

C01_REF = "ELZ-ICT-2024-031"
C01_TITLE = "Overeenkomst SaaS-dienstverlening Zorgplatform"
C01_START = dt.date(2025, 1, 1)
C01_TERM = Dur(years=3)
C01_RENEWAL = Dur(months=12)
C01_NOTICE = Dur(months=3)
C01_SIGN = (
    signed("Opdrachtgever", ELZENHOEVE, "Amsterdam", dt.date(2024, 12, 10), nl_date),
    signed("Opdrachtnemer", WOLKENVELD, "Utrecht", dt.date(2024, 12, 12), nl_date),
)
C01_SIGNED = max(s.date for s in C01_SIGN)
C01_FILE = f"{INBOX}/ICT/Zorgplatform 2025/2024-12-12 SaaS-overeenkomst Zorgplatform Wolkenveld.pdf"


def dutch_party_line(org: Org, role: str, quote: tuple[str, str], kvk_words: str) -> str:
    return (
        f"{org.name}, gevestigd te {org.seat}, kantoorhoudende aan {org.address}, "
        f"ingeschreven bij de {kvk_words} onder nummer {org.kvk}, hierbij rechtsgeldig "
        f"vertegenwoordigd door {org.signatory}, {org.function}, hierna te noemen "
        f"{quote[0]}{role}{quote[1]}"
    )


def contract_01() -> Doc:
    st = Style("Sans", 10, 1.45, 24, 24, 20, title_align="C")
    d = Doc(
        key="01_saas_zorgplatform",
        dossier="ICT/Zorgplatform 2025",
        filename=C01_FILE,
        language="nl",
        title=C01_TITLE,
        doc_type="saas_dienstverleningsovereenkomst",
        style=st,
        header=f"{C01_TITLE} | kenmerk {C01_REF} | Vertrouwelijk",
        footer="Pagina {page} van {pages}",
        created=dt.datetime(2024, 12, 12, 16, 5, tzinfo=dt.UTC),
        cover=True,
    )
    client = Party(ELZENHOEVE.name, "Opdrachtgever", ELZENHOEVE.kvk, "Amsterdam", "Opdrachtgever")
    vendor = Party(WOLKENVELD.name, "Opdrachtnemer", WOLKENVELD.kvk, "Utrecht", "Opdrachtnemer")
    d.parties = [client, vendor]
    start, end = C01_START, term_end(C01_START, C01_TERM)
    fee = 12_500.00
    impl = 18_750.00

    # cover page
    d.space(45)
    d.title_block(C01_TITLE, size=20)
    d.space(8)
    d.center("tussen", size=11)
    d.center(ELZENHOEVE.name, size=13, bold=True)
    d.center("en", size=11)
    d.center(WOLKENVELD.name, size=13, bold=True)
    d.space(30)
    d.center(f"Kenmerk: {C01_REF}", size=10)
    d.center(f"Versie: definitief, {nl_date(dt.date(2024, 12, 2))}", size=10)
    d.center("Status: ter ondertekening", size=10)
    d.page_break()

    d.para("DE ONDERGETEKENDEN:", bold=True)
    d.clause("1.", dutch_party_line(ELZENHOEVE, "Opdrachtgever", ("'", "'"), "KvK") + ";")
    d.clause(
        "2.",
        dutch_party_line(WOLKENVELD, "Opdrachtnemer", ("'", "'"), "Kamer van Koophandel") + ";",
    )
    d.para(
        "Opdrachtgever en Opdrachtnemer hierna gezamenlijk te noemen 'Partijen' en ieder "
        "afzonderlijk 'Partij'."
    )
    d.para("OVERWEGENDE DAT:", bold=True)
    d.item(
        "A.",
        "Opdrachtgever een zorgorganisatie is met vestigingen in Amsterdam en omgeving en haar "
        "cliëntdossiers, roosters en zorgplannen wil onderbrengen in één webgebaseerd platform;",
    )
    d.item(
        "B.",
        "Opdrachtnemer het platform 'Zorgplatform' als clouddienst (Software as a Service) "
        "aanbiedt en na een vergelijking van drie aanbieders als leverancier is geselecteerd;",
    )
    d.item(
        "C.",
        "Partijen de voorwaarden van de dienstverlening in deze Overeenkomst wensen vast te "
        "leggen;",
    )
    d.para("KOMEN HET VOLGENDE OVEREEN:", bold=True)

    d.article("1", "Definities")
    d.clause(
        "1.1",
        "In deze Overeenkomst hebben de volgende met een hoofdletter geschreven begrippen de "
        "daarachter vermelde betekenis:",
    )
    d.item(
        "a.",
        "Dienst: de door Opdrachtnemer als clouddienst aangeboden applicatie Zorgplatform, "
        "inclusief hosting, beheer, back-up, updates en ondersteuning;",
    )
    d.item(
        "b.",
        "Beschikbaarheid: het percentage van de tijd in een kalendermaand waarin de Dienst voor "
        "gebruikers van Opdrachtgever bereikbaar en bruikbaar is, gepland onderhoud uitgezonderd;",
    )
    d.item(
        "c.",
        "Ingangsdatum: de datum waarop deze Overeenkomst in werking treedt, als bepaald in "
        "artikel 5.1;",
    )
    d.item(
        "d.",
        "Werkdag: maandag tot en met vrijdag, met uitzondering van Nieuwjaarsdag, Tweede "
        "Paasdag, Koningsdag, 5 mei, Hemelvaartsdag, Tweede Pinksterdag en beide Kerstdagen;",
    )
    d.item(
        "e.",
        "Persoonsgegevens, Verwerking en Inbreuk in verband met persoonsgegevens (datalek): de "
        "begrippen zoals omschreven in de Algemene verordening gegevensbescherming (AVG).",
    )

    d.article("2", "Onderwerp van de Overeenkomst")
    d.clause(
        "2.1",
        "Opdrachtnemer stelt de Dienst gedurende de looptijd van deze Overeenkomst ter "
        "beschikking aan Opdrachtgever voor ten hoogste 850 gelijktijdige gebruikers.",
    )
    d.clause(
        "2.2",
        "Algemene voorwaarden van Opdrachtnemer zijn niet van toepassing. Bij strijd tussen deze "
        "Overeenkomst en enig ander document gaat deze Overeenkomst voor.",
    )

    d.article("3", "Implementatie en levering")
    q31 = (
        "Opdrachtnemer levert binnen tien (10) werkdagen na ondertekening van deze Overeenkomst "
        "een implementatieplan en de beheeraccounts voor de Dienst."
    )
    d.clause("3.1", q31)
    d.obligation(
        Obl(
            "Opdrachtnemer",
            "implementatieplan en beheeraccounts leveren",
            "binnen tien (10) werkdagen na ondertekening",
            add_workdays(C01_SIGNED, 10),
            q31,
            "3.1",
        )
    )
    q32 = (
        "Opdrachtgever stelt uiterlijk vijf (5) werkdagen vóór de Ingangsdatum de te migreren "
        "cliënt- en roostergegevens in het afgesproken exportformaat beschikbaar."
    )
    d.clause("3.2", q32)
    d.obligation(
        Obl(
            "Opdrachtgever",
            "te migreren gegevens beschikbaar stellen",
            "uiterlijk vijf (5) werkdagen vóór de Ingangsdatum",
            add_workdays(start, -5),
            q32,
            "3.2",
        )
    )
    q33 = (
        "Opdrachtnemer zorgt ervoor dat de Dienst uiterlijk op de Ingangsdatum volledig "
        "operationeel is en de gemigreerde gegevens bevat."
    )
    d.clause("3.3", q33)
    d.obligation(
        Obl(
            "Opdrachtnemer",
            "Dienst operationeel opleveren",
            "uiterlijk op de Ingangsdatum",
            start,
            q33,
            "3.3",
        )
    )
    d.clause(
        "3.4",
        "Opdrachtgever test de implementatie binnen vijftien (15) werkdagen na de melding van "
        "Opdrachtnemer dat de Dienst gereed is. Ontbreekt een reactie binnen die termijn, dan "
        "geldt de implementatie als aanvaard.",
    )

    d.article("4", "Dienstverlening en beschikbaarheid")
    d.clause(
        "4.1",
        "Opdrachtnemer garandeert een Beschikbaarheid van ten minste 99,7% per kalendermaand. "
        "Gepland onderhoud vindt plaats op zondag tussen 22.00 en 02.00 uur en wordt ten minste "
        "vijf (5) werkdagen tevoren aangekondigd.",
    )
    q42 = (
        "Opdrachtnemer reageert op een storing met prioriteit 1 binnen één (1) uur na melding en "
        "verhelpt deze binnen vier (4) uur."
    )
    d.clause("4.2", q42)
    d.obligation(
        Obl(
            "Opdrachtnemer",
            "storing prioriteit 1 oppakken en verhelpen",
            "binnen één (1) uur na melding",
            None,
            q42,
            "4.2",
        )
    )
    d.clause(
        "4.3",
        "Indien de Beschikbaarheid in een kalendermaand lager is dan 99,7%, crediteert "
        "Opdrachtnemer 5% van de maandvergoeding per begonnen 0,1 procentpunt onder de norm, tot "
        "ten hoogste 25% van de maandvergoeding.",
    )
    q44 = (
        "Opdrachtnemer verstrekt binnen tien (10) werkdagen na afloop van ieder kalenderkwartaal "
        "een servicerapportage over Beschikbaarheid, storingen en wijzigingen."
    )
    d.clause("4.4", q44)
    d.obligation(
        Obl(
            "Opdrachtnemer",
            "kwartaalrapportage verstrekken",
            "binnen tien (10) werkdagen na afloop van ieder kalenderkwartaal",
            add_workdays(quarter_end_after(start), 10),
            q44,
            "4.4",
            recurring="P3M",
        )
    )

    d.article("5", "Duur en beëindiging")
    term_words = nl_n(C01_TERM.years)
    renew_words = nl_n(C01_RENEWAL.months)
    notice_words = nl_n(C01_NOTICE.months)
    d.clause(
        "5.1",
        f"Deze Overeenkomst treedt in werking op {nl_date(start)} (de 'Ingangsdatum') en wordt "
        f"aangegaan voor een initiële looptijd van {term_words} jaar.",
    )
    d.clause(
        "5.2",
        "Na afloop van de initiële looptijd wordt deze Overeenkomst telkens stilzwijgend "
        f"verlengd met een periode van {renew_words} maanden, tenzij een van de Partijen de "
        "Overeenkomst overeenkomstig artikel 5.3 heeft opgezegd.",
    )
    d.clause(
        "5.3",
        "Opzegging geschiedt schriftelijk tegen het einde van de initiële looptijd of van een "
        f"verlengingsperiode, met inachtneming van een opzegtermijn van {notice_words} maanden.",
    )
    d.clause(
        "5.4",
        "Iedere Partij kan de Overeenkomst zonder ingebrekestelling met onmiddellijke ingang "
        "geheel of gedeeltelijk ontbinden indien de andere Partij in staat van faillissement "
        "wordt verklaard, (voorlopige) surseance van betaling aanvraagt of haar onderneming "
        "staakt.",
    )
    q55 = (
        "Opdrachtnemer stelt binnen dertig (30) dagen na het einde van de Overeenkomst alle "
        "gegevens van Opdrachtgever in een gangbaar en door Opdrachtgever aan te wijzen formaat "
        "ter beschikking en vernietigt daarna alle kopieën."
    )
    d.clause("5.5", q55)
    d.obligation(
        Obl(
            "Opdrachtnemer",
            "gegevens teruggeven na einde overeenkomst",
            "binnen dertig (30) dagen na het einde van de Overeenkomst",
            None,
            q55,
            "5.5",
        )
    )
    exit_plan = dt.date(2027, 1, 15)
    q56 = (
        f"Opdrachtnemer levert uiterlijk op {nl_date(exit_plan)} een geactualiseerd exitplan "
        "aan Opdrachtgever ter goedkeuring."
    )
    d.clause("5.6", q56)
    d.obligation(
        Obl(
            "Opdrachtnemer",
            "geactualiseerd exitplan leveren",
            f"uiterlijk op {nl_date(exit_plan)}",
            exit_plan,
            q56,
            "5.6",
        )
    )

    d.article("6", "Vergoeding en betaling")
    fee_text = d.amount(
        fee, "EUR", f"{eur_nl(fee)} excl. btw", "6.1", "maandvergoeding Dienst", "P1M", "excl"
    )
    d.clause(
        "6.1",
        f"Voor de Dienst is Opdrachtgever een vaste vergoeding verschuldigd van {fee_text} per "
        "maand.",
    )
    impl_text = d.amount(
        impl,
        "EUR",
        f"{eur_nl(impl)} excl. btw",
        "6.2",
        "eenmalige implementatievergoeding",
        None,
        "excl",
    )
    d.clause(
        "6.2",
        f"Voor de implementatie is Opdrachtgever eenmalig een bedrag van {impl_text} "
        "verschuldigd, te factureren na aanvaarding van de implementatie.",
    )
    d.clause("6.3", "Opdrachtnemer factureert de maandvergoeding maandelijks vooraf.")
    q64 = "Opdrachtgever betaalt de facturen binnen 30 dagen na factuurdatum."
    d.clause("6.4", q64)
    d.obligation(
        Obl(
            "Opdrachtgever", "facturen betalen", "binnen 30 dagen na factuurdatum", None, q64, "6.4"
        )
    )
    d.clause(
        "6.5",
        "Opdrachtnemer mag de vergoedingen jaarlijks per 1 januari, voor het eerst per "
        f"{nl_date(dt.date(start.year + 1, 1, 1))}, aanpassen aan de ontwikkeling van de "
        "consumentenprijsindex (CPI) van het CBS, met een maximum van 3% per jaar.",
    )

    d.article("7", "Aansprakelijkheid")
    cap = 150_000.00
    cap_year = 300_000.00
    cap_text = d.amount(cap, "EUR", eur_nl(cap), "7.1", "aansprakelijkheidslimiet per gebeurtenis")
    year_text = d.amount(
        cap_year,
        "EUR",
        eur_nl(cap_year),
        "7.1",
        "aansprakelijkheidslimiet per kalenderjaar",
        None,
        None,
    )
    d.clause(
        "7.1",
        "De totale aansprakelijkheid van Opdrachtnemer wegens een toerekenbare tekortkoming of "
        f"onrechtmatige daad is beperkt tot vergoeding van directe schade tot ten hoogste "
        f"{cap_text} per gebeurtenis en {year_text} per kalenderjaar. Een reeks samenhangende "
        "gebeurtenissen geldt als één gebeurtenis.",
    )
    d.clause(
        "7.2",
        "De beperking van artikel 7.1 geldt niet bij opzet of bewuste roekeloosheid van "
        "Opdrachtnemer of haar leidinggevenden, en niet voor boetes die een toezichthouder aan "
        "Opdrachtgever oplegt als gevolg van een schending van artikel 9 door Opdrachtnemer.",
    )
    ins = 2_500_000.00
    ins_text = d.amount(ins, "EUR", eur_nl(ins), "7.3", "minimale verzekerde som", None, None)
    d.clause(
        "7.3",
        "Opdrachtnemer houdt gedurende de looptijd een beroeps- en bedrijfsaansprakelijkheids"
        f"verzekering aan met een dekking van ten minste {ins_text} per gebeurtenis.",
    )

    d.article("8", "Geheimhouding")
    d.clause(
        "8.1",
        "Partijen houden alle informatie die zij in het kader van deze Overeenkomst van elkaar "
        "ontvangen en waarvan zij het vertrouwelijke karakter kennen of redelijkerwijs moeten "
        "kennen geheim, en gebruiken deze uitsluitend voor de uitvoering van deze Overeenkomst.",
    )
    d.clause(
        "8.2",
        "De geheimhoudingsplicht geldt niet voor informatie die openbaar is of die een Partij op "
        "grond van de wet of een rechterlijke uitspraak moet verstrekken.",
    )
    d.clause(
        "8.3",
        "De verplichtingen uit dit artikel blijven gedurende vijf (5) jaar na het einde van de "
        "Overeenkomst van kracht.",
    )

    d.article("9", "Verwerking van persoonsgegevens")
    d.clause(
        "9.1",
        "Voor de toepassing van de AVG is Opdrachtgever verwerkingsverantwoordelijke en "
        "Opdrachtnemer verwerker (in dit artikel: 'Verwerker'). Dit artikel geldt als "
        "verwerkersovereenkomst in de zin van artikel 28 AVG.",
    )
    d.clause(
        "9.2",
        "Verwerker verwerkt de Persoonsgegevens uitsluitend in opdracht van Opdrachtgever en "
        "uitsluitend binnen de Europese Economische Ruimte.",
    )
    q93 = (
        "Verwerker meldt een datalek binnen 24 uur na ontdekking aan Opdrachtgever en verstrekt "
        "daarbij alle informatie die Opdrachtgever nodig heeft voor een melding aan de Autoriteit "
        "Persoonsgegevens."
    )
    d.clause("9.3", q93)
    d.obligation(
        Obl(
            "Opdrachtnemer",
            "datalek melden",
            "binnen 24 uur na ontdekking",
            None,
            q93,
            "9.3",
            party_as_written="Verwerker",
        )
    )
    d.clause(
        "9.4",
        "Verwerker schakelt geen nieuwe subverwerker in dan na Opdrachtgever daarover ten minste "
        "vier (4) weken tevoren schriftelijk te hebben geïnformeerd. Opdrachtgever kan binnen die "
        "termijn gemotiveerd bezwaar maken.",
    )
    d.clause(
        "9.5",
        "Verwerker verleent eenmaal per kalenderjaar medewerking aan een audit door of namens "
        "Opdrachtgever, en daarnaast na ieder datalek.",
    )

    d.article("10", "Toepasselijk recht en geschillen")
    d.clause("10.1", "Op deze Overeenkomst is Nederlands recht van toepassing.")
    d.clause(
        "10.2",
        "Alle geschillen die voortvloeien uit of verband houden met deze Overeenkomst worden "
        "uitsluitend voorgelegd aan de bevoegde rechter van de Rechtbank Amsterdam.",
    )

    d.para("Aldus overeengekomen en in tweevoud ondertekend:")
    sigs = list(C01_SIGN)
    d.signatures = sigs
    d.sign(
        [
            sig_column_nl("Opdrachtgever", ELZENHOEVE, sigs[0].place, sigs[0].date_text),
            sig_column_nl("Opdrachtnemer", WOLKENVELD, sigs[1].place, sigs[1].date_text),
        ]
    )

    renewal = {
        "type": "automatic",
        "period": C01_RENEWAL.iso(),
        "max": None,
        "holder": None,
        "exercise_notice": None,
        "exercise_deadline": None,
    }
    d.facts = {
        "signing_date": C01_SIGNED,
        "start_date": start,
        "end_date": end,
        "term_type": "fixed",
        "initial_term": C01_TERM.iso(),
        "renewal": renewal,
        "notice_period": C01_NOTICE.iso(),
        "notice_deadline": notice_deadline(end, C01_NOTICE),
        "governing_law": "Netherlands",
        "forum": "Rechtbank Amsterdam",
        "evidence": {
            "start_date": "5.1",
            "initial_term": "5.1",
            "renewal": "5.2",
            "notice_period": "5.3",
            "governing_law": "10.1",
            "forum": "10.2",
        },
        "decoys": [
            {
                "text": f"Versie: definitief, {nl_date(dt.date(2024, 12, 2))}",
                "why": "version date on the cover; not the signing or start date",
            },
        ],
    }
    return d


C02_FILE = f"{INBOX}/ICT/Zorgplatform 2025/2026-09-29 Wijzigingsovereenkomst 1 Zorgplatform.pdf"


def contract_02() -> Doc:
    st = Style("Sans", 10, 1.45, 24, 24, 17, title_align="L")
    d = Doc(
        key="02_wijziging_zorgplatform",
        dossier="ICT/Zorgplatform 2025",
        filename=C02_FILE,
        language="nl",
        title="Eerste wijzigingsovereenkomst",
        doc_type="wijzigingsovereenkomst",
        style=st,
        header=f"Eerste wijzigingsovereenkomst | kenmerk {C01_REF}-W1",
        footer="Pagina {page} van {pages}",
        created=dt.datetime(2026, 9, 29, 14, 30, tzinfo=dt.UTC),
    )
    d.parties = [
        Party(ELZENHOEVE.name, "Opdrachtgever", ELZENHOEVE.kvk, "Amsterdam", "Opdrachtgever"),
        Party(WOLKENVELD.name, "Opdrachtnemer", WOLKENVELD.kvk, "Utrecht", "Opdrachtnemer"),
    ]
    old_end = term_end(C01_START, C01_TERM)
    new_term = Dur(years=4)
    new_end = term_end(C01_START, new_term)
    new_notice = Dur(months=6)
    extra_months = 12 * (new_term.years - C01_TERM.years)
    effective = dt.date(2026, 10, 1)
    signatures = [
        signed("Opdrachtgever", ELZENHOEVE, "Amsterdam", dt.date(2026, 9, 22), nl_date),
        signed("Opdrachtnemer", WOLKENVELD, "Utrecht", dt.date(2026, 9, 29), nl_date),
    ]
    d.signatures = signatures

    d.title_block("Eerste wijzigingsovereenkomst", size=17)
    d.para(f"bij de {C01_TITLE} van {nl_date(C01_SIGNED)}, kenmerk {C01_REF}", bold=True)
    d.para("DE ONDERGETEKENDEN:", bold=True)
    d.clause("1.", dutch_party_line(ELZENHOEVE, "Opdrachtgever", ("'", "'"), "KvK") + ";")
    d.clause("2.", dutch_party_line(WOLKENVELD, "Opdrachtnemer", ("'", "'"), "KvK") + ";")
    d.para("NEMEN HET VOLGENDE IN AANMERKING:", bold=True)
    d.item(
        "A.",
        f"Partijen hebben op {nl_date(C01_SIGNED)} de {C01_TITLE} gesloten (hierna: de "
        "'Overeenkomst'), met als Ingangsdatum "
        f"{nl_date(C01_START)}.",
    )
    d.item(
        "B.",
        "Op grond van artikel 5.1 van de Overeenkomst eindigt de initiële looptijd van "
        f"{nl_n(C01_TERM.years)} jaar op {nl_date(old_end)}.",
    )
    d.item(
        "C.",
        "Opdrachtgever bereidt de overgang naar een nieuw elektronisch cliëntdossier voor en "
        f"Partijen wensen daarom de initiële looptijd met {nl_n(extra_months)} maanden te "
        "verlengen en de opzegtermijn aan te passen.",
    )
    d.para("EN KOMEN OVEREEN ALS VOLGT:", bold=True)

    d.article("1", "Wijziging van de looptijd")
    d.clause(
        "1.1",
        "Artikel 5.1 van de Overeenkomst komt te luiden: “Deze Overeenkomst treedt in werking op "
        f"{nl_date(C01_START)} (de 'Ingangsdatum') en wordt aangegaan voor een initiële looptijd "
        f"van {nl_n(new_term.years)} jaar, eindigend op {nl_date(new_end)}.”",
    )
    d.clause(
        "1.2",
        "Artikel 5.2 van de Overeenkomst, op grond waarvan de Overeenkomst na afloop van de "
        "initiële looptijd telkens stilzwijgend wordt verlengd met een periode van "
        f"{nl_n(C01_RENEWAL.months)} maanden, blijft ongewijzigd.",
    )

    d.article("2", "Wijziging van de opzegtermijn")
    d.clause(
        "2.1",
        f"In artikel 5.3 van de Overeenkomst worden de woorden '{nl_n(C01_NOTICE.months)} "
        f"maanden' vervangen door '{nl_n(new_notice.months)} maanden'.",
    )

    d.article("3", "Migratie")
    migration = 7_500.00
    mig_text = d.amount(
        migration,
        "EUR",
        f"{eur_nl(migration)} excl. btw",
        "3.1",
        "eenmalige vergoeding migratie-ondersteuning",
        None,
        "excl",
    )
    d.clause(
        "3.1",
        "Voor de ondersteuning bij de migratie naar het nieuwe elektronisch cliëntdossier is "
        f"Opdrachtgever eenmalig {mig_text} verschuldigd.",
    )
    plan_due = dt.date(2026, 12, 15)
    q32 = (
        f"Opdrachtnemer legt uiterlijk op {nl_date(plan_due)} een migratieplan ter goedkeuring "
        "voor aan Opdrachtgever."
    )
    d.clause("3.2", q32)
    d.obligation(
        Obl(
            "Opdrachtnemer",
            "migratieplan voorleggen",
            f"uiterlijk op {nl_date(plan_due)}",
            plan_due,
            q32,
            "3.2",
        )
    )

    d.article("4", "Slotbepalingen")
    d.clause("4.1", f"Deze wijzigingsovereenkomst treedt in werking op {nl_date(effective)}.")
    d.clause(
        "4.2",
        "Voor het overige blijft de Overeenkomst ongewijzigd van kracht. Begrippen met een "
        "hoofdletter hebben de betekenis die de Overeenkomst eraan geeft.",
    )
    d.clause(
        "4.3",
        "Op deze wijzigingsovereenkomst is Nederlands recht van toepassing. Artikel 10.2 van de "
        "Overeenkomst (bevoegde rechter: Rechtbank Amsterdam) is van overeenkomstige toepassing.",
    )
    d.para("Aldus overeengekomen en in tweevoud ondertekend:")
    d.sign(
        [
            sig_column_nl(
                "Opdrachtgever", ELZENHOEVE, signatures[0].place, signatures[0].date_text
            ),
            sig_column_nl(
                "Opdrachtnemer", WOLKENVELD, signatures[1].place, signatures[1].date_text
            ),
        ]
    )

    renewal = {
        "type": "automatic",
        "period": C01_RENEWAL.iso(),
        "max": None,
        "holder": None,
        "exercise_notice": None,
        "exercise_deadline": None,
    }
    new_deadline = notice_deadline(new_end, new_notice)
    d.facts = {
        "signing_date": max(s.date for s in signatures),
        "start_date": effective,
        "end_date": new_end,
        "term_type": "fixed",
        "initial_term": None,
        "renewal": renewal,
        "notice_period": new_notice.iso(),
        "notice_deadline": new_deadline,
        "governing_law": "Netherlands",
        "forum": "Rechtbank Amsterdam",
        "evidence": {
            "start_date": "4.1",
            "end_date": "1.1",
            "renewal": "1.2",
            "notice_period": "2.1",
            "governing_law": "4.3",
            "forum": "4.3",
        },
        "amends": C01_FILE,
        "amends_reference": {"title": C01_TITLE, "date": C01_SIGNED, "reference": C01_REF},
        "effective_after_amendment": {
            "file": C01_FILE,
            "effective_date": effective,
            "start_date": C01_START,
            "end_date": new_end,
            "initial_term": new_term.iso(),
            "renewal": renewal,
            "notice_period": new_notice.iso(),
            "notice_deadline": new_deadline,
            "changes": [
                {
                    "field": "end_date",
                    "old": old_end,
                    "new": new_end,
                    "clause": "1.1",
                    "amended_clause": "5.1",
                    "derived": False,
                },
                {
                    "field": "initial_term",
                    "old": C01_TERM.iso(),
                    "new": new_term.iso(),
                    "clause": "1.1",
                    "amended_clause": "5.1",
                    "derived": False,
                },
                {
                    "field": "notice_period",
                    "old": C01_NOTICE.iso(),
                    "new": new_notice.iso(),
                    "clause": "2.1",
                    "amended_clause": "5.3",
                    "derived": False,
                },
                {
                    "field": "notice_deadline",
                    "old": notice_deadline(old_end, C01_NOTICE),
                    "new": new_deadline,
                    "clause": None,
                    "amended_clause": None,
                    "derived": True,
                },
            ],
        },
        "decoys": [
            {
                "text": f"{nl_n(C01_NOTICE.months)} maanden",
                "why": "old notice period, quoted only to be replaced",
            },
            {"text": nl_date(old_end), "why": "old end date, quoted in recital B"},
        ],
    }
    return d


# --------------------------------------------------------------------------------------------
# 03 Dutch office lease (image-only scan)
# --------------------------------------------------------------------------------------------


def contract_03() -> Doc:
    st = Style(
        "Serif",
        10.5,
        1.5,
        25,
        25,
        15,
        title_align="C",
        header_align="C",
        number_width=10,
    )
    d = Doc(
        key="03_huur_kantoorruimte_scan",
        dossier="Facilitair/Huisvesting",
        filename=f"{INBOX}/Facilitair/Huisvesting/scan_huurovereenkomst_Kadewerf_20240202.pdf",
        language="nl",
        title="HUUROVEREENKOMST KANTOORRUIMTE",
        doc_type="huurovereenkomst_kantoorruimte",
        style=st,
        header="Huurovereenkomst kantoorruimte Kadewerf 40-44 te Amsterdam",
        footer="Pagina {page} van {pages}",
        footer_left="Paraaf Verhuurder: ________   Paraaf Huurder: ________",
        initials=True,
        scan=True,
        created=dt.datetime(2024, 2, 5, 9, 14, tzinfo=dt.UTC),
    )
    landlord = Party(LINDEBORGH.name, "Verhuurder", LINDEBORGH.kvk, "Rotterdam", "Verhuurder")
    tenant = Party(ELZENHOEVE.name, "Huurder", ELZENHOEVE.kvk, "Amsterdam", "Huurder")
    d.parties = [landlord, tenant]
    start = dt.date(2024, 3, 1)
    term = Dur(years=5)
    renewal = Dur(years=5)
    notice = Dur(months=6)
    end = term_end(start, term)
    rent_year = 85_800.00
    rent_quarter = rent_year / 4
    service_quarter = 3_150.00
    quarter_total = rent_quarter + service_quarter
    guarantee = round(quarter_total * 1.21, 2)
    guarantee_due = dt.date(2024, 2, 15)
    signatures = [
        signed("Verhuurder", LINDEBORGH, "Rotterdam", dt.date(2024, 1, 29), nl_date),
        signed("Huurder", ELZENHOEVE, "Amsterdam", dt.date(2024, 2, 2), nl_date),
    ]
    d.signatures = signatures

    d.title_block("HUUROVEREENKOMST KANTOORRUIMTE", size=15)
    d.para("DE ONDERGETEKENDEN:", bold=True)
    d.para(
        f"{LINDEBORGH.name}, gevestigd te {LINDEBORGH.seat}, kantoorhoudende aan "
        f"{LINDEBORGH.address}, ingeschreven bij de KvK onder nummer {LINDEBORGH.kvk}, hierna "
        'te noemen "Verhuurder",'
    )
    d.para("en")
    d.para(
        f"{ELZENHOEVE.name}, gevestigd te {ELZENHOEVE.seat}, kantoorhoudende aan "
        f"{ELZENHOEVE.address}, ingeschreven bij de KvK onder nummer {ELZENHOEVE.kvk}, hierna "
        'te noemen "Huurder",'
    )
    d.para("zijn het volgende overeengekomen:")

    d.article("1", "Het gehuurde, bestemming")
    d.clause(
        "1.1",
        "Verhuurder verhuurt aan Huurder en Huurder huurt van Verhuurder de kantoorruimte op de "
        "tweede en derde verdieping van het gebouw Kadewerf 40-44, 1019 BR Amsterdam, met een "
        "verhuurbaar vloeroppervlak van circa 1.240 m², alsmede twaalf (12) parkeerplaatsen in "
        'de parkeerkelder, hierna te noemen "het gehuurde".',
    )
    d.clause(
        "1.2",
        "Het gehuurde zal door of vanwege Huurder uitsluitend worden bestemd om te worden "
        "gebruikt als kantoorruimte ten behoeve van de ondersteunende diensten van Huurder.",
    )
    d.clause(
        "1.3",
        f"Het gehuurde wordt op {nl_date(start)} aan Huurder ter beschikking gesteld. Partijen "
        "leggen de staat van het gehuurde vast in een proces-verbaal van oplevering.",
    )

    d.article("2", "Duur, verlenging en opzegging")
    d.clause(
        "2.1",
        f"Deze huurovereenkomst is aangegaan voor de duur van {nl_n(term.years)} jaar; de huur "
        f"gaat in op {nl_date(start)} en loopt tot en met {nl_date(end)}.",
    )
    d.clause(
        "2.2",
        "Na afloop van de in 2.1 genoemde periode wordt deze huurovereenkomst telkens verlengd "
        f"met een aansluitende periode van {nl_n(renewal.years)} jaar, tenzij Huurder of "
        "Verhuurder de huurovereenkomst tijdig heeft opgezegd.",
    )
    d.clause(
        "2.3",
        "Beëindiging van deze huurovereenkomst geschiedt door opzegging per aangetekende brief "
        f"of deurwaardersexploot, uiterlijk {nl_n(notice.months)} maanden voor het einde van "
        "de looptijd.",
    )

    d.article("3", "Huurprijs, servicekosten en betaling")
    rent_year_text = d.amount(
        rent_year,
        "EUR",
        f"{eur_nl(rent_year)} (zegge: {nl_words(int(rent_year))} euro)",
        "3.1",
        "aanvangshuurprijs per jaar",
        "P1Y",
        "excl",
    )
    d.clause(
        "3.1",
        f"De aanvangshuurprijs van het gehuurde bedraagt {rent_year_text} per jaar, te "
        "vermeerderen met btw.",
    )
    service_text = d.amount(
        service_quarter,
        "EUR",
        eur_nl(service_quarter),
        "3.2",
        "voorschot servicekosten per kwartaal",
        "P3M",
        "excl",
    )
    d.clause(
        "3.2",
        f"Naast de huurprijs betaalt Huurder een voorschot op de servicekosten van {service_text} "
        "per kwartaal, te vermeerderen met btw.",
    )
    quarter_text = d.amount(
        quarter_total,
        "EUR",
        eur_nl(quarter_total),
        "3.3",
        "per kwartaal te betalen huur en voorschot servicekosten",
        "P3M",
        "excl",
    )
    q33 = (
        "De huurprijs en het voorschot op de servicekosten worden per kwartaal vooruit betaald, "
        "telkens uiterlijk op de eerste dag van het huurkwartaal."
    )
    d.clause(
        "3.3",
        f"{q33} De huurkwartalen vangen aan op 1 maart, 1 juni, 1 september en 1 december. Het "
        f"per kwartaal te betalen bedrag is bij aanvang {quarter_text}, te vermeerderen met btw.",
    )
    d.obligation(
        Obl(
            "Huurder",
            "huur en voorschot servicekosten betalen (per kwartaal vooruit)",
            "uiterlijk op de eerste dag van het huurkwartaal",
            start,
            q33,
            "3.3",
            recurring="P3M",
        )
    )

    d.article("4", "Indexering")
    first_index = dt.date(2025, 7, 1)
    d.clause(
        "4.1",
        "De huurprijs wordt jaarlijks per 1 juli, voor het eerst per "
        f"{nl_date(first_index)}, aangepast op basis van de consumentenprijsindex (CPI), reeks "
        "alle huishoudens (2015=100), zoals gepubliceerd door het Centraal Bureau voor de "
        "Statistiek.",
    )
    d.clause(
        "4.2",
        "De aangepaste huurprijs is gelijk aan de geldende huurprijs vermenigvuldigd met het "
        "indexcijfer van de vierde kalendermaand vóór de aanpassingsdatum en gedeeld door het "
        "indexcijfer van de zestiende kalendermaand vóór de aanpassingsdatum. Een daling van het "
        "indexcijfer leidt niet tot een lagere huurprijs.",
    )

    d.article("5", "Zekerheidstelling")
    guarantee_text = d.amount(
        guarantee, "EUR", eur_nl(guarantee), "5.1", "bankgarantie", None, "incl"
    )
    q51 = (
        f"Huurder stelt uiterlijk op {nl_date(guarantee_due)} een bankgarantie ten bedrage van "
        f"{guarantee_text}, zijnde het per kwartaal verschuldigde bedrag inclusief btw."
    )
    d.clause("5.1", q51)
    d.obligation(
        Obl(
            "Huurder",
            "bankgarantie stellen",
            f"uiterlijk op {nl_date(guarantee_due)}",
            guarantee_due,
            q51,
            "5.1",
        )
    )
    d.clause(
        "5.2",
        "De bankgarantie blijft van kracht tot ten minste zes maanden na de datum waarop de "
        "huurovereenkomst eindigt.",
    )

    d.article("6", "Gebruik, onderhoud en oplevering")
    d.clause(
        "6.1",
        "Huurder gebruikt het gehuurde als een goed huurder. Huurder brengt zonder schriftelijke "
        "toestemming van Verhuurder geen veranderingen aan de constructie of de installaties aan.",
    )
    d.clause(
        "6.2",
        "Kleine herstellingen en het onderhoud van de binnenzijde van het gehuurde komen voor "
        "rekening van Huurder; groot onderhoud, het onderhoud van de gevels, het dak en de "
        "technische installaties komt voor rekening van Verhuurder.",
    )
    q63 = (
        "Uiterlijk twee (2) weken vóór het einde van de huur vindt een gezamenlijke inspectie "
        "van het gehuurde plaats."
    )
    d.clause(
        "6.3",
        "Huurder levert het gehuurde bij het einde van de huur op in de staat die in het "
        f"proces-verbaal van oplevering is beschreven. {q63}",
    )
    d.obligation(
        Obl(
            "Huurder",
            "gezamenlijke inspectie vóór oplevering",
            "Uiterlijk twee (2) weken vóór het einde van de huur",
            None,
            q63,
            "6.3",
        )
    )

    d.article("7", "Toepasselijk recht en geschillen")
    d.clause("7.1", "Op deze huurovereenkomst is Nederlands recht van toepassing.")
    d.clause(
        "7.2",
        "Geschillen over deze huurovereenkomst worden beslecht door de kantonrechter van de "
        "Rechtbank Amsterdam.",
    )

    d.para("Aldus opgemaakt en in tweevoud ondertekend.")
    d.sign(
        [
            [
                "Verhuurder",
                LINDEBORGH.name,
                SIG,
                f"Naam: {LINDEBORGH.signatory}",
                f"Plaats: {signatures[0].place}",
                f"Datum: {signatures[0].date_text}",
            ],
            [
                "Huurder",
                ELZENHOEVE.name,
                SIG,
                f"Naam: {ELZENHOEVE.signatory}",
                f"Plaats: {signatures[1].place}",
                f"Datum: {signatures[1].date_text}",
            ],
        ],
        side_by_side=False,
    )
    d.facts = {
        "signing_date": max(s.date for s in signatures),
        "start_date": start,
        "end_date": end,
        "term_type": "fixed",
        "initial_term": term.iso(),
        "renewal": {
            "type": "automatic",
            "period": renewal.iso(),
            "max": None,
            "holder": None,
            "exercise_notice": None,
            "exercise_deadline": None,
        },
        "notice_period": notice.iso(),
        "notice_deadline": notice_deadline(end, notice),
        "governing_law": "Netherlands",
        "forum": "Rechtbank Amsterdam (kantonrechter)",
        "indexation": {
            "index": "CPI alle huishoudens (2015=100)",
            "recurring": "P1Y",
            "first_date": first_index,
            "clause": "4.1",
        },
        "evidence": {
            "start_date": "2.1",
            "end_date": "2.1",
            "initial_term": "2.1",
            "renewal": "2.2",
            "notice_period": "2.3",
            "governing_law": "7.1",
            "forum": "7.2",
        },
    }
    return d


# --------------------------------------------------------------------------------------------
# 04 English software licence and supply agreement (Delaware law, English supplier)
# --------------------------------------------------------------------------------------------


def contract_04() -> Doc:
    st = Style(
        "Serif",
        10,
        1.42,
        22,
        24,
        19,
        title_align="C",
        header_align="R",
        number_width=12,
    )
    title = "SOFTWARE LICENCE AND SUPPLY AGREEMENT"
    d = Doc(
        key="04_software_licence_quillmere",
        dossier="ICT/Licenties",
        filename=f"{INBOX}/ICT/Licenties/Quillmere_Software_Licence_and_Supply_Agreement_2024.pdf",
        language="en",
        title=title,
        doc_type="software_licence_supply_agreement",
        style=st,
        header="Quillmere / Elzenhoeve - Software Licence and Supply Agreement - CONFIDENTIAL",
        footer="Page {page} of {pages}",
        created=dt.datetime(2024, 3, 19, 15, 40, tzinfo=dt.UTC),
        cover=True,
    )
    supplier = Party(
        QUILLMERE.name,
        "Supplier",
        None,
        "Bristol",
        "Supplier",
        company_number=QUILLMERE.company_number,
    )
    customer = Party(ELZENHOEVE.name, "Customer", ELZENHOEVE.kvk, "Amsterdam", "Customer")
    d.parties = [supplier, customer]
    made = dt.date(2024, 3, 19)
    effective = dt.date(2024, 4, 1)
    term = Dur(years=2)
    renewal = Dur(years=1)
    notice = Dur(days=60)
    end = term_end(effective, term)
    delivery = dt.date(2024, 5, 15)
    signatures = [
        signed("Supplier", QUILLMERE, "Bristol", made, en_long),
        signed("Customer", ELZENHOEVE, "Amsterdam", made, en_long),
    ]
    d.signatures = signatures

    d.space(40)
    d.title_block(title, size=19)
    d.space(6)
    d.center("between", size=11)
    d.center(QUILLMERE.name.upper(), size=13, bold=True)
    d.center("and", size=11)
    d.center(ELZENHOEVE.name.upper(), size=13, bold=True)
    d.space(30)
    d.center("Reference: QS-2024-0117", size=10)
    d.center(f"Document version 3.0 - {en_long(dt.date(2024, 3, 11))}", size=10)
    d.page_break()

    d.para(
        f"THIS AGREEMENT is made on this {en_ordinal(made.day)} day of "
        f"{EN_MONTHS[made.month - 1]} {made.year}",
        bold=True,
    )
    d.para("BETWEEN:", bold=True)
    d.clause(
        "(1)",
        f"{QUILLMERE.name.upper()}, a company incorporated under the laws of England and Wales "
        f"with company number {QUILLMERE.company_number}, whose registered office is at "
        f'{QUILLMERE.address} ("Supplier"); and',
    )
    d.clause(
        "(2)",
        f"{ELZENHOEVE.name.upper()}, a private limited liability company incorporated under the "
        "laws of the Netherlands, registered with the Dutch Chamber of Commerce (KvK) under "
        f"number {ELZENHOEVE.kvk}, whose registered office is at {ELZENHOEVE.address}, the "
        'Netherlands ("Customer").',
    )
    d.para('Supplier and Customer are each a "Party" and together the "Parties".')
    d.para("BACKGROUND", bold=True)
    d.item(
        "(A)",
        "Supplier develops and licenses the Quillmere Rostering Suite, a workforce planning "
        "application for care providers.",
    )
    d.item(
        "(B)",
        "Customer wishes to license the Software for its care locations, and Supplier has agreed "
        "to supply, host and support it on the terms of this Agreement.",
    )
    d.para("IT IS AGREED as follows:", bold=True)

    d.article("1", "DEFINITIONS")
    d.clause("1.1", "In this Agreement the following definitions apply:")
    d.item(
        "(a)",
        '"Business Day" means a day other than a Saturday, a Sunday or a public holiday in the '
        "Netherlands;",
    )
    d.item(
        "(b)",
        f'"Effective Date" means {en_us(effective)};',
    )
    d.item(
        "(c)",
        '"Software" means the Quillmere Rostering Suite in object code, including all updates '
        "and new releases made generally available during the Term;",
    )
    d.item(
        "(d)",
        '"Documentation" means the user and administrator manuals for the Software;',
    )
    d.item(
        "(e)",
        '"Severity 1 Incident" means a failure that makes the Software unavailable to all users '
        "or prevents the publication of staff rosters;",
    )
    d.item(
        "(f)",
        '"Term" means the Initial Term together with any renewal period under Clause 6.2.',
    )

    d.article("2", "LICENCE GRANT")
    d.clause(
        "2.1",
        "Subject to payment of the Fees, Supplier grants to Customer a non-exclusive, "
        "non-transferable licence to use the Software and the Documentation during the Term for "
        "up to 1,200 named users for Customer's internal business purposes.",
    )
    d.clause(
        "2.2",
        "Customer shall not (a) sublicense, rent or lend the Software, (b) modify, decompile or "
        "reverse engineer the Software except to the extent permitted by law, or (c) use the "
        "Software to provide services to third parties.",
    )

    d.article("3", "DELIVERY AND ACCEPTANCE")
    q31 = (
        "Supplier shall deliver the Software and the Documentation to Customer no later than "
        f"{en_us(delivery)}."
    )
    d.clause("3.1", q31)
    d.obligation(
        Obl(
            "Supplier",
            "deliver software and documentation",
            f"no later than {en_us(delivery)}",
            delivery,
            q31,
            "3.1",
        )
    )
    training_due = effective + 30 * ONE_DAY
    q32 = (
        "Supplier shall provide on-site training for up to twenty (20) key users within thirty "
        "(30) days after the Effective Date."
    )
    d.clause("3.2", q32)
    d.obligation(
        Obl(
            "Supplier",
            "provide key-user training",
            "within thirty (30) days after the Effective Date",
            training_due,
            q32,
            "3.2",
        )
    )
    d.clause(
        "3.3",
        "Customer shall carry out acceptance tests within fifteen (15) Business Days after "
        "delivery and notify Supplier of any material non-conformity found.",
    )

    d.article("4", "SERVICE LEVELS")
    d.clause(
        "4.1",
        "Supplier shall make the hosted components of the Software available 99.5% of the time "
        "in each calendar month, excluding scheduled maintenance announced at least five (5) "
        "Business Days in advance.",
    )
    q42 = "Supplier shall respond to a Severity 1 Incident within one (1) hour of notification."
    d.clause("4.2", q42)
    d.obligation(
        Obl(
            "Supplier",
            "respond to Severity 1 Incident",
            "within one (1) hour of notification",
            None,
            q42,
            "4.2",
        )
    )
    d.clause(
        "4.3",
        "If availability falls below the level in Clause 4.1 in any calendar month, Supplier "
        "shall credit 5% of one twelfth of the annual licence fee for each full percentage point "
        "of shortfall. Service credits are Customer's sole financial remedy for that shortfall.",
    )

    d.article("5", "FEES AND PAYMENT")
    annual = 48_000.00
    impl = 9_500.00
    annual_text = d.amount(
        annual,
        "EUR",
        f"{money_en(annual, 'EUR')} (forty-eight thousand euros)",
        "5.1",
        "annual licence fee",
        "P1Y",
        "excl",
    )
    d.clause(
        "5.1",
        f"Customer shall pay an annual licence fee of {annual_text}, exclusive of VAT, invoiced "
        "annually in advance.",
    )
    impl_text = d.amount(
        impl, "EUR", f"€{impl:,.2f}", "5.2", "one-off implementation fee", None, "excl"
    )
    d.clause(
        "5.2",
        f"A one-off implementation fee of {impl_text}, exclusive of VAT, shall be invoiced upon "
        "acceptance.",
    )
    q53 = (
        "Customer shall pay each undisputed invoice within thirty (30) days of the date of invoice."
    )
    d.clause("5.3", q53)
    d.obligation(
        Obl(
            "Customer",
            "pay undisputed invoices",
            "within thirty (30) days of the date of invoice",
            None,
            q53,
            "5.3",
        )
    )

    d.article("6", "TERM AND TERMINATION")
    d.clause(
        "6.1",
        "This Agreement shall commence on the Effective Date and continue for an initial term of "
        f'{en_n(term.years)} years (the "Initial Term").',
    )
    d.clause(
        "6.2",
        "Thereafter this Agreement shall automatically renew for successive one-year periods "
        f"unless either party gives written notice at least {en_n(notice.days)} days prior to the "
        "end of the then-current term.",
    )
    d.clause(
        "6.3",
        "Either party may terminate this Agreement with immediate effect by written notice if the "
        "other party commits a material breach that is not remedied within thirty (30) days "
        "after a written request to do so.",
    )
    q64 = (
        "Within fourteen (14) days after termination or expiry, Supplier shall return all "
        "Customer data in a commonly used format and then delete it."
    )
    d.clause("6.4", q64)
    d.obligation(
        Obl(
            "Supplier",
            "return and delete customer data",
            "Within fourteen (14) days after termination or expiry",
            None,
            q64,
            "6.4",
        )
    )

    d.article("7", "CONFIDENTIALITY")
    d.clause(
        "7.1",
        "Each Party shall keep the other Party's confidential information secret and use it only "
        "for the performance of this Agreement. This obligation survives for three (3) years "
        "after the end of the Term.",
    )

    d.article("8", "WARRANTIES")
    d.clause(
        "8.1",
        "Supplier warrants that for ninety (90) days from delivery the Software will perform "
        "materially in accordance with the Documentation, and that it has all rights needed to "
        "grant the licence in Clause 2.",
    )

    d.article("9", "INDEMNITY")
    d.clause(
        "9.1",
        "Supplier shall indemnify, defend and hold harmless Customer against any claim by a "
        "third party alleging that the use of the Software in accordance with this Agreement "
        "infringes that third party's intellectual property rights, and against all losses, "
        "damages and reasonable costs arising from such a claim.",
    )
    d.clause("9.2", "Clause 9.1 applies only if Customer:")
    d.item("(a)", "notifies Supplier of the claim promptly in writing;")
    d.item("(b)", "gives Supplier sole control of the defence and settlement of the claim; and")
    d.item("(c)", "provides reasonable assistance at Supplier's expense.")

    d.article("10", "LIMITATION OF LIABILITY")
    cap = 250_000.00
    cap_text = d.amount(cap, "USD", f"USD {cap:,.0f}", "10.1", "liability cap (floor)")
    d.clause(
        "10.1",
        "Subject to Clause 10.3, each Party's total aggregate liability arising out of or in "
        "connection with this Agreement shall not exceed the greater of (a) the Fees paid or "
        "payable in the twelve (12) months preceding the event giving rise to the claim and (b) "
        f"{cap_text}.",
    )
    d.clause(
        "10.2",
        "Neither Party shall be liable for any loss of profits, loss of data or any indirect or "
        "consequential loss.",
    )
    d.clause(
        "10.3",
        "Nothing in this Agreement limits liability for death or personal injury caused by "
        "negligence, for fraud, or under the indemnity in Clause 9.",
    )

    d.article("11", "DATA PROTECTION")
    q111 = (
        "Supplier shall notify Customer of a personal data breach without undue delay and in any "
        "event within twenty-four (24) hours of becoming aware of it."
    )
    d.clause(
        "11.1",
        "Supplier processes personal data on behalf of Customer as a processor under the data "
        "processing agreement attached to the order form, in accordance with the GDPR.",
    )
    d.clause("11.2", q111)
    d.obligation(
        Obl(
            "Supplier",
            "notify personal data breach",
            "within twenty-four (24) hours of becoming aware of it",
            None,
            q111,
            "11.2",
        )
    )

    d.article("12", "GOVERNING LAW")
    d.clause(
        "12.1",
        "This Agreement and any dispute or claim arising out of or in connection with it shall be "
        "governed by and construed in accordance with the laws of the State of Delaware, without "
        "regard to its conflict of laws principles.",
    )
    d.clause(
        "12.2",
        "Subject to Clause 12.3, the state and federal courts located in Wilmington, Delaware "
        "shall have exclusive jurisdiction over any dispute arising out of this Agreement.",
    )
    d.clause("12.3", "Notwithstanding Clause 12.2:")
    d.item(
        "(a)",
        "either Party may seek urgent injunctive relief in any court of competent jurisdiction; "
        "and",
    )
    d.item(
        "(b)",
        "the United Nations Convention on Contracts for the International Sale of Goods shall not "
        "apply to this Agreement.",
    )

    d.article("13", "GENERAL")
    d.clause(
        "13.1",
        f"Notices shall be sent by e-mail to {QUILLMERE.email} (Supplier) and "
        f"{ELZENHOEVE.email} (Customer), with a copy by registered post.",
    )
    d.clause(
        "13.2",
        "This Agreement constitutes the entire agreement between the Parties and may be executed "
        "in counterparts.",
    )
    d.para("IN WITNESS WHEREOF the Parties have signed this Agreement on the date stated above.")
    d.sign(
        [
            sig_column_en("Supplier", QUILLMERE, signatures[0].place, signatures[0].date_text),
            sig_column_en("Customer", ELZENHOEVE, signatures[1].place, signatures[1].date_text),
        ]
    )
    d.facts = {
        "signing_date": max(s.date for s in signatures),
        "start_date": effective,
        "end_date": end,
        "term_type": "fixed",
        "initial_term": term.iso(),
        "renewal": {
            "type": "automatic",
            "period": renewal.iso(),
            "max": None,
            "holder": None,
            "exercise_notice": None,
            "exercise_deadline": None,
        },
        "notice_period": notice.iso(),
        "notice_deadline": notice_deadline(end, notice),
        "governing_law": "Delaware",
        "forum": "state and federal courts in Wilmington, Delaware",
        "evidence": {
            "start_date": "1.1 (b)",
            "initial_term": "6.1",
            "renewal": "6.2",
            "notice_period": "6.2",
            "governing_law": "12.1",
            "forum": "12.2",
        },
        "decoys": [
            {
                "text": "a company incorporated under the laws of England and Wales",
                "why": "place of incorporation of Supplier, not the governing law",
            },
            {
                "text": f"Document version 3.0 - {en_long(dt.date(2024, 3, 11))}",
                "why": "version date on the cover",
            },
        ],
    }
    return d


# --------------------------------------------------------------------------------------------
# 05 Dutch cleaning services, indefinite term
# --------------------------------------------------------------------------------------------


def contract_05() -> Doc:
    st = Style("Cond", 10, 1.4, 20, 26, 15, title_align="L", number_width=10, para_gap=1.2)
    d = Doc(
        key="05_schoonmaak_blinkvast",
        dossier="Facilitair/Schoonmaak",
        filename=f"{INBOX}/Facilitair/Schoonmaak/schoonmaakovereenkomst blinkvast 2024.pdf",
        language="nl",
        title="Overeenkomst schoonmaakdienstverlening",
        doc_type="schoonmaakovereenkomst",
        style=st,
        header=f"{BLINKVAST.name} - {ELZENHOEVE.name} - contractnummer BV-2024-118",
        footer="Pagina {page} van {pages}",
        created=dt.datetime(2024, 2, 19, 11, 0, tzinfo=dt.UTC),
    )
    client = Party(ELZENHOEVE.name, "Opdrachtgever", ELZENHOEVE.kvk, "Amsterdam", "Opdrachtgever")
    vendor = Party(BLINKVAST.name, "Opdrachtnemer", BLINKVAST.kvk, "Haarlem", "Opdrachtnemer")
    d.parties = [client, vendor]
    start = dt.date(2024, 3, 1)
    notice = Dur(months=1)
    program_due = dt.date(2024, 2, 23)
    signatures = [
        signed("Opdrachtnemer", BLINKVAST, "Haarlem", dt.date(2024, 2, 14), nl_dmy),
        signed("Opdrachtgever", ELZENHOEVE, "Amsterdam", dt.date(2024, 2, 19), nl_dmy),
    ]
    d.signatures = signatures

    d.title_block("Overeenkomst schoonmaakdienstverlening", size=15)
    d.para("Partijen:", bold=True)
    d.clause(
        "1.",
        f"{ELZENHOEVE.name}, gevestigd te {ELZENHOEVE.seat}, ingeschreven in het "
        f"handelsregister van de Kamer van Koophandel onder nummer {ELZENHOEVE.kvk}, hierna te "
        "noemen “Opdrachtgever”;",
    )
    d.clause(
        "2.",
        f"{BLINKVAST.name}, gevestigd te {BLINKVAST.seat}, ingeschreven in het handelsregister "
        f"van de Kamer van Koophandel onder nummer {BLINKVAST.kvk}, hierna te noemen "
        "“Opdrachtnemer”;",
    )
    d.para("verklaren te zijn overeengekomen als volgt.")

    d.article("1", "Werkzaamheden")
    d.clause(
        "1.1",
        "Opdrachtnemer verricht de dagelijkse en periodieke schoonmaak van de kantoorlocatie "
        "Kadewerf 40-44 te Amsterdam en van de dagbestedingslocatie Zuiderhof 7 te Amsterdam, "
        "volgens het werkprogramma bedoeld in artikel 1.2.",
    )
    q12 = (
        f"Opdrachtnemer stelt uiterlijk op {nl_dmy(program_due)} een werkprogramma op en legt dit "
        "ter goedkeuring voor aan Opdrachtgever."
    )
    d.clause("1.2", q12)
    d.obligation(
        Obl(
            "Opdrachtnemer",
            "werkprogramma ter goedkeuring voorleggen",
            f"uiterlijk op {nl_dmy(program_due)}",
            program_due,
            q12,
            "1.2",
        )
    )
    d.clause(
        "1.3",
        "Onder werkdag wordt in deze overeenkomst verstaan: maandag tot en met vrijdag, behalve "
        "Nieuwjaarsdag, Tweede Paasdag, Koningsdag, 5 mei, Hemelvaartsdag, Tweede Pinksterdag en "
        "de beide Kerstdagen.",
    )

    d.article("2", "Duur en opzegging")
    d.clause(
        "2.1",
        f"Deze overeenkomst gaat in op {nl_dmy(start)} en wordt aangegaan voor onbepaalde tijd.",
    )
    d.clause(
        "2.2",
        "Ieder der partijen kan deze overeenkomst schriftelijk opzeggen tegen het einde van een "
        "kalendermaand, met inachtneming van een opzegtermijn van één maand.",
    )
    d.clause(
        "2.3",
        "Opdrachtgever kan de overeenkomst met onmiddellijke ingang ontbinden indien "
        "Opdrachtnemer na een schriftelijke ingebrekestelling met een redelijke termijn tot "
        "herstel tekort blijft schieten.",
    )

    d.article("3", "Vergoeding en betaling")
    monthly = 3_480.00
    hourly = 38.50
    monthly_text = d.amount(
        monthly, "EUR", eur_nl(monthly), "3.1", "vaste maandvergoeding", "P1M", "excl"
    )
    d.clause(
        "3.1",
        f"Opdrachtgever betaalt voor de werkzaamheden een vaste vergoeding van {monthly_text} "
        "per maand, exclusief btw.",
    )
    hourly_text = d.amount(
        hourly, "EUR", eur_nl(hourly), "3.2", "uurtarief meerwerk", "PT1H", "excl"
    )
    d.clause(
        "3.2",
        "Meerwerk wordt uitsluitend na schriftelijke opdracht uitgevoerd tegen een uurtarief van "
        f"{hourly_text} exclusief btw.",
    )
    q33 = "Opdrachtgever betaalt de facturen binnen 14 dagen na factuurdatum."
    d.clause("3.3", q33)
    d.obligation(
        Obl(
            "Opdrachtgever", "facturen betalen", "binnen 14 dagen na factuurdatum", None, q33, "3.3"
        )
    )
    d.clause(
        "3.4",
        "De vergoedingen worden jaarlijks per 01-01 aangepast aan de loonkostenontwikkeling "
        "volgens de toepasselijke cao voor de schoonmaakbranche.",
    )

    d.article("4", "Kwaliteit")
    q41 = (
        "Opdrachtnemer voert ieder kwartaal een kwaliteitsmeting uit en rapporteert de uitkomst "
        "binnen tien (10) werkdagen na afloop van het kalenderkwartaal aan Opdrachtgever."
    )
    d.clause("4.1", q41)
    d.obligation(
        Obl(
            "Opdrachtnemer",
            "kwaliteitsmeting rapporteren",
            "binnen tien (10) werkdagen na afloop van het kalenderkwartaal",
            add_workdays(quarter_end_after(start), 10),
            q41,
            "4.1",
            recurring="P3M",
        )
    )
    d.clause(
        "4.2",
        "Liggen twee opeenvolgende metingen onder het afgesproken kwaliteitsniveau, dan stelt "
        "Opdrachtnemer binnen vijf (5) werkdagen na de tweede meting een verbeterplan op.",
    )

    d.article("5", "Personeel, sleutels en beveiliging")
    d.clause(
        "5.1",
        "Opdrachtnemer zet uitsluitend personeel in dat beschikt over een Verklaring Omtrent het "
        "Gedrag die niet ouder is dan zes maanden.",
    )
    q52 = (
        "Opdrachtnemer meldt verlies of diefstal van een sleutel of toegangspas binnen 24 uur aan "
        "Opdrachtgever."
    )
    d.clause("5.2", q52)
    d.obligation(
        Obl(
            "Opdrachtnemer",
            "verlies sleutel of toegangspas melden",
            "binnen 24 uur",
            None,
            q52,
            "5.2",
        )
    )
    d.clause(
        "5.3",
        "Opdrachtnemer neemt geen kennis van dossiers en andere documenten van Opdrachtgever en "
        "van haar cliënten, en laat deze onaangeroerd.",
    )

    d.article("6", "Boete")
    penalty = 5_000.00
    daily = 250.00
    penalty_text = d.amount(
        penalty,
        "EUR",
        f"{nl_words(int(penalty))} euro ({eur_nl(penalty, dash=True)})",
        "6.1",
        "boete per overtreding",
    )
    daily_text = d.amount(
        daily,
        "EUR",
        eur_nl(daily, dash=True),
        "6.1",
        "boete per dag dat de overtreding voortduurt",
        "P1D",
        None,
    )
    d.clause(
        "6.1",
        "Bij overtreding van artikel 5 verbeurt Opdrachtnemer aan Opdrachtgever een direct "
        f"opeisbare boete van {penalty_text} per overtreding, vermeerderd met {daily_text} voor "
        "iedere dag dat de overtreding voortduurt.",
    )
    d.clause(
        "6.2",
        "De boete laat het recht van Opdrachtgever onverlet om nakoming en volledige "
        "schadevergoeding te vorderen.",
    )

    d.article("7", "Aansprakelijkheid en verzekering")
    insured = 1_250_000.00
    insured_text = d.amount(insured, "EUR", eur_nl(insured), "7.1", "minimale verzekerde som")
    d.clause(
        "7.1",
        "Opdrachtnemer is aansprakelijk voor schade die zij of haar personeel bij de uitvoering "
        "van de werkzaamheden veroorzaakt, en is daarvoor verzekerd met een dekking van ten "
        f"minste {insured_text} per gebeurtenis.",
    )

    d.article("8", "Toepasselijk recht en geschillen")
    d.clause("8.1", "Op deze overeenkomst is Nederlands recht van toepassing.")
    d.clause(
        "8.2",
        "Geschillen worden voorgelegd aan de bevoegde rechter van de Rechtbank Noord-Holland, "
        "locatie Haarlem.",
    )
    d.para(
        f"Aldus overeengekomen en ondertekend te {signatures[0].place} op "
        f"{signatures[0].date_text} en te {signatures[1].place} op {signatures[1].date_text}."
    )
    d.sign(
        [
            [
                "Opdrachtnemer",
                BLINKVAST.name,
                SIG,
                f"Naam: {BLINKVAST.signatory}",
                f"Functie: {BLINKVAST.function}",
                f"Plaats: {signatures[0].place}",
                f"Datum: {signatures[0].date_text}",
            ],
            [
                "Opdrachtgever",
                ELZENHOEVE.name,
                SIG,
                f"Naam: {ELZENHOEVE.signatory}",
                f"Functie: {ELZENHOEVE.function}",
                f"Plaats: {signatures[1].place}",
                f"Datum: {signatures[1].date_text}",
            ],
        ],
        side_by_side=False,
    )
    d.facts = {
        "signing_date": max(s.date for s in signatures),
        "start_date": start,
        "end_date": None,
        "term_type": "indefinite",
        "initial_term": None,
        "renewal": {
            "type": "none",
            "period": None,
            "max": None,
            "holder": None,
            "exercise_notice": None,
            "exercise_deadline": None,
        },
        "notice_period": notice.iso(),
        "notice_deadline": None,
        "governing_law": "Netherlands",
        "forum": "Rechtbank Noord-Holland",
        "evidence": {
            "start_date": "2.1",
            "notice_period": "2.2",
            "governing_law": "8.1",
            "forum": "8.2",
        },
    }
    return d


# --------------------------------------------------------------------------------------------
# 06 English consulting agreement, fixed term, no renewal
# --------------------------------------------------------------------------------------------


def contract_06() -> Doc:
    st = Style("Sans", 9.5, 1.45, 26, 25, 16, title_align="L", number_width=12)
    d = Doc(
        key="06_consulting_ashcombe_reeve",
        dossier="Legal",
        filename=f"{INBOX}/Legal/Consulting Agreement Ashcombe Reeve 2024.pdf",
        language="en",
        title="CONSULTING AGREEMENT",
        doc_type="consulting_agreement",
        style=st,
        header="Consulting Agreement - Elzenhoeve Zorg B.V. / Ashcombe & Reeve Advisory LLP",
        footer="Page {page} of {pages}",
        created=dt.datetime(2024, 6, 27, 12, 0, tzinfo=dt.UTC),
    )
    client = Party(ELZENHOEVE.name, "Client", ELZENHOEVE.kvk, "Amsterdam", "Client")
    consultant = Party(
        ASHCOMBE.name,
        "Consultant",
        None,
        "London",
        "Consultant",
        company_number=ASHCOMBE.company_number,
    )
    d.parties = [client, consultant]
    start = dt.date(2024, 7, 1)
    term = Dur(months=30)
    end = term_end(start, term)
    convenience = Dur(days=30)
    inception = dt.date(2024, 7, 31)
    final = dt.date(2026, 12, 15)
    signatures = [
        signed("Client", ELZENHOEVE, "Amsterdam", dt.date(2024, 6, 27), dt.date.isoformat),
        signed("Consultant", ASHCOMBE, "London", dt.date(2024, 6, 24), dt.date.isoformat),
    ]
    d.signatures = signatures
    rate = 1_150.00
    fee_cap = 220_000.00
    liability = 500_000.00

    d.title_block("CONSULTING AGREEMENT", size=16)
    d.para(
        'This Consulting Agreement (the "Agreement") is dated as of the date of the last '
        "signature below and is made between:"
    )
    d.clause(
        "(1)",
        f"{ELZENHOEVE.name.upper()}, a company incorporated in the Netherlands (Chamber of "
        f"Commerce number {ELZENHOEVE.kvk}), whose registered office is at {ELZENHOEVE.address} "
        "(“Client”); and",
    )
    d.clause(
        "(2)",
        f"{ASHCOMBE.name.upper()}, a limited liability partnership registered in England and "
        f"Wales under number {ASHCOMBE.company_number}, whose registered office is at "
        f"{ASHCOMBE.address} (“Consultant”).",
    )
    d.para("KEY DETAILS", bold=True)
    d.item("-", f"Commencement Date: {start.isoformat()}")
    d.item("-", f"Term: {en_n(term.months)} months, fixed")
    d.item("-", f"Expiry Date: {end.isoformat()}")
    rate_text = d.amount(
        rate, "GBP", money_en(rate, "GBP"), "Key details", "daily rate", "P1D", "excl"
    )
    d.item("-", f"Daily rate: {rate_text} excluding VAT")
    cap_text = d.amount(
        fee_cap,
        "GBP",
        money_en(fee_cap, "GBP"),
        "Key details",
        "fee ceiling for the Term",
        None,
        "excl",
    )
    d.item("-", f"Fee ceiling: {cap_text}")

    d.article("1", "DEFINITIONS AND INTERPRETATION")
    d.clause(
        "1.1",
        "“Services” means the advisory services described in Clause 2; “Deliverables” means the "
        "reports and other materials produced by Consultant as part of the Services; "
        "“Confidential Information” means all information disclosed by or on behalf of Client "
        "that is marked as confidential or is by its nature confidential.",
    )
    d.clause(
        "1.2",
        "Dates in this Agreement are written in the form year-month-day.",
    )

    d.article("2", "SERVICES")
    d.clause(
        "2.1",
        "Consultant shall provide strategic advisory services for the redesign of Client's "
        "workforce planning and rostering across its care locations.",
    )
    q22 = f"Consultant shall deliver the Inception Report no later than {inception.isoformat()}."
    d.clause("2.2", q22)
    d.obligation(
        Obl(
            "Consultant",
            "deliver inception report",
            f"no later than {inception.isoformat()}",
            inception,
            q22,
            "2.2",
        )
    )
    q23 = (
        "Consultant shall deliver the Final Report, including an implementation roadmap, no later "
        f"than {final.isoformat()}."
    )
    d.clause("2.3", q23)
    d.obligation(
        Obl(
            "Consultant",
            "deliver final report",
            f"no later than {final.isoformat()}",
            final,
            q23,
            "2.3",
        )
    )
    d.clause(
        "2.4",
        "The Parties shall hold a steering meeting in the first month of each calendar quarter. "
        "Consultant shall circulate a progress note at least three (3) days before each meeting.",
    )

    d.article("3", "TERM AND TERMINATION")
    d.clause(
        "3.1",
        f"This Agreement shall commence on {start.isoformat()} (the “Commencement Date”) and shall "
        f"continue for a fixed term of {en_n(term.months)} months, expiring on {end.isoformat()} "
        "(the “Expiry Date”).",
    )
    d.clause(
        "3.2",
        "This Agreement shall not renew automatically and may only be extended by a written "
        "variation signed by both Parties.",
    )
    d.clause(
        "3.3",
        "Client may terminate this Agreement for convenience at any time by giving not less than "
        f"{en_n(convenience.days)} days' written notice to Consultant.",
    )
    d.clause(
        "3.4",
        "Either Party may terminate this Agreement immediately by written notice if the other "
        "Party commits a material breach which is not remedied within fourteen (14) days after "
        "written notice of the breach.",
    )

    d.article("4", "FEES AND EXPENSES")
    d.clause(
        "4.1",
        "Client shall pay Consultant the daily rate stated in the Key Details for each day "
        "actually worked. Total fees under this Agreement shall not exceed the fee ceiling "
        "without Client's prior written approval.",
    )
    d.clause("4.2", "Consultant shall invoice monthly in arrears, with timesheets attached.")
    q43 = "Client shall pay each valid invoice within thirty (30) days of receipt."
    d.clause("4.3", q43)
    d.obligation(
        Obl("Client", "pay valid invoices", "within thirty (30) days of receipt", None, q43, "4.3")
    )
    d.clause(
        "4.4",
        "Travel outside London and Amsterdam is reimbursed at cost if approved in advance.",
    )

    d.article("5", "CONFIDENTIALITY")
    d.clause(
        "5.1",
        "Consultant shall keep the Confidential Information confidential and shall not use it for "
        "any purpose other than the Services.",
    )
    d.clause(
        "5.2",
        "The obligations in this Clause 5 survive the expiry or termination of this Agreement for "
        "five (5) years.",
    )
    q53 = (
        "Within fourteen (14) days after termination or expiry of this Agreement, Consultant "
        "shall return or destroy all Confidential Information."
    )
    d.clause("5.3", q53)
    d.obligation(
        Obl(
            "Consultant",
            "return or destroy confidential information",
            "Within fourteen (14) days after termination or expiry of this Agreement",
            None,
            q53,
            "5.3",
        )
    )

    d.article("6", "INTELLECTUAL PROPERTY")
    d.clause(
        "6.1",
        "All intellectual property rights in the Deliverables vest in Client on payment. "
        "Consultant retains its pre-existing methods and know-how and grants Client a perpetual "
        "licence to use them as embedded in the Deliverables.",
    )

    d.article("7", "LIABILITY")
    liab_text = d.amount(liability, "GBP", money_en(liability, "GBP"), "7.1", "liability cap")
    d.clause(
        "7.1",
        "Consultant's total liability arising under or in connection with this Agreement shall "
        f"not exceed {liab_text}.",
    )
    d.clause(
        "7.2",
        "Nothing in this Agreement limits or excludes liability for death or personal injury "
        "caused by negligence or for fraud.",
    )

    d.article("8", "STATUS")
    d.clause(
        "8.1",
        "Consultant is an independent contractor. Nothing in this Agreement creates an "
        "employment relationship, partnership or agency between the Parties.",
    )

    d.article("9", "GOVERNING LAW AND JURISDICTION")
    d.clause(
        "9.1",
        "This Agreement and any non-contractual obligations arising out of it shall be governed "
        "by the law of England and Wales.",
    )
    d.clause(
        "9.2",
        "The courts of London, England shall have exclusive jurisdiction to settle any dispute "
        "arising out of or in connection with this Agreement.",
    )
    d.para("Signed by the Parties on the dates below.")
    d.sign(
        [
            sig_column_en("Client", ELZENHOEVE, signatures[0].place, signatures[0].date_text),
            sig_column_en("Consultant", ASHCOMBE, signatures[1].place, signatures[1].date_text),
        ]
    )
    d.facts = {
        "signing_date": max(s.date for s in signatures),
        "start_date": start,
        "end_date": end,
        "term_type": "fixed",
        "initial_term": term.iso(),
        "renewal": {
            "type": "none",
            "period": None,
            "max": None,
            "holder": None,
            "exercise_notice": None,
            "exercise_deadline": None,
        },
        "notice_period": convenience.iso(),
        "notice_deadline": None,
        "governing_law": "England and Wales",
        "forum": "courts of London",
        "evidence": {
            "start_date": "3.1",
            "end_date": "3.1",
            "initial_term": "3.1",
            "renewal": "3.2",
            "notice_period": "3.3",
            "governing_law": "9.1",
            "forum": "9.2",
        },
    }
    return d


# --------------------------------------------------------------------------------------------
# 07 Dutch framework agreement with an option to extend
# --------------------------------------------------------------------------------------------


def contract_07() -> Doc:
    st = Style("Serif", 9.5, 1.45, 22, 24, 14, title_align="C", number_width=10)
    ref = "ELZ-INK-2025-004"
    title = "Raamovereenkomst kantoorartikelen en printerbenodigdheden"
    d = Doc(
        key="07_raamovereenkomst_kantoorartikelen",
        dossier="Inkoop/Raamovereenkomsten",
        filename=(
            f"{INBOX}/Inkoop/Raamovereenkomsten/Raamovereenkomst kantoorartikelen 2025-2027.pdf"
        ),
        language="nl",
        title=title,
        doc_type="raamovereenkomst",
        style=st,
        header=f"Raamovereenkomst kantoorartikelen - kenmerk {ref}",
        footer="Pagina {page} van {pages}",
        created=dt.datetime(2025, 3, 20, 10, 15, tzinfo=dt.UTC),
    )
    client = Party(ELZENHOEVE.name, "Opdrachtgever", ELZENHOEVE.kvk, "Amsterdam", "Opdrachtgever")
    vendor = Party(PAPIERHOF.name, "Opdrachtnemer", PAPIERHOF.kvk, "Nieuwegein", "Opdrachtnemer")
    d.parties = [client, vendor]
    start = dt.date(2025, 4, 1)
    term = Dur(years=2)
    option = Dur(months=12)
    options = 2
    exercise = Dur(months=2)
    early = Dur(months=3)
    end = term_end(start, term)
    plan_due = dt.date(2025, 10, 1)
    signatures = [
        signed("Opdrachtgever", ELZENHOEVE, "Amsterdam", dt.date(2025, 3, 20), nl_date),
        signed("Opdrachtnemer", PAPIERHOF, "Nieuwegein", dt.date(2025, 3, 17), nl_date),
    ]
    d.signatures = signatures

    d.title_block(title, size=14)
    d.center(f"kenmerk {ref}", size=9.5)
    d.space(3)
    d.para("Partijen", bold=True)
    d.clause(
        "1.",
        f"{ELZENHOEVE.name}, gevestigd te {ELZENHOEVE.seat}, ingeschreven bij de KvK onder "
        f"nummer {ELZENHOEVE.kvk}, hierna te noemen ‘Opdrachtgever’, en",
    )
    d.clause(
        "2.",
        f"{PAPIERHOF.name}, gevestigd te {PAPIERHOF.seat}, ingeschreven bij de KvK onder nummer "
        f"{PAPIERHOF.kvk}, hierna te noemen ‘Opdrachtnemer’,",
    )
    d.para("overwegende dat:", bold=True)
    d.item(
        "a.",
        "Opdrachtgever een meervoudig onderhandse procedure heeft gevoerd voor de levering van "
        "kantoorartikelen en printerbenodigdheden, waarin de inschrijving van Opdrachtnemer de "
        "beste prijs-kwaliteitverhouding had;",
    )
    d.item("b.", "Partijen de afspraken over de leveringen in deze raamovereenkomst vastleggen;")
    d.para("komen als volgt overeen:", bold=True)

    d.article("1", "Definities")
    d.clause(
        "1.1",
        "Bestelling: een opdracht van Opdrachtgever tot levering van artikelen uit het "
        "assortiment, geplaatst via de webwinkel van Opdrachtnemer of per e-mail aan "
        f"{PAPIERHOF.email}.",
    )
    d.clause(
        "1.2",
        "Werkdag: maandag tot en met vrijdag, met uitzondering van Nieuwjaarsdag, Tweede "
        "Paasdag, Koningsdag, 5 mei, Hemelvaartsdag, Tweede Pinksterdag en beide Kerstdagen.",
    )

    d.article("2", "Voorwerp en omvang")
    d.clause(
        "2.1",
        "Opdrachtnemer levert gedurende de looptijd op afroep kantoorartikelen, papier en "
        "printerbenodigdheden aan de locaties van Opdrachtgever.",
    )
    volume = 240_000.00
    volume_text = d.amount(
        volume,
        "EUR",
        f"{eur_nl(volume)} excl. btw",
        "2.2",
        "geraamde omvang over de initiële looptijd",
        None,
        "excl",
    )
    d.clause(
        "2.2",
        f"De omvang van de opdracht wordt geraamd op {volume_text} over de initiële looptijd. "
        "Opdrachtgever is niet verplicht een minimale hoeveelheid af te nemen.",
    )

    d.article("3", "Looptijd en verlenging")
    d.clause(
        "3.1",
        f"De raamovereenkomst gaat in op {nl_date(start)} en heeft een looptijd van "
        f"{nl_n(term.years)} jaar.",
    )
    d.clause(
        "3.2",
        "De raamovereenkomst kan door Opdrachtgever tweemaal met twaalf maanden worden verlengd.",
    )
    d.clause(
        "3.3",
        "Opdrachtgever maakt het gebruik van een verlengingsoptie uiterlijk "
        f"{nl_n(exercise.months)} maanden voor het einde van de dan lopende looptijd schriftelijk "
        "aan Opdrachtnemer kenbaar. Maakt Opdrachtgever geen gebruik van een optie, dan eindigt "
        "de raamovereenkomst van rechtswege.",
    )
    d.clause(
        "3.4",
        "Opdrachtgever kan de raamovereenkomst tussentijds opzeggen met inachtneming van een "
        f"opzegtermijn van {nl_n(early.months)} maanden.",
    )

    d.article("4", "Bestellen en leveren")
    q41 = (
        "Opdrachtnemer levert Bestellingen die vóór 14.00 uur zijn geplaatst binnen twee (2) "
        "Werkdagen na ontvangst van de Bestelling."
    )
    d.clause("4.1", q41)
    d.obligation(
        Obl(
            "Opdrachtnemer",
            "Bestellingen leveren",
            "binnen twee (2) Werkdagen na ontvangst van de Bestelling",
            None,
            q41,
            "4.1",
        )
    )
    small = 150.00
    fee = 12.50
    small_text = d.amount(
        small, "EUR", eur_nl(small), "4.2", "drempel kleine bestelling", None, "excl"
    )
    fee_text = d.amount(
        fee, "EUR", eur_nl(fee), "4.2", "afleverkosten kleine bestelling", None, None
    )
    d.clause(
        "4.2",
        f"Bij Bestellingen met een waarde onder {small_text} exclusief btw mag Opdrachtnemer "
        f"{fee_text} afleverkosten in rekening brengen.",
    )

    d.article("5", "Prijzen en betaling")
    d.clause(
        "5.1",
        "De prijzen uit de prijslijst bij de inschrijving staan vast tot en met "
        f"{nl_date(dt.date(2026, 3, 31))} en worden daarna jaarlijks per 1 april aangepast "
        "volgens de CPI van het CBS.",
    )
    q52 = "Opdrachtgever betaalt binnen dertig (30) dagen na ontvangst van de factuur."
    d.clause("5.2", q52)
    d.obligation(
        Obl(
            "Opdrachtgever",
            "facturen betalen",
            "binnen dertig (30) dagen na ontvangst van de factuur",
            None,
            q52,
            "5.2",
        )
    )

    d.article("6", "Rapportage en overleg")
    first_report = next_yearly(start, 2, 1) - ONE_DAY  # "vóór 1 februari": the day before
    q61 = (
        "Opdrachtnemer verstrekt jaarlijks vóór 1 februari een managementrapportage over de "
        "afname in het voorafgaande kalenderjaar."
    )
    d.clause("6.1", q61)
    d.obligation(
        Obl(
            "Opdrachtnemer",
            "jaarlijkse managementrapportage verstrekken",
            "jaarlijks vóór 1 februari",
            first_report,
            q61,
            "6.1",
            recurring="P1Y",
        )
    )
    d.clause("6.2", "Partijen voeren ieder half jaar een contractgesprek.")

    d.article("7", "Duurzaamheid")
    q71 = (
        f"Opdrachtnemer levert uiterlijk op {nl_date(plan_due)} een plan van aanpak voor "
        "emissievrije bevoorrading van de locaties van Opdrachtgever."
    )
    d.clause("7.1", q71)
    d.obligation(
        Obl(
            "Opdrachtnemer",
            "plan van aanpak emissievrije bevoorrading leveren",
            f"uiterlijk op {nl_date(plan_due)}",
            plan_due,
            q71,
            "7.1",
        )
    )

    d.article("8", "Aansprakelijkheid")
    cap = 100_000.00
    cap_text = d.amount(cap, "EUR", eur_nl(cap), "8.1", "aansprakelijkheidslimiet per gebeurtenis")
    d.clause(
        "8.1",
        "De aansprakelijkheid van Opdrachtnemer voor directe schade is beperkt tot "
        f"{cap_text} per gebeurtenis, behoudens opzet of bewuste roekeloosheid.",
    )

    d.article("9", "Toepasselijk recht en geschillen")
    d.clause("9.1", "Op deze raamovereenkomst is Nederlands recht van toepassing.")
    d.clause(
        "9.2",
        "Geschillen worden uitsluitend voorgelegd aan de bevoegde rechter van de Rechtbank "
        "Midden-Nederland.",
    )
    d.para("Aldus overeengekomen en in tweevoud ondertekend:")
    d.sign(
        [
            sig_column_nl(
                "Opdrachtgever", ELZENHOEVE, signatures[0].place, signatures[0].date_text
            ),
            sig_column_nl("Opdrachtnemer", PAPIERHOF, signatures[1].place, signatures[1].date_text),
        ]
    )
    d.facts = {
        "signing_date": max(s.date for s in signatures),
        "start_date": start,
        "end_date": end,
        "term_type": "fixed",
        "initial_term": term.iso(),
        "renewal": {
            "type": "option",
            "period": option.iso(),
            "max": options,
            "holder": "Opdrachtgever",
            "exercise_notice": exercise.iso(),
            "exercise_deadline": notice_deadline(end, exercise),
        },
        "notice_period": early.iso(),
        "notice_deadline": None,
        "governing_law": "Netherlands",
        "forum": "Rechtbank Midden-Nederland",
        "evidence": {
            "start_date": "3.1",
            "initial_term": "3.1",
            "renewal": "3.2",
            "notice_period": "3.4",
            "governing_law": "9.1",
            "forum": "9.2",
        },
    }
    return d


CONTRACTS = (
    contract_01,
    contract_02,
    contract_03,
    contract_04,
    contract_05,
    contract_06,
    contract_07,
)


# --------------------------------------------------------------------------------------------
# Ground truth: expected.json entries, consistency checks
# --------------------------------------------------------------------------------------------

_ISO_DUR = re.compile(r"^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)D)?$")


def parse_dur(text: str) -> Dur:
    """Parse the ISO strings back, so the derived dates are checked from what was written out."""
    m = _ISO_DUR.match(text)
    if not m or text == "P":
        raise SampleError(f"not an ISO duration: {text!r}")
    years, months, days = (int(g) if g else 0 for g in m.groups())
    return Dur(years, months, days)


def jsonable(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    return value


def bucket(d: dt.date) -> str:
    if d < AS_OF:
        return "past"
    if d <= AS_OF + UPCOMING_DAYS * ONE_DAY:
        return "upcoming"
    return "far"


def status_as_of(facts: dict[str, Any], obligations: list[Obl]) -> dict[str, Any]:
    """Where each dated fact stands on AS_OF (past / upcoming within 90 days / far)."""
    deadlines: list[dict[str, Any]] = []
    out: dict[str, Any] = {
        "as_of": AS_OF,
        "current_term_end": None,
        "next_notice_deadline": None,
        "next_option_deadline": None,
        "expired": False,
    }
    end: dt.date | None = facts["end_date"]
    renewal = facts["renewal"]
    if end is not None:
        deadlines.append({"what": "end_date", "date": end, "status": bucket(end)})
    if facts["notice_deadline"] is not None:
        deadlines.append(
            {
                "what": "notice_deadline",
                "date": facts["notice_deadline"],
                "status": bucket(facts["notice_deadline"]),
            }
        )
    if renewal["type"] == "automatic" and end is not None:
        notice = parse_dur(facts["notice_period"])
        period = parse_dur(renewal["period"])
        term_end_ = end
        while term_end_ < AS_OF:
            term_end_ = term_end(term_end_ + ONE_DAY, period)
        out["current_term_end"] = term_end_
        while notice_deadline(term_end_, notice) < AS_OF:
            term_end_ = term_end(term_end_ + ONE_DAY, period)
        nxt = notice_deadline(term_end_, notice)
        out["next_notice_deadline"] = nxt
        out["next_notice_term_end"] = term_end_
        if nxt != facts["notice_deadline"]:
            deadlines.append({"what": "next_notice_deadline", "date": nxt, "status": bucket(nxt)})
    elif end is not None:
        out["current_term_end"] = end if end >= AS_OF else None
        out["expired"] = end < AS_OF
    if renewal["type"] == "option" and renewal["exercise_deadline"] is not None:
        ex = renewal["exercise_deadline"]
        deadlines.append({"what": "exercise_deadline", "date": ex, "status": bucket(ex)})
        out["next_option_deadline"] = ex if ex >= AS_OF else None
    for obl in obligations:
        if obl.due_date is not None and obl.recurring is None:
            deadlines.append(
                {
                    "what": f"obligation {obl.clause}: {obl.action}",
                    "date": obl.due_date,
                    "status": bucket(obl.due_date),
                }
            )
    out["deadlines"] = deadlines
    return out


def find_page(pages: list[str], needle: str, what: str) -> int:
    for number, page in enumerate(pages, start=1):
        if needle in page:
            return number
    raise SampleError(f"{what} is not on any single page: {needle!r}")


def entry_for(doc: Doc, rendered: Rendered, data: bytes) -> dict[str, Any]:
    pages = rendered.pages
    f = doc.facts
    entry: dict[str, Any] = {
        "id": doc.key[:2],
        "key": doc.key,
        "file": doc.filename,
        "dossier": doc.dossier,
        "text_file": f"text/{doc.key}.txt",
        "sha256": hashlib.sha256(data).hexdigest(),
        "language": doc.language,
        "title": doc.title,
        "doc_type": doc.doc_type,
        "role": "amendment" if f.get("amends") else "main",
        "scan": doc.scan,
        "pages": len(pages),
        "layout": {
            "running_header": doc.header,
            "header_on_first_page": not doc.cover,
            "cover_page": doc.cover,
            "footer": doc.footer,
            "footer_left": doc.footer_left or None,
            "font": doc.style.family,
            "size_pt": doc.style.size,
            "scan_dpi": SCAN_DPI if doc.scan else None,
        },
        "parties": [p.as_dict() for p in doc.parties],
        "signatures": [
            {
                "party": s.party,
                "name": s.name,
                "place": s.place,
                "date": s.date,
                "date_text": s.date_text,
            }
            for s in doc.signatures
        ],
        "signing_date": f["signing_date"],
        "start_date": f["start_date"],
        "end_date": f["end_date"],
        "term_type": f["term_type"],
        "initial_term": f["initial_term"],
        "renewal": f["renewal"],
        "notice_period": f["notice_period"],
        "notice_deadline": f["notice_deadline"],
        "governing_law": f["governing_law"],
        "forum": f["forum"],
        "amounts": [
            {
                "value": a.value,
                "currency": a.currency,
                "text": a.text,
                "what": a.what,
                "clause": a.clause,
                "period": a.period,
                "vat": a.vat,
                "page": find_page(pages, a.text, "amount"),
            }
            for a in doc.amounts
        ],
        "obligations": [
            {
                "party": o.party,
                "party_as_written": o.party_as_written or o.party,
                "action": o.action,
                "due": o.due,
                "due_date": o.due_date,
                "recurring": o.recurring,
                "clause": o.clause,
                "page": find_page(pages, o.quote, "obligation quote"),
                "quote": o.quote,
            }
            for o in doc.obligations
        ],
        "clause_headings": [
            {
                "number": number,
                "heading": heading,
                "text": line,
                "page": rendered.heading_pages[number],
            }
            for number, heading, line in doc.headings
        ],
        "amends": f.get("amends"),
        "amended_by": None,
        "evidence": f.get("evidence", {}),
        "decoys": f.get("decoys", []),
    }
    for key in ("amends_reference", "effective_after_amendment", "indexation"):
        if key in f:
            entry[key] = f[key]
    entry["status_as_of"] = status_as_of(f, doc.obligations)
    return entry


def check_entry(doc: Doc, rendered: Rendered, entry: dict[str, Any]) -> None:
    """Stop loudly when the ground truth and the generated text disagree."""
    text = "\f".join(rendered.pages)
    problems: list[str] = []

    def need(needle: str | None, what: str) -> None:
        if needle and needle not in text:
            problems.append(f"{what} not in text: {needle!r}")

    if not 2 <= len(rendered.pages) <= 6:
        problems.append(f"{len(rendered.pages)} pages, want 2-6")
    need(doc.title, "title")
    for p in doc.parties:
        need(p.name if doc.language == "nl" else p.name.upper(), "party name")
        need(p.kvk, "KvK number")
        need(p.company_number, "company number")
        need(p.defined_as, "defined term")
        if p.kvk is not None and not re.fullmatch(r"\d{8}", p.kvk):
            problems.append(f"KvK number is not 8 digits: {p.kvk}")
    for s in doc.signatures:
        need(s.date_text, "signature date")
        need(s.place, "signature place")
    for o in doc.obligations:
        need(o.quote, "obligation quote")
        if o.due is not None and o.due not in o.quote:
            problems.append(f"due phrase {o.due!r} not in its quote {o.quote!r}")
    for a in doc.amounts:
        need(a.text, "amount text")
    for _, _, line in doc.headings:
        need(line, "clause heading")
    for decoy in entry["decoys"]:
        need(decoy["text"], "decoy")
    if entry["signing_date"] != max(s.date for s in doc.signatures):
        problems.append("signing_date is not the last signature")
    start, end, term = entry["start_date"], entry["end_date"], entry["initial_term"]
    if term is not None and term_end(start, parse_dur(term)) != end:
        problems.append("end_date != start + initial_term - 1 day")
    renewal = entry["renewal"]
    if renewal["type"] == "automatic":
        want = notice_deadline(end, parse_dur(entry["notice_period"]))
        if entry["notice_deadline"] != want:
            problems.append(f"notice_deadline {entry['notice_deadline']} != {want}")
    elif entry["notice_deadline"] is not None:
        problems.append("notice_deadline set without automatic renewal")
    if renewal["type"] == "option":
        want = notice_deadline(end, parse_dur(renewal["exercise_notice"]))
        if renewal["exercise_deadline"] != want:
            problems.append("exercise_deadline is inconsistent")
    if problems:
        raise SampleError(f"{doc.key}: " + "; ".join(problems))


def check_amendment(entries: list[dict[str, Any]]) -> None:
    by_file = {e["file"]: e for e in entries}
    for e in entries:
        if not e["amends"]:
            continue
        base = by_file.get(e["amends"])
        if base is None:
            raise SampleError(f"{e['key']} amends an unknown file {e['amends']}")
        base["amended_by"] = e["file"]
        eff = e["effective_after_amendment"]
        old = {c["field"]: c["old"] for c in eff["changes"]}
        for fld in ("end_date", "initial_term", "notice_period", "notice_deadline"):
            if old[fld] != base[fld]:
                raise SampleError(f"{e['key']}: old {fld} {old[fld]} != {base[fld]} in the base")
        if term_end(eff["start_date"], parse_dur(eff["initial_term"])) != eff["end_date"]:
            raise SampleError(f"{e['key']}: effective end_date inconsistent")
        eff["status_as_of"] = status_as_of({**eff, "term_type": "fixed"}, [])
        ref = e["amends_reference"]
        if ref["title"] != base["title"] or ref["date"] != base["signing_date"]:
            raise SampleError(f"{e['key']}: reference to the amended contract is wrong")


# --------------------------------------------------------------------------------------------
# Build
# --------------------------------------------------------------------------------------------


def build(out: Path) -> list[dict[str, Any]]:
    """Render and check the whole set in memory; only then replace the files under ``out``."""
    entries: list[dict[str, Any]] = []
    files: dict[str, bytes] = {}
    for number, make in enumerate(CONTRACTS, start=1):
        doc = make()
        rendered = render(doc)
        data = rendered.pdf
        if doc.scan:
            data = simulate_scan(rendered.pdf, seed=1000 + number, created=doc.created)
        entry = entry_for(doc, rendered, data)
        check_entry(doc, rendered, entry)
        files[doc.filename] = data
        files[entry["text_file"]] = "\f".join(rendered.pages).encode("utf-8")
        entries.append(entry)
        log.info("%s: %d pages, %d bytes", doc.filename, len(rendered.pages), len(data))
    check_amendment(entries)
    total = sum(len(files[e["file"]]) for e in entries)
    if total > 3_000_000:
        raise SampleError(f"generated PDFs are {total} bytes, over the 3 MB budget")
    expected = {
        "about": (
            "Ground truth for the fictional sample contracts, written by samples/generate.py "
            "from the same values as the PDFs. Paths are relative to samples/. Dates are ISO; "
            "durations ISO 8601 in the unit the text uses. See samples/README.md."
        ),
        "as_of": AS_OF,
        "upcoming_days": UPCOMING_DAYS,
        "documents": entries,
    }
    files["expected.json"] = (
        json.dumps(jsonable(expected), ensure_ascii=False, indent=2) + "\n"
    ).encode("utf-8")

    for sub in ("inbox", "text"):
        if (out / sub).exists():
            shutil.rmtree(out / sub)
    for rel, data in files.items():
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    log.info("total PDF size %d bytes", total)
    return entries


# --------------------------------------------------------------------------------------------
# Verification with poppler and tesseract (optional, --verify)
# --------------------------------------------------------------------------------------------


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def _recall(truth: str, found: str) -> float:
    """Share of the ground-truth words found, in order, in ``found``."""
    a, b = _words(truth), _words(found)
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks()) / max(len(a), 1)


def _run(args: list[str], data: bytes | None = None) -> str:
    done = subprocess.run(args, input=data, capture_output=True, check=True)
    return done.stdout.decode("utf-8", "replace")


def verify(out: Path, entries: list[dict[str, Any]]) -> None:
    failures: list[str] = []
    for e in entries:
        path = out / e["file"]
        truth_pages = (out / e["text_file"]).read_text(encoding="utf-8").split("\f")
        needles = [o["quote"] for o in e["obligations"]] + [a["text"] for a in e["amounts"]]
        needles += [h["text"] for h in e["clause_headings"]] + [e["title"]]
        needles += [p["kvk"] for p in e["parties"] if p["kvk"]]
        if not e["scan"]:
            extracted = _run(["pdftotext", "-enc", "UTF-8", str(path), "-"])
            squashed = _squash(extracted)
            missing = [n for n in needles if _squash(n) not in squashed]
            if missing:
                failures.append(f"{e['key']}: pdftotext lacks {missing}")
            page_recall = [
                _recall(
                    truth,
                    _run(["pdftotext", "-layout", "-f", str(i), "-l", str(i), str(path), "-"]),
                )
                for i, truth in enumerate(truth_pages, start=1)
            ]
            footer = e["layout"]["footer"].format(page=2, pages=e["pages"])
            if footer not in extracted:
                failures.append(f"{e['key']}: footer {footer!r} not extracted")
            log.info(
                "%s: pdftotext has all %d needles, page recall min %.3f",
                e["key"],
                len(needles),
                min(page_recall),
            )
            if min(page_recall) < 0.99:
                failures.append(f"{e['key']}: pdftotext page recall {page_recall}")
            continue
        if _run(["pdftotext", str(path), "-"]).strip():
            failures.append(f"{e['key']}: the scan has a text layer")
        fonts = _run(["pdffonts", str(path)]).strip().splitlines()
        if len(fonts) > 2:
            failures.append(f"{e['key']}: the scan has fonts")
        images = _run(["pdfimages", "-list", str(path)]).strip().splitlines()[2:]
        if len(images) != e["pages"]:
            failures.append(f"{e['key']}: {len(images)} images for {e['pages']} pages")
        source = pdfium.PdfDocument(path)
        ocr_pages: list[str] = []
        try:
            for index in range(len(source)):
                image = source[index].render(scale=SCAN_DPI / 72, grayscale=True).to_pil()
                buf = io.BytesIO()
                image.save(buf, "PNG")
                ocr_pages.append(_run(["tesseract", "-", "-", "-l", "nld"], buf.getvalue()))
        finally:
            source.close()
        recalls = [_recall(t, o) for t, o in zip(truth_pages, ocr_pages, strict=True)]
        ocr = " ".join(" ".join(p.split()) for p in ocr_pages)
        found = [n for n in needles if " ".join(n.split()) in ocr]
        log.info(
            "%s: tesseract nld word recall per page %s; %d of %d needles verbatim",
            e["key"],
            [round(r, 3) for r in recalls],
            len(found),
            len(needles),
        )
        for n in needles:
            if n not in found:
                log.info("  not verbatim in OCR: %r", n)
        if min(recalls) < 0.9:
            failures.append(f"{e['key']}: OCR recall too low: {recalls}")
    if failures:
        raise SampleError("verification failed:\n" + "\n".join(failures))
    log.info("verification passed")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE, help="output folder (default: samples/)")
    parser.add_argument(
        "--verify",
        action="store_true",
        help="check the PDFs with pdftotext and the scan with tesseract",
    )
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING, format="%(message)s")  # fontTools is chatty
    log.setLevel(logging.INFO)
    entries = build(args.out)
    if args.verify:
        verify(args.out, entries)


if __name__ == "__main__":
    main()
