"""German DPOs read "Folgenabschätzung" alone as the Art. 35 DPIA: the TIA is always the
"Transfer-Folgenabschätzung"."""

from __future__ import annotations

import re
from pathlib import Path

PO = Path(__file__).resolve().parents[2] / "locale" / "de" / "LC_MESSAGES" / "django.po"


def test_german_translations_never_call_the_tia_a_bare_folgenabschaetzung() -> None:
    text = PO.read_text(encoding="utf-8").replace('"\n"', "")
    bare = re.findall(r"(?<![-\w])Folgenabschätzung\w*", text)

    assert bare == []
