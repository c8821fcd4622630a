"""What a PDF report may load: the project's own static files, and nothing else.

The renderer hands every URL WeasyPrint wants (stylesheets, images, fonts, attachments) to
``StaticFileFetcher.resolve``. Reports print records typed in by users and are sent to regulators;
a report that fetched ``http://``, ``https://`` or ``file://`` URLs could leak data to a third
party, read files of the server (``file:///etc/passwd``) or stall on a slow host, and would look
different depending on the network. So the fetcher serves one scheme, ``static:``, resolved
through Django's static-file finders (``STATICFILES_DIRS`` and the apps' ``static/`` folders), and
refuses everything else with ``FetchRefused``, which WeasyPrint logs before carrying on without
the resource.

Templates write ``<link rel="stylesheet" href="static:reports/print.css">``. There is no base
URL, so relative references never reach the fetcher at all.

This module does not import WeasyPrint; ``compliance.reports.pdf`` adapts it.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.contrib.staticfiles import finders

SCHEME = "static:"

# Only what a print stylesheet can use. SVG is included for logos; an SVG's own references come
# back through this fetcher and are held to the same rule.
ALLOWED_TYPES = {
    ".css": "text/css",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".svg": "image/svg+xml",
}


class FetchRefused(ValueError):
    """A report asked for a resource outside the project's static files.

    A ``ValueError`` because WeasyPrint treats the fetcher's ordinary exceptions as "resource
    unavailable": it logs the message and renders the rest of the document.
    """


@dataclass(frozen=True)
class StaticResource:
    url: str
    path: Path
    mime_type: str

    def read_bytes(self) -> bytes:
        return self.path.read_bytes()


@dataclass(frozen=True)
class FetchAttempt:
    url: str
    served: bool
    reason: str = ""


@dataclass
class StaticFileFetcher:
    """Resolves ``static:`` URLs to files found by the static-file finders; refuses the rest.

    Every attempt is kept in ``attempts`` (one fetcher per rendering), which tells a test, or a
    log line, exactly what a report tried to load.
    """

    attempts: list[FetchAttempt] = field(default_factory=list)

    def resolve(self, url: str) -> StaticResource:
        try:
            resource = self._resolve(url)
        except FetchRefused as exc:
            self.attempts.append(FetchAttempt(url=url, served=False, reason=str(exc)))
            raise
        self.attempts.append(FetchAttempt(url=url, served=True))
        return resource

    def _resolve(self, url: str) -> StaticResource:
        if not url.startswith(SCHEME):
            scheme = urlsplit(url).scheme or "relative"
            raise FetchRefused(
                f"PDF reports load only the project's static files (static:...); refused "
                f"{scheme} URL {url!r}"
            )
        relative = _clean_path(url[len(SCHEME) :])
        if relative is None:
            raise FetchRefused(f"Refused static URL {url!r}: the path leaves the static folders")
        mime_type = ALLOWED_TYPES.get(posixpath.splitext(relative)[1].lower())
        if mime_type is None:
            raise FetchRefused(f"Refused static URL {url!r}: not a stylesheet or an image")
        found = finders.find(relative)
        if not found:
            raise FetchRefused(f"Refused static URL {url!r}: no such static file")
        # ``find`` returns a list only with ``all=True``; the str covers the usual case.
        path = Path(found if isinstance(found, str) else found[0])
        return StaticResource(url=url, path=path, mime_type=mime_type)


def _clean_path(raw: str) -> str | None:
    """The static-relative path of ``raw``, or None when it would climb out (``..``)."""
    path = unquote(raw.split("?", 1)[0].split("#", 1)[0])
    if "\\" in path or "\x00" in path:
        return None
    normal = posixpath.normpath("/" + path.lstrip("/"))
    if ".." in path.split("/") or normal == "/":
        return None
    return normal.lstrip("/")
