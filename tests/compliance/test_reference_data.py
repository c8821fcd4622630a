from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from compliance.registry.demo import DEMO_ENTITIES
from compliance.registry.models import Country, Membership, SupervisoryAuthority
from compliance.registry.reference_loader import DATA_DIR, load_reference_data
from compliance.rules.territories import EEA_MEMBERSHIP, EU_MEMBERSHIP

pytestmark = pytest.mark.django_db


def _counts() -> tuple[int, int, int, int]:
    return (
        Country.objects.count(),
        Membership.objects.count(),
        SupervisoryAuthority.objects.count(),
        SupervisoryAuthority.history.count(),
    )


def test_load_reference_data_second_run_changes_nothing() -> None:
    before = _counts()

    report = load_reference_data()

    assert report.changed == 0
    assert _counts() == before


def test_load_reference_data_command_reports_zero_changes(
    capsys: pytest.CaptureFixture[str],
) -> None:
    call_command("load_reference_data")

    assert "Reference data loaded: 0 changes." in capsys.readouterr().out


def test_reference_data_covers_every_eea_state_with_an_authority() -> None:
    eea_today = Country.objects.in_bloc("EEA", at=date(2026, 1, 1))
    codes = set(eea_today.values_list("code", flat=True))

    with_authority = set(
        SupervisoryAuthority.objects.filter(country__in=codes).values_list("country", flat=True)
    )

    assert len(codes) == 30
    assert with_authority == codes


def test_reference_data_has_sixteen_german_land_authorities_and_the_bfdi() -> None:
    german = SupervisoryAuthority.objects.filter(country_id="DE")

    assert set(german.exclude(region="").values_list("region", flat=True)) == {
        "DE-BW",
        "DE-BY",
        "DE-BE",
        "DE-BB",
        "DE-HB",
        "DE-HH",
        "DE-HE",
        "DE-MV",
        "DE-NI",
        "DE-NW",
        "DE-RP",
        "DE-SL",
        "DE-SN",
        "DE-ST",
        "DE-SH",
        "DE-TH",
    }
    assert german.filter(region="", short_name="BfDI").exists()


@pytest.mark.parametrize(
    ("country", "on", "member"),
    [
        ("GB", date(2020, 1, 31), True),
        ("GB", date(2020, 2, 1), False),
        ("HR", date(2013, 6, 30), False),
        ("HR", date(2013, 7, 1), True),
        ("NO", date(2026, 1, 1), False),
    ],
)
def test_country_eu_membership_is_dated(country: str, on: date, member: bool) -> None:
    assert Country.objects.get(code=country).is_member("EU", at=on) is member


def test_membership_file_matches_the_rule_engines_tables() -> None:
    in_db = {(m.country_id, m.bloc): (m.valid_from, m.valid_to) for m in Membership.objects.all()}
    in_rules = {
        **{(c, "EU"): (p.start, p.end) for c, p in EU_MEMBERSHIP.items()},
        **{(c, "EEA"): (p.start, p.end) for c, p in EEA_MEMBERSHIP.items()},
    }

    assert in_db == in_rules


def test_competent_authority_for_a_german_land_is_the_land_authority() -> None:
    authority = SupervisoryAuthority.objects.competent_for("DE", "DE-NW")

    assert authority is not None
    assert authority.short_name == "LDI NRW"


def test_competent_authority_for_bavaria_private_sector_is_baylda() -> None:
    authority = SupervisoryAuthority.objects.competent_for("DE", "DE-BY")

    assert authority is not None
    assert authority.region == "DE-BY"
    assert authority.sector == "private"


def _broken_copy(tmp_path: Path, filename: str, line_no: int, new_line: str) -> Path:
    target = tmp_path / "reference_data"
    shutil.copytree(DATA_DIR, target)
    for extra in (Path(__file__).resolve().parents[2] / "transfers" / "reference_data").glob(
        "*.csv"
    ):
        shutil.copy(extra, target / extra.name)
    lines = (target / filename).read_text(encoding="utf-8").splitlines()
    lines[line_no - 1] = new_line
    (target / filename).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return target


@pytest.mark.parametrize(
    ("filename", "line", "content", "message"),
    [
        (
            "countries.csv",
            3,
            "X1,Nowhere,ISO 3166-1",
            "countries.csv line 3, column code: 'X1' is not",
        ),
        (
            "memberships.csv",
            2,
            "ZZ,EU,1995-01-01,,x",
            "memberships.csv line 2, column country: unknown country code 'ZZ'",
        ),
        (
            "memberships.csv",
            2,
            "AT,EU,1995-13-01,,x",
            "memberships.csv line 2, column valid_from: '1995-13-01' is not a date",
        ),
        (
            "memberships.csv",
            2,
            "AT,EU,1995-01-01",
            "memberships.csv line 2: wrong number of fields",
        ),
        (
            "authorities.csv",
            2,
            "at_dsb,AT,,nobody,DSB,DSB,,,,,x,dpa",
            "authorities.csv line 2, column sector: 'nobody' is not one of",
        ),
        (
            "authorities.csv",
            3,
            "at_dsb,AT,,all,Again,DSB,,,,,x,dpa",
            "authorities.csv line 3: duplicate of line 2",
        ),
    ],
)
def test_load_reference_data_with_a_bad_row_fails_whole_naming_it(
    tmp_path: Path, filename: str, line: int, content: str, message: str
) -> None:
    folder = _broken_copy(tmp_path, filename, line, content)
    SupervisoryAuthority.objects.filter(key="gb_ico").update(name="Changed locally")
    before = _counts()

    with pytest.raises(CommandError) as excinfo:
        call_command("load_reference_data", "--dir", str(folder))

    assert message in str(excinfo.value)
    assert "nothing was changed" in str(excinfo.value)
    assert _counts() == before
    # the valid rows were not applied either: the local change is still there
    assert SupervisoryAuthority.objects.get(key="gb_ico").name == "Changed locally"


def test_load_reference_data_updates_a_changed_row_and_records_history(tmp_path: Path) -> None:
    SupervisoryAuthority.objects.filter(key="gb_ico").update(short_name="OLD")
    history_before = SupervisoryAuthority.history.filter(key="gb_ico").count()

    report = load_reference_data()

    assert report.updated["authorities.csv"] == 1
    assert SupervisoryAuthority.objects.get(key="gb_ico").short_name == "ICO"
    latest = SupervisoryAuthority.history.filter(key="gb_ico").first()
    assert SupervisoryAuthority.history.filter(key="gb_ico").count() == history_before + 1
    assert latest is not None
    assert latest.history_change_reason.startswith("load_reference_data: authorities.csv line ")


def test_reference_data_has_the_authorities_of_the_new_breach_regimes_with_portals() -> None:
    rows = SupervisoryAuthority.objects.filter(
        key__in=["kr_pipc", "kr_kisa", "sg_pdpc", "br_anpd", "ch_fdpic", "au_oaic", "cn_cac"]
    ).order_by("key")

    assert [(a.key, a.country_id, a.short_name, a.body, a.breach_portal) for a in rows] == [
        (
            "au_oaic",
            "AU",
            "OAIC",
            "dpa",
            "https://www.oaic.gov.au/privacy/notifiable-data-breaches/report-a-data-breach",
        ),
        (
            "br_anpd",
            "BR",
            "ANPD",
            "dpa",
            "https://www.gov.br/anpd/pt-br/canais_atendimento/agente-de-tratamento/"
            "comunicado-de-incidente-de-seguranca-cis",
        ),
        (
            "ch_fdpic",
            "CH",
            "FDPIC",
            "dpa",
            "https://www.edoeb.admin.ch/edoeb/en/home/meldeportale/databreach.html",
        ),
        ("cn_cac", "CN", "CAC", "dpa", "https://www.cac.gov.cn/"),
        ("kr_kisa", "KR", "KISA", "reporting", "https://www.privacy.go.kr/"),
        ("kr_pipc", "KR", "PIPC", "dpa", "https://www.privacy.go.kr/"),
        ("sg_pdpc", "SG", "PDPC", "dpa", "https://eservice.pdpc.gov.sg/case/db"),
    ]


def test_competent_authority_is_the_data_protection_authority_and_nis2_goes_to_the_csirt() -> None:
    def short(authority: SupervisoryAuthority | None) -> str | None:
        return None if authority is None else authority.short_name

    manager = SupervisoryAuthority.objects
    assert [short(manager.competent_for(c)) for c in ("KR", "AU", "CN", "NL")] == [
        "PIPC",
        "OAIC",
        "CAC",
        "AP",
    ]
    assert short(manager.competent_for("DE", "DE-NW")) == "LDI NRW"
    assert short(manager.competent_for("DE")) is None
    assert [short(manager.nis2_recipient(c)) for c in ("DE", "NL", "FR")] == [
        "BSI",
        "NCSC-NL",
        None,
    ]
    assert short(manager.competent_for("NL", body="nis2")) == "RDI"


def test_every_member_state_where_the_demo_group_is_established_has_its_nis2_bodies() -> None:
    # Domain brief §1: the group is established in the EU in Germany (Düsseldorf) and the
    # Netherlands (Amsterdam); a significant incident goes to that state's CSIRT (NIS2 Art. 23(1)).
    established = {e.country for e in DEMO_ENTITIES}
    member_states = set(
        Country.objects.in_bloc("EU", at=date(2026, 12, 1))
        .filter(code__in=established)
        .values_list("code", flat=True)
    )
    manager = SupervisoryAuthority.objects

    recipients = {}
    for code in sorted(member_states):
        authority = manager.nis2_recipient(code)
        recipients[code] = None if authority is None else (authority.short_name, authority.body)

    assert recipients == {"DE": ("BSI", "csirt"), "NL": ("NCSC-NL", "csirt")}
