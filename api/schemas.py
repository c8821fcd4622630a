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
