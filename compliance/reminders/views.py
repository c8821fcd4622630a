"""The per-user calendar feed at a secret URL (no session: calendar apps cannot log in)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseNotFound
from django.views.decorators.http import require_safe

from compliance.reminders.calendar import TokenRefused, calendar_for, resolve_calendar_token


@require_safe
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    try:
        calendar_token = resolve_calendar_token(token)
    except TokenRefused as exc:
        # 404: for this URL there is no feed (any more); the body tells the holder why.
        return HttpResponseNotFound(str(exc), content_type="text/plain; charset=utf-8")
    response = HttpResponse(
        calendar_for(calendar_token.user), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'inline; filename="dpo-desk-deadlines.ics"'
    # A secret URL: keep it out of shared caches.
    response["Cache-Control"] = "private, no-store"
    return response
