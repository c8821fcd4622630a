"""Legal sentences of the engines in the reader's language.

The engines write their legal bases, findings and explanations as ``compliance.rules.text.Text``:
English strings that remember their templates and parameters. The product stores the English text
(the evidence) and, beside it, the parts as JSON (``to_json``); screens, e-mails and PDFs render
the parts in the active language (``render``): each template through the translation catalogues,
then its parameters, translated in turn when they are sentences themselves. A stored text without
parts (written before the parts were kept) is shown as it was stored.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext

from compliance.rules.text import Part, Text

__all__ = ["from_json", "render", "to_json"]


def to_json(value: str) -> list[Any]:
    """The parts of ``value`` as JSON (empty for a plain string: it is stored as text only)."""
    if not isinstance(value, Text):
        return []
    return [_part_to_json(part) for part in value.parts]


def from_json(data: list[Any] | None, english: str = "") -> str:
    """The Text the JSON describes, or ``english`` when there are no parts."""
    if not data:
        return english
    return Text._of(_part_from_json(item) for item in data)


def render(value: str, parts: list[Any] | None = None) -> str:
    """``value`` in the active language: from ``parts`` (JSON) when given, else from the Text's own
    parts; a plain string as it is."""
    if parts:
        value = from_json(parts, value)
    if not isinstance(value, Text):
        return str(value)
    return "".join(_render_part(part) for part in value.parts)


def _render_part(part: Part) -> str:
    template, params = part
    if template is None:
        return str(params[""])
    return gettext(template).format(**{name: render(value) for name, value in params.items()})


def _part_to_json(part: Part) -> list[Any]:
    template, params = part
    return [
        template,
        {
            name: ({"text": to_json(value)} if isinstance(value, Text) else str(value))
            for name, value in params.items()
        },
    ]


def _part_from_json(item: list[Any]) -> Part:
    template, params = item
    return (
        template,
        {
            name: (from_json(value["text"]) if isinstance(value, dict) else value)
            for name, value in params.items()
        },
    )
