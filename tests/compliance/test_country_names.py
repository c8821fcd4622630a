"""Country and supervisory-authority names in the reader's language (issue 16: "country and
authority names translated"): CLDR territory names for countries, catalog names for the seeded
authorities, in the admin as in the reference model's own words."""

from __future__ import annotations

import csv
from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation

from compliance.registry.authority_names import AUTHORITY_NAMES
from compliance.registry.models import Country, SupervisoryAuthority
from compliance.registry.names import authority_name, country_name
from compliance.registry.reference_loader import DATA_DIR
from tests.builders import entity_in
from tests.factories import CorporateGroupFactory


def _authorities_csv() -> list[dict[str, str]]:
    with (DATA_DIR / "authorities.csv").open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _countries_csv() -> list[dict[str, str]]:
    with (DATA_DIR / "countries.csv").open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


@pytest.mark.parametrize(
    ("code", "language", "expected"),
    [
        ("FR", "de", "Frankreich"),
        ("FR", "ja", "フランス"),
        ("DE", "de", "Deutschland"),
        ("DE", "ja", "ドイツ"),
        ("JP", "ja", "日本"),
        ("GB", "de", "Vereinigtes Königreich"),
        ("KR", "ja", "韓国"),
        ("US", "de-ch", "Vereinigte Staaten"),
        ("fr", "de", "Frankreich"),
    ],
)
def test_country_name_is_cldrs_name_in_the_language(
    code: str, language: str, expected: str
) -> None:
    assert country_name(code, language) == expected


def test_english_keeps_the_iso_short_name_of_the_reference_data() -> None:
    assert country_name("KR", "en", fallback="Korea, Republic of") == "Korea, Republic of"
    assert country_name("FR", "en") == "France"


def test_a_code_cldr_does_not_know_keeps_the_stored_name_or_the_code() -> None:
    # AN, the Netherlands Antilles, was withdrawn from ISO 3166-1 in 2010; CLDR has no name.
    assert country_name("AN", "de", fallback="Netherlands Antilles") == "Netherlands Antilles"
    assert country_name("AN", "ja") == "AN"


def test_country_name_follows_the_active_language() -> None:
    with translation.override("ja"):
        assert country_name("FR") == "フランス"
    with translation.override("de"):
        assert country_name("FR") == "Frankreich"


@pytest.mark.parametrize("language", ["de", "ja"])
def test_every_seeded_country_has_a_cldr_name(language: str) -> None:
    assert [
        r["code"] for r in _countries_csv() if country_name(r["code"], language) == r["code"]
    ] == []


@pytest.mark.django_db
def test_country_str_is_in_the_active_language() -> None:
    france = Country.objects.get(code="FR")

    with translation.override("de"):
        assert str(france) == "Frankreich (FR)"
    with translation.override("ja"):
        assert str(france) == "フランス (FR)"
    with translation.override("en"):
        assert str(france) == "France (FR)"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("key", "language", "expected"),
    [
        ("jp_ppc", "ja", "個人情報保護委員会"),
        ("jp_ppc", "de", "Kommission zum Schutz personenbezogener Informationen"),
        (
            "fr_cnil",
            "de",
            "Commission nationale de l'informatique et des libertés "
            "(französische Datenschutzbehörde)",
        ),
        ("fr_cnil", "ja", "情報処理及び自由に関する国家委員会（フランスのデータ保護機関）"),
        (
            "de_nw_ldi",
            "de",
            "Landesbeauftragte für Datenschutz und Informationsfreiheit Nordrhein-Westfalen",
        ),
        ("de_nw_ldi", "ja", "ノルトライン＝ヴェストファーレン州データ保護・情報自由監察官"),
        ("jp_ppc", "en", "Personal Information Protection Commission"),
    ],
)
def test_authority_name_is_the_catalogs_name_in_the_language(
    key: str, language: str, expected: str
) -> None:
    authority = SupervisoryAuthority.objects.get(key=key)

    assert authority_name(authority.name, language) == expected
    with translation.override(language):
        assert authority.display_name == expected


@pytest.mark.parametrize("language", ["de", "ja"])
def test_every_seeded_authority_has_a_name_in_the_language(language: str) -> None:
    """A renamed authority in authorities.csv needs its catalog entries renamed too."""
    untranslated = [
        row["key"]
        for row in _authorities_csv()
        if authority_name(row["name"], language) == row["name"]
    ]
    assert untranslated == []


def test_the_names_marked_for_the_catalogs_are_the_seeded_names() -> None:
    assert sorted(set(AUTHORITY_NAMES)) == sorted({row["name"] for row in _authorities_csv()})


def test_an_authority_without_a_catalog_entry_keeps_its_recorded_name() -> None:
    assert (
        authority_name("Autoridade Nacional de Exemplo", "ja") == "Autoridade Nacional de Exemplo"
    )
    assert authority_name("", "de") == ""


def _page(client: Any, url: str, language: str, **query: str) -> str:
    response = client.get(url, query, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "names", "english"),
    [
        # German writes Japan as English does.
        ("de", ("Frankreich (FR)", "Deutschland (DE)", "Japan (JP)"), ("France", "Germany")),
        ("ja", ("フランス (FR)", "ドイツ (DE)", "日本 (JP)"), ("France", "Germany", "Japan")),
    ],
)
def test_entity_list_names_the_countries_in_the_readers_language(
    client_for: Any, dpo_user: Any, language: str, names: tuple[str, ...], english: tuple[str, ...]
) -> None:
    group = CorporateGroupFactory(name="Lumen Holding", short_name="LUM")
    for short_name, country in (("Paris", "FR"), ("Koeln", "DE"), ("Tokio", "JP")):
        entity_in(group, short_name, country)

    page = _page(client_for(dpo_user), reverse("admin:compliance_groupentity_changelist"), language)

    assert [n for n in names if n not in page] == []  # the column and the country filter
    assert [n for n in english if n in page] == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "name", "country"),
    [
        ("ja", "個人情報保護委員会", "日本 (JP)"),
        ("de", "Kommission zum Schutz personenbezogener Informationen", "Japan (JP)"),
    ],
)
def test_authority_list_names_the_authority_and_country_in_the_readers_language(
    client_for: Any, dpo_user: Any, language: str, name: str, country: str
) -> None:
    page = _page(
        client_for(dpo_user),
        reverse("admin:compliance_supervisoryauthority_changelist"),
        language,
        q="PPC",
    )

    assert name in page
    assert country in page
    assert "Personal Information Protection Commission" not in page


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "term"), [("de", "Frankreich"), ("ja", "フランス")])
def test_country_search_finds_a_country_by_its_name_in_the_readers_language(
    client_for: Any, dpo_user: Any, language: str, term: str
) -> None:
    response = client_for(dpo_user).get(
        reverse("admin:compliance_country_changelist"), {"q": term}, HTTP_ACCEPT_LANGUAGE=language
    )

    assert [c.code for c in response.context["cl"].result_list] == ["FR"]
    page = response.content.decode()
    assert term in page
    assert "France" not in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "term", "text"),
    [("de", "Frankr", "Frankreich (FR)"), ("ja", "フランス", "フランス (FR)")],
)
def test_country_picker_finds_and_names_the_country_in_the_readers_language(
    client_for: Any, dpo_user: Any, language: str, term: str, text: str
) -> None:
    """The entity form's country field is an autocomplete: search and labels both localized."""
    response = client_for(dpo_user).get(
        reverse("admin:autocomplete"),
        {
            "app_label": "compliance",
            "model_name": "groupentity",
            "field_name": "country",
            "term": term,
        },
        HTTP_ACCEPT_LANGUAGE=language,
    )

    assert response.status_code == 200
    assert response.json()["results"] == [{"id": "FR", "text": text}]
