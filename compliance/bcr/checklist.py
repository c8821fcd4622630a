"""The Art. 47(2) checklist in the reader's language.

The engine ships each element as the English words of GDPR Art. 47(2) (``compliance.rules.bcr``,
free of Django), and an application's items store them when it starts. The admin shows an item
from its letter: the element in the reader's language (its English text is the msgid) with its
citation, "GDPR Art. 47(2)(d)"; an item whose text the office changed is shown as written.
"""

from __future__ import annotations

from django.utils.translation import gettext

from compliance.rules import bcr as rules

ELEMENTS = dict(rules.ART_47_2_ITEMS)


def citation(letter: str) -> str:
    """'GDPR Art. 47(2)(d)' in the reader's citation style."""
    return gettext("GDPR Art. 47(2)(%(letter)s)") % {"letter": letter}


def requirement(letter: str, stored: str) -> str:
    """The element of Art. 47(2) an item stands for, in the reader's language."""
    if stored and stored == ELEMENTS.get(letter):
        return gettext(stored)
    return stored
