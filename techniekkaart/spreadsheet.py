"""Safe spreadsheet cells for every download a coordinator opens in Excel or LibreOffice: the newsletter
export, the impact tables. One helper, so no export forgets a case (OWASP "CSV Injection").

A cell that starts with = + - @ (or TAB/CR) is a formula, DDE included (``=cmd|' /C calc'!A0``).
Dutch Excel splits a CSV line on its list separator ";" (others on "," or TAB), also inside a
field a CSV writer did not quote, so *every piece* of a cell that could become a cell of its own is
checked, not only the first character. A dangerous piece gets a leading apostrophe, which Excel and
LibreOffice read as "this is text".

Where an export can be an Excel file, prefer ``xlsx_bytes``: every cell is stored as a string
(type "s", format "@"), never as a formula, whatever it starts with.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from typing import cast

import openpyxl
import openpyxl.styles
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.worksheet.worksheet import Worksheet

DANGEROUS_START = ("=", "+", "-", "@", "\t", "\r")
SEPARATORS = re.compile(r"([;,\t\r\n])")
Row = Iterable[object]


def _text(value: object) -> str:
    return "" if value is None else str(value)


def _dangerous(piece: str) -> bool:
    return piece.lstrip(" \"'")[:1] in DANGEROUS_START


def safe_cell(value: object) -> str:
    """The cell as text with an apostrophe before the whole cell and before every piece after a
    ; , TAB, CR or newline that a spreadsheet would run as a formula."""
    text = _text(value)
    parts = SEPARATORS.split(text)  # pieces at even places, separators between them
    lead = "'" if text[:1] in DANGEROUS_START or _dangerous(parts[0]) else ""
    rest = ("'" + p if i % 2 == 0 and i and _dangerous(p) else p for i, p in enumerate(parts))
    return lead + "".join(rest)


def csv_text(rows: Iterable[Row], *, delimiter: str = ",") -> str:
    """Every cell through safe_cell; fields with a separator, quote or newline are quoted."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    return out.getvalue()


def xlsx_bytes(rows: Iterable[Row], *, title: str = "Blad1", bold_header: bool = True) -> bytes:
    """An Excel file where every cell is text: no cell can be a formula."""
    book = openpyxl.Workbook()
    sheet = cast(Worksheet, book.active)  # a new workbook's one sheet (the stubs allow None)
    sheet.title = title[:31]
    for number, row in enumerate(rows, start=1):
        for column, value in enumerate(row, start=1):
            if value is None or value == "":
                continue  # an empty cell stays empty
            cell = sheet.cell(row=number, column=column)
            cell.value = ILLEGAL_CHARACTERS_RE.sub("", _text(value))  # control characters
            cell.data_type, cell.number_format = "s", "@"  # openpyxl guesses "f" for "=..."
            if number == 1 and bold_header:
                cell.font = openpyxl.styles.Font(bold=True)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
