"""The API's request and response bodies (pydantic, through django-ninja)."""

from __future__ import annotations

from datetime import date, datetime

from ninja import Field, Schema


class ErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]] = Field(
        default_factory=dict, description="messages by field, for a refused breach"
    )


class EntityOut(Schema):
    id: int
    short_name: str
    legal_name: str
    country: str
    group: str


class BreachIn(Schema):
    """A breach as a SIEM or ticketing system reports it (GDPR Art. 33(5) facts)."""

    entity: int = Field(description="id of the reporting group entity (GET /entities)")
    title: str = Field(max_length=200)
    description: str = Field(min_length=1, description="what happened")
    aware_at: datetime = Field(
        description="when the entity became aware, with its UTC offset: the clocks start here"
    )
    aware_time_zone: str = Field(description="IANA zone of the report, e.g. Europe/Berlin")
    occurred_at: datetime | None = None
    cause: str = Field(
        description="cyber_attack, insider, human_error, lost_device, system_failure, "
        "processor or other"
    )
    role: str = Field(default="controller", description="controller or processor")
    data_categories: str = ""
    subject_categories: str = ""
    subject_count: int | None = Field(default=None, ge=0)
    record_count: int | None = Field(default=None, ge=0)
    affected_countries: list[str] = Field(
        default_factory=list, description="ISO 3166-1 alpha-2 codes of the affected persons"
    )
    special_category: bool = False
    property_damage_risk: bool = False
    wrongful_purpose: bool = False
    encrypted: bool = False
    risk: str = Field(default="", description="empty until assessed; unlikely, risk or high")
    risk_reasoning: str = ""
    likely_consequences: str = ""
    containment: str = ""
    remediation: str = ""
    contact_point: str = ""
    # APPI report items (PPC Rules Art. 8(1)): overview, cause, public announcement.
    discovery: str = Field(
        default="", description="how the breach was discovered: who found it, when and how"
    )
    entrustment: str = Field(
        default="",
        description="the business that entrusted the data to the entity, or those it entrusted "
        "the data to, with their names; 'none' when the data was not entrusted",
    )
    cause_detail: str = Field(default="", description="the cause in words, beyond the category")
    announced_on: date | None = Field(
        default=None, description="day of the public announcement; null: none made"
    )
    announcement_where: str = Field(
        default="", description="where the announcement was made, e.g. its web address"
    )
    announcement_text: str = Field(default="", description="text of the public announcement")
    # Facts the other regimes' clocks and notifications ask for (domain brief §8.1, §8.5).
    appi_special_care: bool | None = Field(
        default=None,
        description="special care-required personal information (APPI Art. 2(3)); null: not "
        "answered, the answer of special_category is used",
    )
    possibly_over_1000: bool = Field(
        default=False, description="more than 1,000 people cannot be ruled out (PPC Rules Art. 7)"
    )
    controller_subject_to_appi: bool = Field(
        default=True,
        description="for a processor: the entrusting business is itself under the APPI",
    )
    assessed_at: datetime | None = Field(
        default=None,
        description="when the notifiability assessment was completed (Singapore PDPA s 26D)",
    )
    minors: bool = Field(default=False, description="data of children (ANPD Res. 15/2024)")
    authentication_data: bool = Field(
        default=False, description="credentials or authentication data (ANPD Res. 15/2024 Art. 5)"
    )
    financial_data: bool = Field(
        default=False, description="bank, card or payment data (ANPD Res. 15/2024 Art. 5)"
    )
    unique_identifiers: bool = Field(
        default=False, description="national identification numbers (PIPA Art. 24)"
    )
    large_scale: bool = Field(default=False, description="large scale (ANPD Res. 15/2024 Art. 5)")
    small_agent: bool = Field(
        default=False, description="small processing agent in Brazil (ANPD Res. 2/2022)"
    )
    nis2_entity: bool = Field(
        default=False, description="essential or important entity under NIS2 (Art. 3)"
    )
    significant_incident: bool = Field(
        default=False, description="significant incident under NIS2 Art. 23(3)"
    )
    nis2_notified_at: datetime | None = Field(
        default=None, description="when the NIS2 incident notification was submitted"
    )
    recommended_steps: str = Field(
        default="",
        description="steps recommended to the affected persons (Privacy Act s 26WK(3)(d); "
        "PDPA s 26D(2); PIPA Art. 34(1) item 3; PIPL Art. 57(2))",
    )
    processing_subject_count: int | None = Field(
        default=None,
        ge=0,
        description="persons whose data the affected processing holds in total "
        "(ANPD Res. 15/2024 Art. 6, XII)",
    )
    indicators_of_compromise: str = Field(
        default="", description="indicators of compromise (NIS2 Art. 23(4)(b))"
    )


class DeadlineOut(Schema):
    id: int
    regime: str
    obligation: str = Field(description="the engine's obligation code")
    obligation_label: str
    recipient_country: str | None
    recipient_authority: str | None
    required: bool = Field(description="required by law (false: recorded as not required)")
    due_at: datetime | None = Field(description="null where the law sets no fixed instant")
    status: str
    met_at: datetime | None
    late: bool | None
    basis: str = Field(description="the legal basis of the obligation and its deadline")
    exemption: str = Field(
        description="a, b or c: the ground of GDPR Art. 34(3) on which the communication to "
        "the data subjects was decided not required; empty when none"
    )
    exemption_ground: str = Field(description="that ground in words, with its citation")


class NotificationOut(Schema):
    id: int
    deadline: int = Field(description="id of the obligation the notification fulfils")
    obligation_label: str
    state: str = Field(description="draft, submitted or acknowledged")
    submitted_at: datetime | None
    not_yet_known: list[str] = Field(
        description="codes of the required items recorded as not yet known at submission; "
        "they follow in phases (GDPR Art. 33(4); PPC GL 3-5-3-3)"
    )
    not_yet_known_labels: list[str] = Field(description="the same items in words")


class BreachOut(Schema):
    id: int
    reference: str
    entity: int
    entity_name: str
    title: str
    state: str
    aware_at: datetime
    aware_time_zone: str
    risk: str
    next_due_at: datetime | None
    admin_url: str
    deadlines: list[DeadlineOut]
    notifications: list[NotificationOut]
    # The facts of BreachIn that the PPC Rules and the other regimes ask for, as recorded.
    discovery: str
    entrustment: str
    cause_detail: str
    announced_on: date | None
    announcement_where: str
    announcement_text: str
    appi_special_care: bool | None
    possibly_over_1000: bool
    controller_subject_to_appi: bool
    assessed_at: datetime | None
    minors: bool
    authentication_data: bool
    financial_data: bool
    unique_identifiers: bool
    large_scale: bool
    small_agent: bool
    nis2_entity: bool
    significant_incident: bool
    nis2_notified_at: datetime | None
    recommended_steps: str
    processing_subject_count: int | None
    indicators_of_compromise: str


class FindingOut(Schema):
    code: str
    message: str
    basis: str


class TransferOut(Schema):
    id: int
    reference: str
    name: str
    group: str
    exporter: str
    importer: str | None = Field(description="importing group entity (short name)")
    external_recipient: str | None
    destination: str
    state: str
    start_date: date
    end_date: date | None
    judged_on: date
    regime: str | None
    lawful: bool | None = Field(description="null: not assessed (no export rule applies)")
    judgement: str = Field(description="lawful, not lawful or not assessed")
    mechanism: str | None
    basis: str
    blockers: list[FindingOut]
    warnings: list[FindingOut]


class TransferPage(Schema):
    count: int
    items: list[TransferOut]
