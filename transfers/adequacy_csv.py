"""The adequacy reference file, generated from the engine's tables so that the two cannot differ.

``transfers/reference_data/adequacy_decisions.csv`` is what ``load_reference_data`` loads into
``AdequacyDecision``; ``transfers.rules.adequacy`` is what the engine reads. Change the Python
tables, then regenerate the file with ``python -m transfers.adequacy_csv``; a test fails when the
file and the tables differ.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from transfers.rules.adequacy import EU_DECISIONS, UK_DECISIONS, AdequacyDecision

CSV_PATH = Path(__file__).resolve().parent / "reference_data" / "adequacy_decisions.csv"
COLUMNS = (
    "key",
    "regime",
    "jurisdiction",
    "title",
    "reference",
    "adopted",
    "valid_from",
    "valid_to",
    "scope",
    "requires_certification",
    "source",
)


def _row(decision: AdequacyDecision) -> list[str]:
    values = []
    for column in COLUMNS:
        value = getattr(decision, column)
        if value is None:
            values.append("")
        elif isinstance(value, bool):
            values.append("true" if value else "false")
        else:
            values.append(value.isoformat() if hasattr(value, "isoformat") else str(value))
    return values


def render() -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for decision in (*EU_DECISIONS, *UK_DECISIONS):
        writer.writerow(_row(decision))
    return buffer.getvalue()


def main() -> None:
    CSV_PATH.write_text(render(), encoding="utf-8")


if __name__ == "__main__":
    main()
