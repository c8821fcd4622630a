from __future__ import annotations

from typing import Any, cast

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _

from compliance.preferences.models import UserPreference

# The session key holding the signed-in user's stored language ("" for none).
SESSION_LANGUAGE = "dpo_desk_language"


def choose_language(*, request: HttpRequest, language: str) -> UserPreference:
    """Store the signed-in user's language (one the desk speaks, or a clear refusal), and
    apply it to this session at once."""
    if language not in dict(settings.LANGUAGES):
        raise ValidationError(_("This language is not available."), code="language")
    preference, _created = UserPreference.objects.update_or_create(
        user_id=cast(int, request.user.pk), defaults={"language": language}
    )
    request.session[SESSION_LANGUAGE] = language
    return preference


def chosen_language(user: Any) -> str:
    """The user's stored language, or "" when they chose none."""
    return UserPreference.objects.filter(user=user).values_list("language", flat=True).first() or ""


def remember_language(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    """At sign-in: the stored language into the new session (``user_logged_in`` receiver)."""
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_LANGUAGE] = chosen_language(user)
