"""Notification documents of the breach regimes beyond the EU, the UK and Japan (domain brief
§8.5): the items each law requires, in its order, filled from the record's fields.

- ``KR_PIPA``: PIPA Art. 34(1) items 1-5 (the notice to the data subjects and the report to the
  PIPC or KISA carry the same items, Art. 34(3)), headed in Korean.
- ``SG_PDPA``: PDPA s 26D(1) and the Personal Data Protection (Notification of Data Breaches)
  Regulations 2021 reg. 5: what the PDPC is told (English is the PDPC's language).
- ``BR_LGPD``: LGPD Art. 48 § 1 and Res. CD/ANPD 15/2024 Art. 6 items I-XII, headed in
  Portuguese as on the ANPD's form.
- ``CH_FADP``: FADP Art. 24(2), detailed by the Data Protection Ordinance Art. 15(1)(a)-(g),
  headed in German and French (the FDPIC takes both).
- ``AU_NDB``: Privacy Act 1988 s 26WK(3)(a)-(d): the statement to the Commissioner.
- ``CN_PIPL``: PIPL Art. 57(1)-(3), headed in Chinese.
- ``EU_NIS2``: Art. 23(4)(a) early warning, (b) incident notification, (d) final report.

An item the record has nothing for prints "—": the report never invents text for a regulator.
The steps recommended to the persons (NDB s 26WK(3)(d), also PDPA s 26D(2), PIPA Art. 34(1)
item 3 and PIPL Art. 57(2)), the total of data subjects of the processing affected (ANPD
Art. 6, XII) and the indicators of compromise (NIS2 Art. 23(4)(b)) have fields of their own.
The mapping from each law's items to the record is here and nowhere else.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from compliance.breaches.choices import ObligationKind, Regime
from compliance.breaches.models import BreachIncident, BreachNotification
from compliance.breaches.reports.formatting import (
    deadline_outcome,
    instant,
    persons,
    records,
    yes_no,
)

if TYPE_CHECKING:
    from compliance.breaches.reports.notification import Item, Line

# The clock each regime's documents state times in.
ZONES: dict[str, str] = {
    Regime.KR_PIPA: "Asia/Seoul",
    Regime.SG_PDPA: "Asia/Singapore",
    Regime.BR_LGPD: "America/Sao_Paulo",
    Regime.CH_FADP: "Europe/Zurich",
    Regime.AU_NDB: "Australia/Sydney",
    Regime.CN_PIPL: "Asia/Shanghai",
}

_NOTICES = (ObligationKind.AUTHORITY_NOTIFICATION, ObligationKind.DATA_SUBJECT_NOTIFICATION)
_NIS2_KINDS = (
    ObligationKind.EARLY_WARNING,
    ObligationKind.INCIDENT_NOTIFICATION,
    ObligationKind.FINAL_REPORT,
)


def covers(regime: str, kind: str) -> bool:
    """Whether this module writes the items of a notification of ``kind`` under ``regime``."""
    if regime == Regime.EU_NIS2:
        return kind in _NIS2_KINDS
    return regime in ZONES and kind in _NOTICES


def zone_for(regime: str, incident: BreachIncident) -> str:
    return ZONES.get(regime, incident.aware_time_zone)


# --- titles ------------------------------------------------------------------------------------


def title(regime: str, kind: str) -> str:
    """The document's title in the report's language, naming the provision."""
    subjects = kind == ObligationKind.DATA_SUBJECT_NOTIFICATION
    titles: dict[str, Callable[[], str]] = {
        Regime.KR_PIPA: lambda: (
            gettext("Notice of a personal information leak to the data subjects (PIPA Art. 34(1))")
            if subjects
            else gettext("Report of a personal information leak to the PIPC (PIPA Art. 34(3))")
        ),
        Regime.SG_PDPA: lambda: (
            gettext("Notification of a data breach to the affected individuals (PDPA s 26D(2))")
            if subjects
            else gettext("Notification of a data breach to the PDPC (PDPA s 26D(1); reg. 5)")
        ),
        Regime.BR_LGPD: lambda: (
            gettext(
                "Communication of a security incident to the data subjects "
                "(LGPD Art. 48; Res. CD/ANPD 15/2024 Art. 9)"
            )
            if subjects
            else gettext(
                "Communication of a security incident to the ANPD "
                "(LGPD Art. 48; Res. CD/ANPD 15/2024 Art. 6)"
            )
        ),
        Regime.CH_FADP: lambda: (
            gettext(
                "Information of the data subjects of a breach of data security (FADP Art. 24(4))"
            )
            if subjects
            else gettext("Report of a breach of data security to the FDPIC (FADP Art. 24(1), (2))")
        ),
        Regime.AU_NDB: lambda: (
            gettext(
                "Notification of an eligible data breach to the individuals (Privacy Act s 26WL)"
            )
            if subjects
            else gettext(
                "Statement about an eligible data breach to the Commissioner (Privacy Act s 26WK)"
            )
        ),
        Regime.CN_PIPL: lambda: (
            gettext("Notification of a personal information leak to the individuals (PIPL Art. 57)")
            if subjects
            else gettext(
                "Notification of a personal information leak to the authority (PIPL Art. 57)"
            )
        ),
    }
    if regime == Regime.EU_NIS2:
        if kind == ObligationKind.EARLY_WARNING:
            return gettext("Early warning of a significant incident (NIS2 Art. 23(4)(a))")
        if kind == ObligationKind.INCIDENT_NOTIFICATION:
            return gettext("Notification of a significant incident (NIS2 Art. 23(4)(b))")
        return gettext("Final report on a significant incident (NIS2 Art. 23(4)(d))")
    return titles[regime]()


# The title in the regulator's own language, where it expects one: (text, language).
ORIGINAL_TITLES: dict[tuple[str, str], tuple[str, str]] = {
    (Regime.KR_PIPA, ObligationKind.AUTHORITY_NOTIFICATION): ("개인정보 유출등 신고", "ko"),
    (Regime.KR_PIPA, ObligationKind.DATA_SUBJECT_NOTIFICATION): ("개인정보 유출등 통지", "ko"),
    (Regime.BR_LGPD, ObligationKind.AUTHORITY_NOTIFICATION): (
        "Comunicação de Incidente de Segurança com Dados Pessoais",
        "pt",
    ),
    (Regime.BR_LGPD, ObligationKind.DATA_SUBJECT_NOTIFICATION): (
        "Comunicação de incidente de segurança aos titulares",
        "pt",
    ),
    (Regime.CH_FADP, ObligationKind.AUTHORITY_NOTIFICATION): (
        "Meldung einer Verletzung der Datensicherheit / "
        "Annonce d'une violation de la sécurité des données",
        "de",
    ),
    (Regime.CH_FADP, ObligationKind.DATA_SUBJECT_NOTIFICATION): (
        "Information der betroffenen Personen / Information des personnes concernées",
        "de",
    ),
    (Regime.CN_PIPL, ObligationKind.AUTHORITY_NOTIFICATION): ("个人信息泄露事件报告", "zh"),
    (Regime.CN_PIPL, ObligationKind.DATA_SUBJECT_NOTIFICATION): ("个人信息泄露事件告知", "zh"),
}


def citation(regime: str, kind: str) -> str:
    """The provisions the document rests on, in the active language where the law has a name
    in it (the Swiss acts are German, the NIS2 Directive is EU law); the other laws' names and
    numbers are the same in every language."""
    if regime == Regime.EU_NIS2:
        nis2: dict[str, str] = {
            ObligationKind.EARLY_WARNING: gettext("Directive (EU) 2022/2555 Art. 23(4)(a)"),
            ObligationKind.INCIDENT_NOTIFICATION: gettext("Directive (EU) 2022/2555 Art. 23(4)(b)"),
        }
        return nis2.get(kind, gettext("Directive (EU) 2022/2555 Art. 23(4)(d)"))
    if kind == ObligationKind.DATA_SUBJECT_NOTIFICATION and regime in _SUBJECT_CITATIONS:
        return _SUBJECT_CITATIONS[regime]()
    citations: dict[str, Callable[[], str]] = {
        Regime.KR_PIPA: lambda: "PIPA Art. 34(1), (3)",
        Regime.SG_PDPA: lambda: (
            "PDPA s 26D; Personal Data Protection (Notification of Data Breaches) "
            "Regulations 2021 reg. 5"
        ),
        Regime.BR_LGPD: lambda: "LGPD Art. 48 § 1; Res. CD/ANPD 15/2024 Art. 6",
        Regime.CH_FADP: lambda: gettext("FADP Art. 24(2); Data Protection Ordinance Art. 15(1)"),
        Regime.AU_NDB: lambda: "Privacy Act 1988 s 26WK(3)",
        Regime.CN_PIPL: lambda: "PIPL Art. 57",
    }
    return citations[regime]()


# Where the notice to the people has content of its own.
_SUBJECT_CITATIONS: dict[str, Callable[[], str]] = {
    Regime.SG_PDPA: lambda: (
        "PDPA s 26D(2); Personal Data Protection (Notification of Data Breaches) Regulations 2021"
    ),
    Regime.BR_LGPD: lambda: "LGPD Art. 48 § 1; Res. CD/ANPD 15/2024 Art. 9",
    Regime.CH_FADP: lambda: gettext("FADP Art. 24(4); Data Protection Ordinance Art. 15(3)"),
}


# --- items -------------------------------------------------------------------------------------


def items(notification: BreachNotification) -> tuple[Item, ...]:
    """The items of the notification's document, in the law's order."""
    from compliance.breaches.reports.notification import Item, Line

    incident = notification.incident
    deadline = notification.deadline
    zone = zone_for(deadline.regime, incident)
    facts = _Facts(incident, notification, zone, Line)
    specs = _SPECS[deadline.regime](facts, deadline.kind)
    return tuple(
        Item(number, heading, tuple(lines), original=original, original_lang=lang)
        for number, original, lang, heading, lines in specs
    )


class _Facts:
    """The record's values as lines, shared by the regimes' item lists."""

    def __init__(
        self,
        incident: BreachIncident,
        notification: BreachNotification,
        zone: str,
        line: type[Line],
    ) -> None:
        self.incident = incident
        self.notification = notification
        self.zone = zone
        self.line = line

    def __call__(self, label: str | Promise, value: str, code: str = "") -> Line:
        """A line; ``code`` names the ``compliance.breaches.contents`` item it fills, so that
        it says "not yet known" when recorded so at submission."""
        return self.line(label, value, code)

    def what(self) -> Line:
        return self(_("What happened"), f"{self.incident.title}\n{self.incident.description}")

    def occurred(self) -> Line:
        return self(_("Occurred at"), instant(self.incident.occurred_at, self.zone))

    def aware(self) -> Line:
        return self(_("Became aware at"), instant(self.incident.aware_at, self.zone))

    def cause(self) -> Line:
        return self(_("Cause"), str(self.incident.get_cause_display()))

    def data(self) -> Line:
        return self(
            _("Categories of personal data"), self.incident.data_categories, "data_categories"
        )

    def count(self) -> Line:
        return self(
            _("Approximate number of data subjects"),
            persons(self.incident.subject_count),
            "subject_count",
        )

    def subjects(self) -> Line:
        return self(
            _("Categories of data subjects"),
            self.incident.subject_categories,
            "subject_categories",
        )

    def records(self) -> Line:
        return self(
            _("Approximate number of records"), records(self.incident.record_count), "record_count"
        )

    def consequences(self) -> Line:
        return self(
            _("Likely consequences"), self.incident.likely_consequences, "likely_consequences"
        )

    def risk(self) -> Line:
        return self(
            _("Risk to the rights and freedoms of persons"),
            str(self.incident.get_risk_display()),
        )

    def reasoning(self) -> Line:
        return self(_("Reasoning"), self.incident.risk_reasoning)

    def containment(self) -> Line:
        return self(_("Containment measures"), self.incident.containment, "measures")

    def remediation(self) -> Line:
        return self(_("Remediation measures"), self.incident.remediation, "measures")

    def steps(self) -> Line:
        return self(_("Recommended steps"), self.incident.recommended_steps, "recommended_steps")

    def contact(self) -> Line:
        return self(_("Contact point"), self.incident.contact_point, "contact_point")

    def entity(self) -> Line:
        entity = self.notification.deadline.entity
        registration = f", {entity.registration_id}" if entity.registration_id else ""
        country = entity.country.display_name
        return self(
            _("Notifying entity"),
            f"{entity.legal_name} ({entity.short_name}){registration}, {country}",
        )

    def flag(self, label: str | Promise, value: bool) -> Line:
        return self(label, yes_no(value))

    def countries(self) -> Line:
        names = ", ".join(
            f"{c.display_name} ({c.code})" for c in self.incident.affected_countries.all()
        )
        return self(_("Countries of affected persons"), names)

    def subjects_told(self, regime: str) -> Line:
        deadline = self.incident.deadlines.filter(
            regime=regime,
            kind=ObligationKind.DATA_SUBJECT_NOTIFICATION,
            entity=self.notification.deadline.entity,
        ).first()
        return self(
            _("Notification of the affected persons"),
            "" if deadline is None else deadline_outcome(deadline, self.zone),
        )


Spec = tuple[str, str, str, str | Promise, list["Line"]]


def _korea(f: _Facts, kind: str) -> list[Spec]:
    """PIPA Art. 34(1) items 1-5."""
    return [
        (
            "1.",
            "유출등이 된 개인정보의 항목",
            "ko",
            _("Items of the personal information leaked"),
            [
                f.data(),
                f.count(),
                f.flag(_("Sensitive information (PIPA Art. 23)"), f.incident.special_category),
                f.flag(
                    _("Unique identifying information (PIPA Art. 24)"),
                    f.incident.unique_identifiers,
                ),
            ],
        ),
        (
            "2.",
            "유출등이 된 시점과 그 경위",
            "ko",
            _("When and how the leak happened"),
            [f.occurred(), f.aware(), f.what(), f.cause()],
        ),
        (
            "3.",
            "유출등으로 인하여 발생할 수 있는 피해를 최소화하기 위하여 정보주체가 할 수 있는 "
            "방법 등에 관한 정보",
            "ko",
            _("What the data subjects can do to minimise the possible harm"),
            [f.steps(), f.consequences()],
        ),
        (
            "4.",
            "개인정보처리자의 대응조치 및 피해 구제절차",
            "ko",
            _("Measures taken by the controller and the procedure for redress"),
            [f.containment(), f.remediation()],
        ),
        (
            "5.",
            "정보주체에게 피해가 발생한 경우 신고 등을 접수할 수 있는 담당부서 및 연락처",
            "ko",
            _("Department and contact details that receive reports of harm"),
            [f.contact()],
        ),
    ]


def _singapore(f: _Facts, kind: str) -> list[Spec]:
    """PDPA s 26D(1); reg. 5 of the Notification of Data Breaches Regulations 2021."""
    if kind == ObligationKind.DATA_SUBJECT_NOTIFICATION:
        return _singapore_individuals(f)
    assessed = instant(f.incident.assessed_at, f.zone)
    return [
        (
            "(1)",
            "",
            "",
            _("Date and circumstances in which the organisation first became aware"),
            [f.aware(), f.what()],
        ),
        (
            "(2)",
            "",
            "",
            _("Steps taken since, including the assessment of the breach"),
            [f(_("Assessment completed at"), assessed), f.containment()],
        ),
        ("(3)", "", "", _("How the breach occurred"), [f.occurred(), f.cause()]),
        ("(4)", "", "", _("Number of affected individuals"), [f.count()]),
        ("(5)", "", "", _("Personal data or classes of personal data affected"), [f.data()]),
        (
            "(6)",
            "",
            "",
            _("Potential harm to the affected individuals"),
            [f.risk(), f.consequences()],
        ),
        (
            "(7)",
            "",
            "",
            _("Action taken or to be taken to eliminate or mitigate the potential harm"),
            [f.containment(), f.remediation()],
        ),
        (
            "(8)",
            "",
            "",
            _("Plan to notify the affected individuals or the public"),
            [f.subjects_told(Regime.SG_PDPA)],
        ),
        (
            "(9)",
            "",
            "",
            _("Business contact information of an authorised representative"),
            [f.contact()],
        ),
    ]


def _singapore_individuals(f: _Facts) -> list[Spec]:
    """What the affected individuals are told (PDPA s 26D(2); the Regulations)."""
    return [
        (
            "(1)",
            "",
            "",
            _("Circumstances in which the organisation became aware of the breach"),
            [f.aware(), f.what()],
        ),
        ("(2)", "", "", _("Personal data or classes of personal data affected"), [f.data()]),
        ("(3)", "", "", _("Potential harm to the affected individuals"), [f.consequences()]),
        (
            "(4)",
            "",
            "",
            _("Action taken or to be taken to eliminate or mitigate the potential harm"),
            [f.containment(), f.remediation()],
        ),
        (
            "(5)",
            "",
            "",
            _("Steps the individuals may take to protect themselves"),
            [f.steps()],
        ),
        (
            "(6)",
            "",
            "",
            _("Business contact information of an authorised representative"),
            [f.contact()],
        ),
    ]


def _brazil_data_subjects(f: _Facts) -> list[Spec]:
    """Res. CD/ANPD 15/2024 Art. 9, I-VII: what the data subjects are told."""
    incident = f.incident
    return [
        (
            "I",
            "descrição da natureza e da categoria de dados pessoais afetados",
            "pt",
            _("Nature and categories of the personal data affected"),
            [f.data()],
        ),
        (
            "II",
            "medidas técnicas e de segurança utilizadas para a proteção dos dados",
            "pt",
            _("Technical and security measures that protected the data"),
            [f.flag(_("Data unintelligible (strong encryption)"), incident.encrypted)],
        ),
        (
            "III",
            "riscos relacionados ao incidente com identificação dos possíveis impactos aos "
            "titulares",
            "pt",
            _("Risks of the incident and its possible impacts on the data subjects"),
            [f.consequences()],
        ),
        (
            "IV",
            "motivos da demora, no caso de a comunicação não ter sido feita no prazo",
            "pt",
            _("Reasons for the delay, where the communication was not immediate"),
            [f(_("Reasons for the delay"), f.notification.late_reasons)],
        ),
        (
            "V",
            "medidas que foram ou que serão adotadas para reverter ou mitigar os efeitos do "
            "incidente",
            "pt",
            _("Measures taken or to be taken to reverse or mitigate the effects"),
            [f.containment(), f.remediation()],
        ),
        (
            "VI",
            "data do conhecimento do incidente de segurança",
            "pt",
            _("Date the controller learned of the incident"),
            [f.aware()],
        ),
        (
            "VII",
            "contato para obtenção de informações e dados de contato do encarregado",
            "pt",
            _("Contact for information, and the data protection officer's details"),
            [f.contact()],
        ),
    ]


def _brazil(f: _Facts, kind: str) -> list[Spec]:
    """Res. CD/ANPD 15/2024 Art. 6, I-XII (LGPD Art. 48 § 1)."""
    if kind == ObligationKind.DATA_SUBJECT_NOTIFICATION:
        return _brazil_data_subjects(f)
    incident = f.incident
    operators = ", ".join(
        f"{i.entity.legal_name} ({i.entity.short_name})"
        for i in incident.involvements.filter(role="processor").select_related("entity")
    )
    return [
        (
            "I",
            "descrição da natureza e da categoria de dados pessoais afetados",
            "pt",
            _("Nature and categories of the personal data affected"),
            [
                f.data(),
                f.flag(_("Sensitive personal data"), incident.special_category),
                f.flag(_("Financial data"), incident.financial_data),
                f.flag(_("Authentication data"), incident.authentication_data),
            ],
        ),
        (
            "II",
            "número de titulares afetados, discriminando, quando aplicável, o número de "
            "crianças, de adolescentes ou de idosos",
            "pt",
            _("Number of data subjects affected, with children, adolescents and the elderly"),
            [f.count(), f.flag(_("Data of children or adolescents"), incident.minors)],
        ),
        (
            "III",
            "medidas técnicas e de segurança utilizadas para a proteção dos dados",
            "pt",
            _("Technical and security measures that protected the data"),
            [f.flag(_("Data unintelligible (strong encryption)"), incident.encrypted)],
        ),
        (
            "IV",
            "riscos relacionados ao incidente com identificação dos possíveis impactos aos "
            "titulares",
            "pt",
            _("Risks of the incident and its possible impacts on the data subjects"),
            [f.risk(), f.reasoning(), f.consequences()],
        ),
        (
            "V",
            "motivos da demora, no caso de a comunicação não ter sido imediata",
            "pt",
            _("Reasons for the delay, where the communication was not immediate"),
            [f(_("Reasons for the delay"), f.notification.late_reasons)],
        ),
        (
            "VI",
            "medidas que foram ou que serão adotadas para reverter ou mitigar os efeitos do "
            "incidente sobre os titulares",
            "pt",
            _("Measures taken or to be taken to reverse or mitigate the effects"),
            [f.containment(), f.remediation()],
        ),
        (
            "VII",
            "data da ocorrência do incidente, quando possível determiná-la, e a de seu "
            "conhecimento pelo controlador",
            "pt",
            _("Date of the incident and date the controller learned of it"),
            [f.occurred(), f.aware()],
        ),
        (
            "VIII",
            "dados do encarregado ou de quem represente o controlador",
            "pt",
            _("Details of the data protection officer or the controller's representative"),
            [f.contact()],
        ),
        (
            "IX",
            "identificação do controlador e, se for o caso, declaração de que se trata de "
            "agente de tratamento de pequeno porte",
            "pt",
            _("The controller, and whether it is a small processing agent"),
            [f.entity(), f.flag(_("Small processing agent"), incident.small_agent)],
        ),
        (
            "X",
            "identificação do operador, quando aplicável",
            "pt",
            _("The processor, where there is one"),
            [f(_("Processor"), operators)],
        ),
        (
            "XI",
            "descrição do incidente, incluindo a causa principal, caso seja possível identificá-la",
            "pt",
            _("Description of the incident, with its main cause"),
            [f.what(), f.cause()],
        ),
        (
            "XII",
            "total de titulares cujos dados são tratados nas atividades de tratamento afetadas "
            "pelo incidente",
            "pt",
            _("Total number of data subjects of the processing affected"),
            [
                f(
                    _("Data subjects of the processing affected"),
                    persons(incident.processing_subject_count),
                    "processing_subject_count",
                )
            ],
        ),
    ]


def _switzerland(f: _Facts, kind: str) -> list[Spec]:
    """FADP Art. 24(2); Data Protection Ordinance Art. 15(1)(a)-(g); the data subjects are told
    at least (a) and (e)-(g), in plain language (Art. 15(3))."""
    specs: list[Spec] = [
        (
            "a.",
            "die Art der Verletzung / le type de violation",
            "de",
            _("Type of breach"),
            [f.what(), f.cause()],
        ),
        (
            "b.",
            "Zeitpunkt und Dauer / le moment et la durée",
            "de",
            _("Time and duration"),
            [f.occurred(), f.aware()],
        ),
        (
            "c.",
            "Kategorien und ungefähre Anzahl der betroffenen Personendaten / catégories et "
            "nombre approximatif de données personnelles concernées",
            "de",
            _("Categories and approximate number of the personal data concerned"),
            [f.data(), f.records()],
        ),
        (
            "d.",
            "Kategorien und ungefähre Anzahl der betroffenen Personen / catégories et nombre "
            "approximatif de personnes concernées",
            "de",
            _("Categories and approximate number of the persons concerned"),
            [f.subjects(), f.count()],
        ),
        (
            "e.",
            "Folgen, einschliesslich der allfälligen Risiken, für die betroffenen Personen / "
            "conséquences, y compris les risques éventuels, pour les personnes concernées",
            "de",
            _("Consequences, including the risks, for the persons concerned"),
            [f.risk(), f.consequences()],
        ),
        (
            "f.",
            "getroffene oder vorgesehene Massnahmen / mesures prises ou envisagées",
            "de",
            _("Measures taken or planned to remedy the breach and mitigate its consequences"),
            [f.containment(), f.remediation()],
        ),
        (
            "g.",
            "Name und Kontaktdaten einer Ansprechperson / nom et coordonnées d'une personne de "
            "contact",
            "de",
            _("Name and contact details of a contact person"),
            [f.contact()],
        ),
    ]
    if kind == ObligationKind.DATA_SUBJECT_NOTIFICATION:
        return [spec for spec in specs if spec[0] in ("a.", "e.", "f.", "g.")]
    return specs


def _australia(f: _Facts, kind: str) -> list[Spec]:
    """Privacy Act 1988 s 26WK(3)(a)-(d)."""
    return [
        (
            "(a)",
            "",
            "",
            _("Identity and contact details of the entity"),
            [f.entity(), f.contact()],
        ),
        (
            "(b)",
            "",
            "",
            _("Description of the eligible data breach"),
            [f.what(), f.occurred(), f.aware(), f.cause(), f.count()],
        ),
        ("(c)", "", "", _("Kinds of information concerned"), [f.data()]),
        (
            "(d)",
            "",
            "",
            _("Recommended steps for the individuals"),
            [f.steps()],
        ),
    ]


def _china(f: _Facts, kind: str) -> list[Spec]:
    """PIPL Art. 57(1)-(3)."""
    return [
        (
            "(一)",
            "发生或者可能发生个人信息泄露、篡改、丢失的信息种类、原因和可能造成的危害",
            "zh",
            _("Kinds of personal information leaked, altered or lost, the causes and the harm"),
            [f.data(), f.count(), f.what(), f.cause(), f.consequences()],
        ),
        (
            "(二)",
            "个人信息处理者采取的补救措施和个人可以采取的减轻危害的措施",
            "zh",
            _("Remedial measures taken and what individuals can do to reduce the harm"),
            [f.containment(), f.remediation(), f.steps()],
        ),
        (
            "(三)",
            "个人信息处理者的联系方式",
            "zh",
            _("Contact details of the personal information handler"),
            [f.entity(), f.contact()],
        ),
    ]


def _nis2(f: _Facts, kind: str) -> list[Spec]:
    """NIS2 Art. 23(4)(a), (b) and (d)."""
    incident = f.incident
    cross_border = f.countries()
    malicious = f.flag(_("Suspected unlawful or malicious acts"), incident.wrongful_purpose)
    warning: list[Spec] = [
        (
            "1.",
            "",
            "",
            _("Whether the incident is suspected of being caused by unlawful or malicious acts"),
            [malicious, f.cause()],
        ),
        ("2.", "", "", _("Whether it could have a cross-border impact"), [cross_border]),
    ]
    if kind == ObligationKind.EARLY_WARNING:
        return warning
    if kind == ObligationKind.INCIDENT_NOTIFICATION:
        return [
            *warning,
            (
                "3.",
                "",
                "",
                _("Initial assessment of the incident, its severity and impact"),
                [f.what(), f.risk(), f.reasoning(), f.consequences(), f.count()],
            ),
            (
                "4.",
                "",
                "",
                _("Indicators of compromise, where available"),
                [f(_("Indicators of compromise"), incident.indicators_of_compromise)],
            ),
        ]
    return [
        (
            "(i)",
            "",
            "",
            _("Detailed description of the incident, its severity and impact"),
            [f.what(), f.occurred(), f.aware(), f.risk(), f.reasoning(), f.consequences()],
        ),
        (
            "(ii)",
            "",
            "",
            _("Type of threat or root cause that likely triggered the incident"),
            [f.cause(), malicious],
        ),
        (
            "(iii)",
            "",
            "",
            _("Applied and ongoing mitigation measures"),
            [f.containment(), f.remediation()],
        ),
        ("(iv)", "", "", _("Cross-border impact of the incident"), [cross_border]),
    ]


_SPECS: dict[str, Callable[[_Facts, str], list[Spec]]] = {
    Regime.KR_PIPA: _korea,
    Regime.SG_PDPA: _singapore,
    Regime.BR_LGPD: _brazil,
    Regime.CH_FADP: _switzerland,
    Regime.AU_NDB: _australia,
    Regime.CN_PIPL: _china,
    Regime.EU_NIS2: _nis2,
}

__all__ = ["ORIGINAL_TITLES", "citation", "covers", "items", "title", "zone_for"]
