"""The transfers app's reference data files, registered with compliance's loader."""

from __future__ import annotations

from pathlib import Path

from compliance.registry.reference_loader import (
    ReferenceFile,
    boolean,
    choice,
    iso_date,
    register,
    text,
)
from transfers.choices import AdequacyRegime
from transfers.models import AdequacyDecision

DATA_DIR = Path(__file__).resolve().parent / "reference_data"

ADEQUACY_DECISIONS = ReferenceFile(
    filename="adequacy_decisions.csv",
    model=AdequacyDecision,
    key=("key",),
    columns={
        "key": text(max_length=60),
        "regime": choice(*AdequacyRegime.values),
        "jurisdiction": text(max_length=8),
        "title": text(max_length=200),
        "reference": text(max_length=300),
        "adopted": iso_date(),
        "valid_from": iso_date(),
        "valid_to": iso_date(required=False),
        "scope": text(),
        "requires_certification": boolean(),
        "source": text(max_length=300),
    },
    directory=DATA_DIR,
)


def register_files() -> None:
    register(ADEQUACY_DECISIONS)
