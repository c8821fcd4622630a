"""BCR documents (issue 13 item 9): uploads are allow-listed by content and size, and served
only through a view that checks the user may see the application, as an attachment that the
browser may not sniff; media is never served as static files."""

from __future__ import annotations

import io
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from compliance.bcr import services as bcr
from compliance.bcr.models import BCRApplication, BCRDocumentVersion
from compliance.choices import COORDINATOR_GROUP
from compliance.registry.models import CorporateGroup, GroupEntity
from tests.factories import CorporateGroupFactory, GroupEntityFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(17)
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(20)
TEXT = "Minutes of the call with LDI NRW — 2021-08-02\n".encode()
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>'
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + bytes(48) + b"PE\x00\x00"
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(40)


def _zip(members: list[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members:
            archive.writestr(name, content)
    return buffer.getvalue()


DOCX = _zip([("[Content_Types].xml", b"<Types/>"), ("word/document.xml", b"<w:document/>")])
XLSX = _zip([("[Content_Types].xml", b"<Types/>"), ("xl/workbook.xml", b"<workbook/>")])
ODT = _zip([("mimetype", b"application/vnd.oasis.opendocument.text"), ("content.xml", b"<c/>")])
PLAIN_ZIP = _zip([("payload.exe", EXE)])


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def _upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def _record(application: BCRApplication, name: str, content: bytes, label: str = "1") -> Any:
    return bcr.record_document_version(
        application=application,
        kind="annex",
        language="en",
        label=label,
        created_on=date(2021, 6, 1),
        file=_upload(name, content),
    )


# The allow-list, by content and by name.


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("bcr-text.pdf", PDF),
        ("org-chart.png", PNG),
        ("photo.jpg", JPEG),
        ("minutes.txt", TEXT),
        ("form.docx", DOCX),
        ("members.xlsx", XLSX),
        ("form.odt", ODT),
        ("old-form.doc", OLE2),
        ("BCR-TEXT.PDF", PDF),
    ],
)
def test_allowed_document_types_are_stored(
    application: BCRApplication, name: str, content: bytes
) -> None:
    version = _record(application, name, content)

    assert version.file.read() == content


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("page.html", HTML, "page.html: .html files are not accepted."),
        ("notes.txt", HTML, "notes.txt: the content is HTML or XML markup, not plain text."),
        ("logo.svg", SVG, "logo.svg: .svg files are not accepted."),
        ("logo.png", SVG, "logo.png: the content is not a PNG image."),
        ("setup.exe", EXE, "setup.exe: .exe files are not accepted."),
        ("bcr-text.pdf", EXE, "bcr-text.pdf: the content is not a PDF document."),
        ("form.docx", PLAIN_ZIP, "form.docx: the content is not a Word document (.docx)."),
        ("form.odt", DOCX, "form.odt: the content is not an OpenDocument text (.odt)."),
        ("archive.zip", PLAIN_ZIP, "archive.zip: .zip files are not accepted."),
        ("README", TEXT, "README: a file name with an extension is required."),
        ("minutes.txt", b"MZ\x00\x00binary\x00", "minutes.txt: the content is not plain text."),
    ],
)
def test_refused_document_types_are_not_stored(
    application: BCRApplication, name: str, content: bytes, message: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        _record(application, name, content)

    assert refused.value.messages == [message]
    assert BCRDocumentVersion.objects.count() == 0


@pytest.mark.parametrize(
    ("size", "accepted"), [(1024, True), (1025, False)], ids=["at-limit", "over"]
)
def test_document_size_limit_comes_from_the_settings(
    application: BCRApplication, settings: Any, size: int, accepted: bool
) -> None:
    settings.BCR_DOCUMENT_MAX_BYTES = 1024
    content = PDF + b"%" * (size - len(PDF))

    if accepted:
        assert _record(application, "big.pdf", content).file.size == size
    else:
        with pytest.raises(ValidationError) as refused:
            _record(application, "big.pdf", content)
        assert refused.value.messages == [
            "big.pdf: the file has 1,025 bytes; the limit is 1,024 bytes (1.0 KB)."
        ]


def test_default_size_limit_is_25_megabytes() -> None:
    from django.conf import settings

    assert settings.BCR_DOCUMENT_MAX_BYTES == 25 * 1024 * 1024


def test_refused_upload_in_the_admin_shows_the_reason_and_stores_nothing(
    application: BCRApplication, dpo_user: Any, client_for: Any
) -> None:
    url = reverse("admin:compliance_bcrapplication_add_document", args=[application.pk])

    response = client_for(dpo_user).post(
        url,
        {
            "kind": "annex",
            "language": "en",
            "label": "1",
            "created_on": "2021-06-01",
            "file": _upload("logo.svg", SVG),
        },
    )

    assert response.status_code == 200
    assert "logo.svg: .svg files are not accepted." in response.content.decode()
    assert BCRDocumentVersion.objects.count() == 0


# Serving: through a checked view, as an attachment, never from /media/.


@pytest.fixture
def stored(application: BCRApplication) -> BCRDocumentVersion:
    return _record(application, "bcr-text.pdf", PDF)


def _download_url(version: BCRDocumentVersion) -> str:
    return reverse("bcr-document-download", args=[version.pk])


def test_document_link_on_the_application_page_downloads_the_file_for_the_dpo(
    application: BCRApplication, stored: BCRDocumentVersion, dpo_user: Any, client_for: Any
) -> None:
    client = client_for(dpo_user)
    page = client.get(reverse("admin:compliance_bcrapplication_change", args=[application.pk]))
    assert f'href="{_download_url(stored)}"' in page.content.decode()

    response = client.get(_download_url(stored))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert (
        response["Content-Type"],
        response["Content-Disposition"],
        response["X-Content-Type-Options"],
    ) == ("application/pdf", f'attachment; filename="{Path(stored.file.name).name}"', "nosniff")
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"


def test_media_url_serves_nothing_even_to_the_dpo(
    stored: BCRDocumentVersion, dpo_user: Any, client_for: Any, settings: Any
) -> None:
    client = client_for(dpo_user)

    responses = [
        client.get(f"/{settings.MEDIA_URL}{stored.file.name}").status_code,
        client.get(f"/static/../media/{stored.file.name}").status_code,
    ]

    assert responses == [404, 404]


def test_media_root_is_not_a_static_files_folder() -> None:
    from django.conf import settings

    media = Path(settings.MEDIA_ROOT).resolve()
    static = [Path(settings.STATIC_ROOT).resolve()] + [
        Path(d).resolve() for d in settings.STATICFILES_DIRS
    ]

    assert [media.is_relative_to(s) or s.is_relative_to(media) for s in static] == [
        False for _ in static
    ]


@pytest.fixture
def other_group() -> CorporateGroup:
    return CorporateGroupFactory(name="Other Group")


def _coordinator(django_user_model: Any, username: str, entity: GroupEntity | None) -> Any:
    user = django_user_model.objects.create_user(username=username, is_staff=True)
    user.groups.add(Group.objects.get(name=COORDINATOR_GROUP))
    if entity is not None:
        entity.coordinators.add(user)
    return user


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("dpo", 200),
        ("legal", 200),
        ("coordinator of the group", 200),
        ("coordinator of another group", 404),
        ("coordinator without entity", 404),
        ("staff without role", 404),
        ("inactive dpo", 302),
        ("anonymous", 302),
    ],
)
def test_document_download_is_for_those_who_may_see_the_application(
    stored: BCRDocumentVersion,
    group: CorporateGroup,
    other_group: CorporateGroup,
    dpo_user: Any,
    legal_user: Any,
    django_user_model: Any,
    client: Any,
    who: str,
    status: int,
) -> None:
    users = {
        "dpo": lambda: dpo_user,
        "legal": lambda: legal_user,
        "coordinator of the group": lambda: _coordinator(
            django_user_model, "c1", GroupEntity.objects.filter(group=group).first()
        ),
        "coordinator of another group": lambda: _coordinator(
            django_user_model, "c2", GroupEntityFactory(group=other_group)
        ),
        "coordinator without entity": lambda: _coordinator(django_user_model, "c3", None),
        "staff without role": lambda: django_user_model.objects.create_user(
            username="s1", is_staff=True
        ),
    }
    if who == "inactive dpo":
        dpo_user.is_active = False
        dpo_user.save()
        client.force_login(dpo_user)
    elif who != "anonymous":
        client.force_login(users[who]())

    response = client.get(_download_url(stored))

    assert response.status_code == status
    if status == 302:
        assert response["Location"].startswith(reverse("admin:login"))


def test_download_of_a_missing_or_link_only_version_is_not_found(
    application: BCRApplication, dpo_user: Any, client_for: Any
) -> None:
    link_only = bcr.record_document_version(
        application=application,
        kind="annex",
        language="en",
        label="link",
        created_on=date(2021, 6, 1),
        url="https://example.com/bcr.pdf",
    )
    client = client_for(dpo_user)

    statuses = [
        client.get(_download_url(link_only)).status_code,
        client.get(reverse("bcr-document-download", args=[999999])).status_code,
    ]

    assert statuses == [404, 404]
