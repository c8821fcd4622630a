"""Legal sentences as codes with parameters, so that each reader gets them in their language.

The engines' contracts (domain brief §6–§8) return a legal basis, a finding's message and the
"what applies and why" lines as strings, and the acceptance cases read them in English. A
``Text`` *is* that English string (a ``str``), and it also keeps how it was made: the English
templates it was written from and their parameters. The product stores the parts beside the
English text and renders them at display time through its translation catalogues (``gettext`` of
each template, then the parameters filled in), so a German or Japanese PDF carries no English
sentence while the English record stays the evidence it always was.

A template is an English sentence with ``{name}`` placeholders (``str.format``). A parameter is a
proper name, a citation, a code or a date, kept as it is, or another ``Text``, translated in turn.
Concatenate with ``+`` (either side may be a plain ``str``, which is kept literally) and join with
``Text.join_all``; an f-string or ``str.join`` would flatten a ``Text`` to English.

Pure Python: the rule engines may import it (no Django).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

__all__ = ["Part", "Text", "literal", "parts_of"]

# One piece of a sentence: an English template and its parameters (str or Text). A literal piece
# (a plain string concatenated to a Text) has the template None and its value in ``params[""]``.
Part = tuple[str | None, Mapping[str, "str | Text"]]


class Text(str):
    """An English sentence that remembers its templates; see the module docstring."""

    parts: tuple[Part, ...]

    def __new__(cls, template: str, /, **params: str | Text) -> Text:
        # The common case, one template, kept cheap: the engines build thousands per second.
        text = str.__new__(cls, template.format(**params) if params else template)
        text.parts = ((template, params),) if template else ()
        return text

    @classmethod
    def _of(cls, parts: Iterable[Part]) -> Text:
        kept: list[Part] = []
        english: list[str] = []
        for part in parts:
            template, params = part
            if template is None:
                value = params[""]
                if not value:
                    continue
                english.append(str(value))
            elif params:
                english.append(template.format(**params))
            else:
                english.append(template)
            kept.append(part)
        text = str.__new__(cls, "".join(english))
        text.parts = tuple(kept)
        return text

    def __add__(self, other: str) -> Text:
        if not isinstance(other, str):
            return NotImplemented
        return Text._of((*self.parts, *parts_of(other)))

    def __radd__(self, other: str) -> Text:
        if not isinstance(other, str):
            return NotImplemented
        return Text._of((*parts_of(other), *self.parts))

    def __repr__(self) -> str:
        return str.__repr__(str(self))

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (self.parts,))

    @staticmethod
    def join_all(separator: str, items: Iterable[str]) -> Text:
        """``separator.join(items)``, keeping the templates of the items that are Text."""
        pieces: list[Part] = []
        for index, item in enumerate(items):
            if index:
                pieces.extend(parts_of(separator))
            pieces.extend(parts_of(item))
        return Text._of(pieces)


def literal(value: str) -> Part:
    """A piece kept as it is in every language (a code, a citation, punctuation)."""
    return (None, {"": value})


def parts_of(value: str) -> tuple[Part, ...]:
    """The pieces of ``value``: its templates if it is a Text, else one literal piece."""
    if isinstance(value, Text):
        return value.parts
    return (literal(value),) if value else ()


def _rebuild(parts: tuple[Part, ...]) -> Text:
    return Text._of(parts)
