"""The download of a BCR document version: only through this view, never from ``MEDIA_URL``.

The user must be allowed to see the application (``selectors.applications_visible_to``);
anyone else gets the same 404 as for a version that does not exist, so that ids cannot be
probed. The file is sent as an attachment with its allow-listed type, ``nosniff`` and a
sandboxing Content-Security-Policy: a browser never renders an uploaded file as a page of
the site.
"""

from __future__ import annotations

from pathlib import PurePath

from django.contrib.auth.views import redirect_to_login
from django.http import FileResponse, Http404, HttpRequest, HttpResponseBase
from django.urls import reverse
from django.views.decorators.http import require_safe

from compliance.bcr.documents import served_content_type
from compliance.bcr.models import BCRDocumentVersion
from compliance.bcr.selectors import applications_visible_to


@require_safe
def download_document(request: HttpRequest, pk: int) -> HttpResponseBase:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), reverse("admin:login"))
    version = (
        BCRDocumentVersion.objects.select_related("document")
        .filter(
            pk=pk,
            document__application__in=applications_visible_to(request.user),
        )
        .exclude(file="")
        .first()
    )
    if version is None:
        raise Http404("No such document.")
    try:
        handle = version.file.open("rb")
    except FileNotFoundError:
        raise Http404("The file is missing from the document store.") from None
    name = PurePath(str(version.file.name)).name
    content_type = served_content_type(name, handle)
    response = FileResponse(handle, as_attachment=True, filename=name, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
