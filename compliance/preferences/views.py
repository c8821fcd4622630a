from __future__ import annotations

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
        try:
            choose_language(request=request, language=request.POST.get("language", ""))
        except ValidationError:
            pass  # set_language ignores an unknown language too; nothing is changed
    return set_language(request)
