from django.contrib import admin
from django.urls import path

from compliance.bcr.views import download_document
from compliance.reminders.views import calendar_feed

admin.site.site_header = "DPO Desk"
admin.site.site_title = "DPO Desk"
admin.site.index_title = "Compliance workspace"

urlpatterns = [
    # Before the admin, whose catch-all would otherwise take the path.
    path("calendar/<str:token>.ics", calendar_feed, name="calendar-feed"),
    # BCR documents: only through the checked view, never from MEDIA_URL.
    path("bcr/documents/<int:pk>/download/", download_document, name="bcr-document-download"),
    path("", admin.site.urls),
]
