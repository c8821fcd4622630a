from __future__ import annotations

from contextlib import suppress

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from compliance.preferences.services import choose_language


@require_POST
def switch_language(request: HttpRequest) -> HttpResponse:
    """Django's ``set_language`` (cookie, safe redirect), and for a signed-in user the choice
    stored with them so that it follows them to another browser."""
    if request.user.is_authenticated:
        # An unknown language changes nothing, as set_language itself ignores it.
        with suppress(ValidationError):
            choose_language(request=request, language=request.POST.get("language", ""))
    return set_language(request)
