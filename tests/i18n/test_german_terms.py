"""German terms a DPO reads as a different instrument when they are shortened."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

from django.conf import settings

CATALOG = Path(settings.BASE_DIR) / "locale" / "de" / "LC_MESSAGES" / "django.mo"


def _german_messages() -> dict[str, str]:
    with CATALOG.open("rb") as handle:
        catalog = gettext.GNUTranslations(handle)._catalog  # type: ignore[attr-defined]
    return {str(k): str(v) for k, v in catalog.items() if k}


def test_german_tia_is_always_the_transfer_impact_assessment() -> None:
    # "Folgenabschätzung" alone is the Art. 35 DPIA (Datenschutz-Folgenabschätzung) to a German
    # DPO; the transfer impact assessment is the "Transfer-Folgenabschätzung".
    bare = sorted(
        msgid
        for msgid, text in _german_messages().items()
        for found in re.finditer(r"[\w-]*folgenabschätzung", text, re.IGNORECASE)
        if not found.group(0).lower().startswith("transfer-")
    )

    assert bare == []


def test_german_assessment_column_of_the_review_panel_names_the_tia() -> None:
    assert _german_messages()["Assessment"] == "Transfer-Folgenabschätzung"
