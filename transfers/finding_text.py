"""The engine's findings in the reader's language.

An evaluation stores each finding's English ``message`` and ``basis`` (the record, which the API
returns) and, beside them, their templates and parameters (``message_parts``, ``basis_parts``,
see ``transfers.selectors.findings_as_json``). Screens and documents word them in the active
language from the parts; a finding stored before the parts were kept is shown in its English.
A live ``Finding`` from the engine carries its parts itself: ``compliance.legal_text.render``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from compliance import legal_text

__all__ = ["finding_basis", "finding_message", "worded_finding"]


def finding_message(finding: Mapping[str, Any]) -> str:
    return legal_text.render(finding.get("message", ""), finding.get("message_parts"))


def finding_basis(finding: Mapping[str, Any]) -> str:
    return legal_text.render(finding.get("basis", ""), finding.get("basis_parts"))


def worded_finding(finding: Mapping[str, Any]) -> dict[str, Any]:
    """A stored finding with its message and basis in the active language, for display."""
    return {**finding, "message": finding_message(finding), "basis": finding_basis(finding)}
