"""What a PDF report prints, as words: shared by the PDF benchmarks and the tests that compare a
report rendered in parts with the same report rendered whole (issue 21).

A render in parts may add a page at each seam, and with it one more running header, table
header row and footer: those lines are left out when the rows' words are compared. Standalone
(no Django, no ``common``): the tests import it as ``benchmarks.pdf_text``, the scripts as
``pdf_text``.
"""

from __future__ import annotations

import subprocess
import tempfile
from collections.abc import Iterable

PDFTOTEXT = "/usr/bin/pdftotext"

# The words of the transfer register's table header row, repeated on every page
# (templates/reports/transfer_register.html).
TRANSFER_HEADER_WORDS = frozenset(
    {
        "Transfer",
        "Exporter",
        "Recipient",
        "and",
        "destination",
        "Categories",
        "of",
        "personal",
        "data",
        "Mechanism",
        "legal",
        "basis",
        "impact",
        "assessment",
        "Blockers",
        "warnings",
    }
)

# The breach register's table header row (templates/reports/breach_register.html).
BREACH_HEADER_WORDS = frozenset(
    {"Obligation", "Recipient", "Due", "(UTC)", "Outcome", "Late", "Reasons", "for", "the", "delay"}
)


def layout_pages(pdf: bytes) -> list[list[str]]:
    """The lines of every page, as ``pdftotext -layout`` lays them out."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(pdf)
        handle.flush()
        text = subprocess.run(  # noqa: S603 - fixed argv, our own file
            [PDFTOTEXT, "-layout", handle.name, "-"],
            capture_output=True,
            check=True,
            text=True,
        ).stdout
    return [page.splitlines() for page in text.split("\f")[:-1]]


def pdf_words(pdf: bytes) -> list[str]:
    """Every word of the document, in order."""
    return [word for lines in layout_pages(pdf) for line in lines for word in line.split()]


def rows_words(
    pages: Iterable[Iterable[str]],
    *,
    header_words: frozenset[str] = TRANSFER_HEADER_WORDS,
    running_title: tuple[str, ...] = ("Transfer", "register"),
) -> list[str]:
    """The words of ``pages`` (from ``layout_pages``) without the page furniture: the running
    header (a line ending in ``running_title``), the footer (a line starting "Generated") and
    the table's header rows (lines made only of ``header_words``). What a render in parts must
    keep the same as the whole render."""
    words: list[str] = []
    for lines in pages:
        for line in lines:
            found = line.split()
            if not found or found[0] == "Generated":
                continue
            if tuple(found[-len(running_title) :]) == running_title:
                continue
            if set(found) <= header_words:
                continue
            words.extend(found)
    return words


def page_numbers(pages: list[list[str]]) -> list[list[str]]:
    """The last four words of every non-empty page: ["Page", x, "of", y] where the footer is."""
    return [next(line for line in reversed(lines) if line.strip()).split()[-4:] for lines in pages]
