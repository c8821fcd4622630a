"""The breach page's "What applies and why" lines in the reader's language (issue 16, 18).

The engine's explanation is English text that keeps its templates (compliance.rules.text); the
page renders each line through the catalogues, so a German or Japanese reader gets no English
sentence, while codes (FR, JP), dates and counts stay as they are.
"""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime
from typing import Any

import pytest
from django.urls import reverse

from compliance.preferences.models import UserPreference
from tests.builders import breach, entity, tokyo

pytestmark = pytest.mark.django_db

WHEN = datetime(2024, 6, 12, 8, tzinfo=UTC)

EU_LINES = {
    "en": [
        "EU GDPR applies: the entity is established in DE, in the EEA at awareness",
        "UK GDPR not applicable: neither the entity (DE) nor any affected country (FR) is in the "
        "UK at awareness",
        "APPI not applicable: neither the entity (DE) nor any affected country (FR) is in Japan "
        "at awareness",
    ],
    "de": [
        "EU-DSGVO ist anwendbar: die Gesellschaft ist in DE niedergelassen, bei Kenntnisnahme in "
        "dem EWR",
        "UK GDPR nicht anwendbar: weder die Gesellschaft (DE) noch ein betroffenes Land (FR) "
        "liegt bei Kenntnisnahme in dem Vereinigten Königreich",
        "APPI nicht anwendbar: weder die Gesellschaft (DE) noch ein betroffenes Land (FR) liegt "
        "bei Kenntnisnahme in Japan",
    ],
    "ja": [
        "EU GDPRが適用される：事業者はDEに拠点を有し、認識時点でEEAにある",
        "英国GDPRは適用されない：認識時点で事業者（DE）も影響を受けた国（FR）も英国にない",
        "個人情報保護法は適用されない：認識時点で事業者（DE）も影響を受けた国（FR）も日本にない",
    ],
}

APPI_LINES = {
    "en": [
        "EU GDPR not applicable: neither the entity (JP) nor any affected country (JP) is in the "
        "EEA at awareness",
        "UK GDPR not applicable: neither the entity (JP) nor any affected country (JP) is in the "
        "UK at awareness",
        "APPI applies: the entity is established in JP, in Japan at awareness",
        "APPI: reportable (PPC Rules Art. 7): (iv) more than 1,000 principals (1,500); final "
        "report counted to day 30",
    ],
    "de": [
        "EU-DSGVO nicht anwendbar: weder die Gesellschaft (JP) noch ein betroffenes Land (JP) "
        "liegt bei Kenntnisnahme in dem EWR",
        "UK GDPR nicht anwendbar: weder die Gesellschaft (JP) noch ein betroffenes Land (JP) "
        "liegt bei Kenntnisnahme in dem Vereinigten Königreich",
        "APPI ist anwendbar: die Gesellschaft ist in JP niedergelassen, bei Kenntnisnahme in Japan",
        "APPI: meldepflichtig (Art. 7 PPC Rules): (iv) mehr als 1.000 betroffene Personen "
        "(1,500); Abschlussbericht bis Tag 30 gezählt",
    ],
    "ja": [
        "EU GDPRは適用されない：認識時点で事業者（JP）も影響を受けた国（JP）もEEAにない",
        "英国GDPRは適用されない：認識時点で事業者（JP）も影響を受けた国（JP）も英国にない",
        "個人情報保護法が適用される：事業者はJPに拠点を有し、認識時点で日本にある",
        "個人情報保護法：報告対象（個人情報保護委員会規則第7条）：(iv) 1,000人を超える本人"
        "（1,500）。確報は30日目まで数える",
    ],
}


def _why_lines(client: Any, incident: Any) -> list[str]:
    page = client.get(reverse("admin:compliance_breachincident_change", args=[incident.pk]))
    panel = page.content.decode().split('id="what-applies"', 1)[1]
    found = re.search(r'<ul class="why">(.*?)</ul>', panel, re.S)
    assert found is not None
    return [html.unescape(item) for item in re.findall(r"<li>(.*?)</li>", found.group(1), re.S)]


@pytest.mark.parametrize("language", ["en", "de", "ja"])
def test_the_why_lines_of_an_eu_breach_are_in_the_readers_language(
    client_for: Any, dpo_user: Any, language: str
) -> None:
    berlin = entity(
        short_name="Berlin",
        country_id="DE",
        region="DE-BE",
        time_zone="Europe/Berlin",
    )
    laptop = breach(berlin, dpo_user, title="Laptop", aware_at=WHEN)
    UserPreference.objects.update_or_create(user=dpo_user, defaults={"language": language})

    assert _why_lines(client_for(dpo_user), laptop) == EU_LINES[language]


@pytest.mark.parametrize("language", ["en", "de", "ja"])
def test_the_why_lines_of_an_appi_breach_are_in_the_readers_language(
    client_for: Any, dpo_user: Any, language: str
) -> None:
    leak = breach(
        tokyo(),
        dpo_user,
        title="Mailing list",
        aware_at=WHEN,
        aware_time_zone="Asia/Tokyo",
        affected_countries=("JP",),
        subject_count=1500,
    )
    UserPreference.objects.update_or_create(user=dpo_user, defaults={"language": language})

    assert _why_lines(client_for(dpo_user), leak) == APPI_LINES[language]
