from __future__ import annotations

import pytest
from django.conf import settings

from compliance.reports.fetcher import FetchAttempt, FetchRefused, StaticFileFetcher


def test_fetcher_serves_the_project_print_stylesheet() -> None:
    fetcher = StaticFileFetcher()

    resource = fetcher.resolve("static:reports/print.css")

    assert resource.path == settings.BASE_DIR / "static" / "reports" / "print.css"
    assert resource.mime_type == "text/css"
    assert resource.read_bytes().startswith(b"/* DPO Desk print stylesheet")
    assert fetcher.attempts == [FetchAttempt(url="static:reports/print.css", served=True)]


def test_fetcher_serves_an_app_static_file_through_the_finders() -> None:
    resource = StaticFileFetcher().resolve("static:admin/img/icon-yes.svg")

    assert resource.path.parts[-4:] == ("static", "admin", "img", "icon-yes.svg")
    assert resource.mime_type == "image/svg+xml"


@pytest.mark.parametrize(
    ("url", "message"),
    [
        (
            "http://example.com/x.png",
            "PDF reports load only the project's static files (static:...); refused http URL "
            "'http://example.com/x.png'",
        ),
        (
            "https://example.com/x.css",
            "PDF reports load only the project's static files (static:...); refused https URL "
            "'https://example.com/x.css'",
        ),
        (
            "file:///etc/passwd",
            "PDF reports load only the project's static files (static:...); refused file URL "
            "'file:///etc/passwd'",
        ),
        (
            "data:text/css,body{display:none}",
            "PDF reports load only the project's static files (static:...); refused data URL "
            "'data:text/css,body{display:none}'",
        ),
        (
            "/static/reports/print.css",
            "PDF reports load only the project's static files (static:...); refused relative URL "
            "'/static/reports/print.css'",
        ),
        (
            "static:../config/settings.css",
            "Refused static URL 'static:../config/settings.css': the path leaves the static "
            "folders",
        ),
        (
            "static:reports/%2e%2e/%2e%2e/etc/x.css",
            "Refused static URL 'static:reports/%2e%2e/%2e%2e/etc/x.css': the path leaves the "
            "static folders",
        ),
        (
            "static:/etc/passwd",
            "Refused static URL 'static:/etc/passwd': not a stylesheet or an image",
        ),
        (
            "static:reports/missing.css",
            "Refused static URL 'static:reports/missing.css': no such static file",
        ),
    ],
)
def test_fetcher_refuses_anything_but_existing_static_files(url: str, message: str) -> None:
    fetcher = StaticFileFetcher()

    with pytest.raises(FetchRefused) as excinfo:
        fetcher.resolve(url)

    assert str(excinfo.value) == message
    assert fetcher.attempts == [FetchAttempt(url=url, served=False, reason=message)]
