from django.contrib import admin
from django.db import transaction
from django.http import HttpRequest, HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from compliance.bcr.views import download_document
from compliance.preferences.views import switch_language
from compliance.reminders.views import calendar_feed
from config.health import healthz

admin.site.site_header = "DPO Desk"
admin.site.site_title = "DPO Desk"
admin.site.index_title = _("Compliance workspace")


@transaction.non_atomic_requests
def favicon(request: HttpRequest) -> HttpResponsePermanentRedirect:
    # Looked up per request: the hashed static name exists only after collectstatic.
    return HttpResponsePermanentRedirect(static("dpo_desk/favicon.svg"))


urlpatterns = [
    # Before the admin, whose catch-all would otherwise take the paths.
    path("calendar/<str:token>.ics", calendar_feed, name="calendar-feed"),
    path("healthz", healthz, name="healthz"),
    # Browsers ask for /favicon.ico on pages that name no icon (the PDF viewer, the API docs).
    path("favicon.ico", favicon),
    path("language/", switch_language, name="set_language"),
    path("account/", include("config.security.urls")),
    path("registers/", include("compliance.registers.urls")),
    # The intake API: schema at /api/v1/openapi.json, browsable at /api/v1/docs.
    path("api/", include("api.urls")),
    # BCR documents: only through the checked view, never from MEDIA_URL.
    path("bcr/documents/<int:pk>/download/", download_document, name="bcr-document-download"),
    path("", admin.site.urls),
]
