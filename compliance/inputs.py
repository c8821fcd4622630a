"""What people type: dates, instants in a stated zone, and text.

Shared by the forms of every feature (and by the model fields that keep free text bounded), so
that a date means the same in every form, an instant is always read in one named zone, and a
required reason or name cannot be made of characters nobody can read.

- Dates are ISO 8601 (``2026-12-05``), the form the date picker fills. ``05/12/2026`` is refused
  with a message showing the expected form: it is 5 December in Europe and 12 May in the US.
- Instants are typed as the wall-clock time of a zone the page names (the record's zone), never
  of the server; the stored value is UTC.
- Text is normalised (NFC, line ends) and refused when it has no visible character, carries
  direction overrides (which make a title read differently from what is stored) or, in a
  single-line field, line breaks.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django import forms
from django.contrib.admin import widgets as admin_widgets
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils import timezone
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

# --- Formats ---------------------------------------------------------------------------------

ISO_DATE = "%Y-%m-%d"
DATE_INPUT_FORMATS = [ISO_DATE]
TIME_INPUT_FORMATS = ["%H:%M:%S", "%H:%M"]
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%dT%H:%M",
    ISO_DATE,
]
DATE_EXAMPLE = "2026-12-05"

# --- Plausible ranges ------------------------------------------------------------------------

# Any date typed anywhere: wide enough for history (an entity founded in 1920), narrow enough
# that date arithmetic and the PDF calendars never overflow (year 1 and 9999 did).
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2199, 12, 31)
# GDPR Art. 99(2): applies from 25 May 2018. An awareness before it starts no GDPR clock.
GDPR_APPLIES_FROM = date(2018, 5, 25)
# Directive 95/46/EC (24 October 1995): the earliest date a transfer regime of the EU existed.
TRANSFER_EARLIEST = date(1995, 10, 24)
# A transfer planned further ahead than this is a typing error (e.g. 2206 for 2026).
TRANSFER_HORIZON = timedelta(days=366 * 10)
# Clock skew allowed between a user's device and the server before an instant is "future".
FUTURE_TOLERANCE = timedelta(minutes=5)
# "Today" differs between zones by up to 26 hours (UTC-12 to UTC+14): a date of "today" typed in
# Kiribati is tomorrow on the server; it is not in the future.
TODAY_TOLERANCE = timedelta(days=1)

# --- Text limits -----------------------------------------------------------------------------

# A description, an assessment: generous for real prose (about eight printed pages).
LONG_TEXT_MAX = 20_000
# A note, a reason, a list of categories: still generous (about four printed pages).
NOTE_MAX = 10_000

ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e"
# Embeddings, overrides and isolates (Unicode TR9): they reorder what is displayed.
BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_BIDI_RE = re.compile(f"[{BIDI_CONTROLS}]")
_AMBIGUOUS_DATE_RE = re.compile(r"^\s*(\d{1,2})[./\-](\d{1,2})[./\-](\d{2,4})\s*$")


def zone_or_none(name: str | None) -> ZoneInfo | None:
    if not name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def today_anywhere() -> date:
    """The latest calendar date it is somewhere on Earth now (a bound for "not in the future")."""
    return (timezone.now() + TODAY_TOLERANCE).date()


# --- Dates -----------------------------------------------------------------------------------


def _format_message(value: Any) -> ValidationError:
    text = str(value).strip()
    if _AMBIGUOUS_DATE_RE.match(text):
        return ValidationError(
            _(
                "“%(value)s” can be read as two different dates (day/month or month/day). "
                "Enter the date as YYYY-MM-DD, e.g. %(example)s, or use the calendar."
            ),
            code="ambiguous_date",
            params={"value": text, "example": DATE_EXAMPLE},
        )
    return ValidationError(
        _("Enter the date as YYYY-MM-DD, e.g. %(example)s, or use the calendar."),
        code="invalid",
        params={"value": text, "example": DATE_EXAMPLE},
    )


def check_date_range(
    value: date,
    *,
    earliest: date = EARLIEST_DATE,
    latest: date = LATEST_DATE,
    not_future: bool = False,
    earliest_reason: Any = None,
) -> None:
    """Refuse a date outside the plausible range, naming the range (or the reason)."""
    if value < earliest:
        raise ValidationError(
            earliest_reason or _("%(value)s is before %(earliest)s; check the year."),
            code="too_early",
            params={"value": value.isoformat(), "earliest": earliest.isoformat()},
        )
    if not_future and value > today_anywhere():
        raise ValidationError(
            _("%(value)s is in the future; enter the date it happened."),
            code="future",
            params={"value": value.isoformat()},
        )
    if value > latest:
        raise ValidationError(
            _("%(value)s is after %(latest)s; check the year."),
            code="too_late",
            params={"value": value.isoformat(), "latest": latest.isoformat()},
        )


class IsoDateField(forms.DateField):
    """A date typed as YYYY-MM-DD (or filled by the picker), within a plausible range.

    ``not_future``: for what has happened (an acknowledgement, an event, a signature).
    """

    input_formats = DATE_INPUT_FORMATS

    def __init__(
        self,
        *,
        earliest: date = EARLIEST_DATE,
        latest: date = LATEST_DATE,
        not_future: bool = False,
        earliest_reason: Any = None,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("input_formats", DATE_INPUT_FORMATS)
        kwargs.setdefault("widget", admin_widgets.AdminDateWidget)
        super().__init__(**kwargs)
        self.earliest = earliest
        self.latest = latest
        self.not_future = not_future
        self.earliest_reason = earliest_reason
        if not self.help_text:
            self.help_text = _("YYYY-MM-DD, e.g. %(example)s") % {"example": DATE_EXAMPLE}

    def to_python(self, value: Any) -> date | None:
        try:
            return super().to_python(value)
        except ValidationError:
            raise _format_message(value) from None

    def validate(self, value: Any) -> None:
        super().validate(value)
        if value is not None:
            check_date_range(
                value,
                earliest=self.earliest,
                latest=self.latest,
                not_future=self.not_future,
                earliest_reason=self.earliest_reason,
            )


# --- Instants --------------------------------------------------------------------------------


def localize_wall_time(value: datetime, zone_name: str) -> datetime:
    """Read the wall-clock time the user typed as a time in ``zone_name``.

    Refuses a time that does not exist (skipped by a DST change) or exists twice (repeated by
    one), because a deadline computed from a guessed instant could be an hour off.
    """
    zone = ZoneInfo(zone_name)
    naive = timezone.make_naive(value) if timezone.is_aware(value) else value
    first = naive.replace(tzinfo=zone, fold=0)
    second = naive.replace(tzinfo=zone, fold=1)
    if first.utcoffset() != second.utcoffset():
        round_trip = first.astimezone(ZoneInfo("UTC")).astimezone(zone).replace(tzinfo=None)
        if round_trip != naive:
            raise ValidationError(
                _(
                    "%(time)s does not exist in %(zone)s on that day (the clocks jump forward). "
                    "Check the time, or enter it in UTC."
                ),
                code="nonexistent_time",
                params={"time": naive.strftime("%H:%M"), "zone": zone_name},
            )
        raise ValidationError(
            _(
                "%(time)s occurs twice in %(zone)s on that day (the clocks go back). Enter the "
                "time in UTC (time zone of the report: UTC) so the deadline is exact."
            ),
            code="ambiguous_time",
            params={"time": naive.strftime("%H:%M"), "zone": zone_name},
        )
    return first


def wall_time(value: datetime | None, zone_name: str | None) -> datetime | None:
    """The naive wall-clock time of ``value`` in ``zone_name``, to show in an input."""
    zone = zone_or_none(zone_name)
    if value is None or zone is None or timezone.is_naive(value):
        return value
    return value.astimezone(zone).replace(tzinfo=None)


def describe_instant(value: datetime | None, zone_name: str | None) -> str:
    """``2026-03-02 14:30 UTC = 2026-03-02 15:30 Europe/Berlin (UTC+01:00)``."""
    if value is None:
        return "—"
    utc = value.astimezone(ZoneInfo("UTC"))
    text = f"{utc:%Y-%m-%d %H:%M} UTC"
    zone = zone_or_none(zone_name)
    if zone is not None and zone_name != "UTC":
        local = value.astimezone(zone)
        offset = local.strftime("%z")
        text += f" = {local:%Y-%m-%d %H:%M} {zone_name} (UTC{offset[:3]}:{offset[3:]})"
    return text


def check_instant_range(
    value: datetime,
    *,
    earliest: date = EARLIEST_DATE,
    not_future: bool = True,
    earliest_reason: Any = None,
) -> None:
    if value.date() < earliest:
        raise ValidationError(
            earliest_reason or _("%(value)s is before %(earliest)s; check the year."),
            code="too_early",
            params={"value": f"{value:%Y-%m-%d %H:%M}", "earliest": earliest.isoformat()},
        )
    if not_future and value > timezone.now() + FUTURE_TOLERANCE:
        raise ValidationError(
            _("This time is in the future. Enter when it happened, in %(zone)s."),
            code="future",
            params={"zone": str(value.tzinfo or "UTC")},
        )
    if value.date() > LATEST_DATE:
        raise ValidationError(
            _("%(value)s is after %(latest)s; check the year."),
            code="too_late",
            params={"value": f"{value:%Y-%m-%d}", "latest": LATEST_DATE.isoformat()},
        )


class ZonedSplitDateTimeWidget(admin_widgets.AdminSplitDateTime):
    """The admin's date and time inputs; their "Now" and "Today" shortcuts fill the current
    time of the record's zone (``static/compliance/js/zoned_shortcuts.js``), not of the
    browser or the server.

    ``zone``: a fixed IANA zone; ``zone_field``: the name of the form field holding it (read
    when the shortcut is used, so a change of the zone select counts).
    """

    class Media:
        # After the admin's shortcuts, which it wraps (a merged Media keeps this order).
        js = ("admin/js/admin/DateTimeShortcuts.js", "compliance/js/zoned_shortcuts.js")

    def __init__(self, *, zone: str = "", zone_field: str = "", attrs: Any = None) -> None:
        super().__init__(attrs=attrs)
        self.set_zone(zone=zone, zone_field=zone_field)

    def get_context(self, name: str, value: Any, attrs: Any) -> dict[str, Any]:
        # The admin prints "Date:" and "Time:" as bare text: make them the inputs' labels, so
        # that the time input has one too (the field's own label points at the date input).
        context = super().get_context(name, value, attrs)
        subwidgets = context["widget"]["subwidgets"]
        for key, subwidget in zip(("date_label", "time_label"), subwidgets, strict=True):
            input_id = subwidget["attrs"].get("id")
            if input_id:
                context[key] = format_html('<label for="{}">{}</label>', input_id, context[key])
        return context

    def set_zone(self, *, zone: str = "", zone_field: str = "") -> None:
        for widget in self.widgets:
            if zone:
                widget.attrs["data-time-zone"] = zone
            if zone_field:
                widget.attrs["data-time-zone-field"] = f"id_{zone_field}"


class InstantField(forms.SplitDateTimeField):
    """An instant typed as a date (YYYY-MM-DD) and a wall-clock time in one stated zone.

    With ``zone`` set, the value is read in that zone (refusing a time a DST change skips or
    repeats) and returned aware; without, the form reads it later (see ``BreachIncidentForm``).
    ``not_future`` refuses an instant after now (plus a few minutes of clock skew).
    """

    widget = ZonedSplitDateTimeWidget

    def __init__(
        self,
        *,
        zone: str = "",
        not_future: bool = False,
        earliest: date = EARLIEST_DATE,
        earliest_reason: Any = None,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("input_date_formats", DATE_INPUT_FORMATS)
        kwargs.setdefault("input_time_formats", TIME_INPUT_FORMATS)
        super().__init__(**kwargs)
        self.not_future = not_future
        self.earliest = earliest
        self.earliest_reason = earliest_reason
        self.zone = ""
        self.set_zone(zone)

    def set_zone(self, zone: str, *, zone_field: str = "") -> None:
        """Read and show the time in ``zone`` (or in the zone another field names)."""
        self.zone = zone if zone_or_none(zone) is not None else ""
        if isinstance(self.widget, ZonedSplitDateTimeWidget):
            self.widget.set_zone(zone=self.zone, zone_field=zone_field)

    def clean(self, value: Any) -> Any:
        if isinstance(value, list | tuple) and value:
            date_text = value[0]
            if date_text not in self.empty_values:
                try:
                    self.fields[0].to_python(date_text)
                except ValidationError:
                    raise _format_message(date_text) from None
        return super().clean(value)

    def compress(self, data_list: Any) -> datetime | None:
        if not data_list:
            return None
        day, clock = data_list
        if day in self.empty_values:
            raise ValidationError(self.error_messages["invalid_date"], code="invalid_date")
        if clock in self.empty_values:
            raise ValidationError(self.error_messages["invalid_time"], code="invalid_time")
        check_date_range(day, earliest=EARLIEST_DATE)
        naive = datetime.combine(day, clock if isinstance(clock, time) else time())
        if self.zone:
            value = localize_wall_time(naive, self.zone)
            check_instant_range(
                value,
                earliest=self.earliest,
                not_future=self.not_future,
                earliest_reason=self.earliest_reason,
            )
            return value
        return timezone.make_aware(naive)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, datetime) and self.zone:
            value = wall_time(value, self.zone)
        return super().prepare_value(value)


# Every date and date-time field of every admin form reads input through these classes.
ADMIN_FORMFIELD_OVERRIDES: dict[Any, dict[str, Any]] = {
    models.DateField: {"form_class": IsoDateField, "widget": admin_widgets.AdminDateWidget},
    models.DateTimeField: {"form_class": InstantField, "widget": ZonedSplitDateTimeWidget},
}


def use_input_fields(site: Any) -> None:
    """Give every registered admin (and its inlines) the date and instant fields above, and
    forms whose autocomplete inputs survive an id that is not one (``guard_autocomplete``).

    Called once the admins are registered (``ComplianceConfig.ready``); an admin's own
    override of the same model field keeps precedence.
    """
    for model_admin in site._registry.values():
        _merge_overrides(model_admin)
        model_admin.get_form = _guarding(model_admin.get_form)
        for inline in model_admin.inlines:
            _merge_overrides(inline)


def _guarding(get_form: Any) -> Any:
    """``get_form`` returning a form that calls ``guard_autocomplete`` once built: an add page
    opened as ``?entity=abc`` (or a post of it) shows "Select a valid choice", not a 500."""

    def get_guarded_form(*args: Any, **kwargs: Any) -> Any:
        form = get_form(*args, **kwargs)

        def __init__(self: Any, *form_args: Any, **form_kwargs: Any) -> None:
            form.__init__(self, *form_args, **form_kwargs)
            guard_autocomplete(self)

        return type(form)(form.__name__, (form,), {"__init__": __init__})

    return get_guarded_form


def _merge_overrides(target: Any) -> None:
    merged = {key: dict(value) for key, value in target.formfield_overrides.items()}
    for db_field, options in ADMIN_FORMFIELD_OVERRIDES.items():
        own = merged.get(db_field, {})
        keep_own = "form_class" in own and own["form_class"] not in (
            forms.DateField,
            forms.SplitDateTimeField,
        )
        merged[db_field] = own if keep_own else {**own, **options}
    target.formfield_overrides = merged


# --- Text ------------------------------------------------------------------------------------


def normalise_text(value: str, *, multiline: bool) -> str:
    """NFC, Windows and old-Mac line ends made ``\\n``, invisible characters at both ends gone."""
    text = unicodedata.normalize("NFC", value)
    if multiline:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.strip().strip(ZERO_WIDTH).strip()


def _normalised_input(value: Any, *, multiline: bool) -> Any:
    """A form field's normalised text; text that was only invisible characters is refused as
    such (not silently emptied into "This field is required")."""
    if not isinstance(value, str):
        return value
    text = normalise_text(value, multiline=multiline)
    if not text and value.strip():
        check_text(value, multiline=multiline)
    return text


def has_visible_character(value: str) -> bool:
    """True when some character is neither whitespace, a control nor a format character."""
    return any(
        not ch.isspace() and unicodedata.category(ch) not in ("Cc", "Cf", "Zs", "Zl", "Zp")
        for ch in value
    )


def check_text(value: str, *, multiline: bool) -> None:
    """Refuse text that reads differently from what is stored, or that nobody can read."""
    if not value:
        return
    if not has_visible_character(value):
        raise ValidationError(
            _("Enter visible text; this is only spaces or invisible characters."),
            code="invisible",
        )
    found = _BIDI_RE.search(value)
    if found:
        raise ValidationError(
            _(
                "Remove the invisible direction control character U+%(code)04X: it makes the "
                "text display in a different order from how it is stored."
            ),
            code="bidi_control",
            params={"code": ord(found.group())},
        )
    if not multiline and ("\n" in value or "\r" in value):
        raise ValidationError(_("Enter this on one line (no line breaks)."), code="line_break")


def validate_single_line(value: str) -> None:
    check_text(value, multiline=False)


def validate_multiline(value: str) -> None:
    check_text(value, multiline=True)


class LineField(forms.CharField):
    """One line of visible text: a title, a name, a reference."""

    def to_python(self, value: Any) -> Any:
        return _normalised_input(super().to_python(value), multiline=False)

    def validate(self, value: Any) -> None:
        super().validate(value)
        check_text(value or "", multiline=False)


class ProseField(forms.CharField):
    """Free text on several lines (a description, a reason), bounded in length."""

    def __init__(self, *, max_length: int | None = NOTE_MAX, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 4}))
        super().__init__(max_length=max_length, **kwargs)

    def to_python(self, value: Any) -> Any:
        return _normalised_input(super().to_python(value), multiline=True)

    def validate(self, value: Any) -> None:
        super().validate(value)
        check_text(value or "", multiline=True)


def normalise_cleaned_text(form: forms.BaseForm, cleaned: dict[str, Any]) -> None:
    """Normalise every text value of a model form's cleaned data (before the model validates).

    Single-line where the form field's widget is a one-line input, multi-line for a textarea;
    errors are added to their field.
    """
    for name, field in form.fields.items():
        value = cleaned.get(name)
        if not isinstance(value, str) or not isinstance(field, forms.CharField):
            continue
        if isinstance(field, forms.ChoiceField | forms.TypedChoiceField):
            continue
        multiline = isinstance(field.widget, forms.Textarea)
        try:
            cleaned[name] = _normalised_input(value, multiline=multiline)
            check_text(cleaned[name], multiline=multiline)
        except ValidationError as exc:
            form.add_error(name, exc)


def casefold_key(value: str) -> str:
    """The key under which two names are "the same" (case, width, spacing ignored)."""
    return " ".join(unicodedata.normalize("NFKC", value).casefold().split())


def case_variants(values: Iterable[tuple[Any, str]], name: str) -> list[Any]:
    """Keys of ``values`` (pairs of key and name) whose name equals ``name`` but for case."""
    key = casefold_key(name)
    return [pk for pk, other in values if other != name and casefold_key(other) == key]


class CaseVariantNameForm(forms.ModelForm):
    """A model form whose ``name`` may repeat another record's but for letter case ("Payroll"
    and "PAYROLL": likely one thing recorded twice): said, not refused. ``similar_names``: the
    other records so named (at most 20), for ``warn_case_variants`` to tell."""

    similar_names: list[Any]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        name = cleaned.get("name")
        self.similar_names = []
        if name:
            model = self._meta.model
            others = model._default_manager.exclude(pk=self.instance.pk).filter(name__iexact=name)
            self.similar_names = case_variants(((o, o.name) for o in others[:20]), name)
        return cleaned


def warn_case_variants(model_admin: Any, request: Any, form: Any, message: Any) -> None:
    """Tell the user of each record named like the one saved but for letter case
    (``form.similar_names``); ``message`` names it as ``%(name)s``."""
    from django.contrib import messages

    for other in getattr(form, "similar_names", []):
        model_admin.message_user(request, message % {"name": other.name}, messages.WARNING)


def guard_autocomplete(form: forms.BaseForm) -> None:
    """An autocomplete select re-displaying a bound value that is not a key (``?entity=abc``)
    looks it up in the database and fails; drop such values before they are shown (the field
    itself refuses them with "Select a valid choice")."""
    for field in form.fields.values():
        # The admin wraps related inputs (add/change links) around the autocomplete select.
        widget: Any = getattr(field.widget, "widget", field.widget)
        db_field = getattr(widget, "field", None)
        if db_field is None or not hasattr(widget, "optgroups"):
            continue
        remote = db_field.remote_field
        key = getattr(remote, "field_name", None)
        target = remote.model._meta.get_field(key) if key else remote.model._meta.pk
        widget.optgroups = _keys_only(widget.optgroups, target)


def _keys_only(original: Any, target: Any) -> Any:
    def optgroups(name: str, value: Any, attr: Any = None) -> Any:
        kept = []
        for item in value:
            try:
                target.to_python(item)
            except ValidationError:
                continue
            kept.append(item)
        return original(name, kept, attr)

    return optgroups


class InputModelForm(forms.ModelForm):
    """A model form whose text is normalised and checked, and whose autocomplete inputs are safe."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        guard_autocomplete(self)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        normalise_cleaned_text(self, cleaned)
        return cleaned


# --- Model fields ----------------------------------------------------------------------------


class BoundedTextField(models.TextField):
    """A text field with a maximum length checked by its forms *and* by ``full_clean`` (which
    every service calls), so no path stores a megabyte of text the PDF then has to typeset."""

    def __init__(self, *args: Any, max_length: int = LONG_TEXT_MAX, **kwargs: Any) -> None:
        kwargs["max_length"] = max_length
        super().__init__(*args, **kwargs)
        self.validators.append(MaxLengthValidator(max_length))
        self.validators.append(validate_multiline)


# --- Widgets ---------------------------------------------------------------------------------


def _html_attrs(attrs: dict[str, Any]) -> str:
    # As django/forms/widgets/attrs.html writes them.
    return "".join(
        f" {conditional_escape(name)}"
        if value is True
        else f' {conditional_escape(name)}="{conditional_escape(str(value))}"'
        for name, value in attrs.items()
        if value is not False
    )


class PlainSelect(forms.Select):
    """A select written as Django's template writes it (``django/forms/widgets/select.html``),
    byte for byte, but in Python: the template includes a template per option, and a select of
    every entity of a group (300) cost a tenth of a change page in rendering alone."""

    def render(self, name: str, value: Any, attrs: Any = None, renderer: Any = None) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [
            f'<select name="{conditional_escape(widget["name"])}"{_html_attrs(widget["attrs"])}>'
        ]
        for group_name, group_choices, _index in widget["optgroups"]:
            if group_name:
                parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
            for option in group_choices:
                parts.append(
                    f'\n  <option value="{conditional_escape(str(option["value"]))}"'
                    f"{_html_attrs(option['attrs'])}>{conditional_escape(option['label'])}"
                    "</option>\n"
                )
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return mark_safe("".join(parts))  # noqa: S308 - every part escaped above
