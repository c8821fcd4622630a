"""Which files a BCR document version may be: an allow-list checked on the content.

An application's documents are sent to and received from authorities: PDFs, Office and
OpenDocument files, images and plain text. Anything else (HTML, SVG, which can carry script,
executables, archives) is refused, and so is a file whose content is not what its name says:
the name's extension must be on the list *and* the first bytes must match it (the magic numbers
of PDF, PNG, JPEG, GIF, TIFF, WebP and OLE2; for the zip-based Office Open XML and OpenDocument
files, the package parts that make them one). Plain text must be UTF-8 without control bytes and
must not be markup. The size limit is ``settings.BCR_DOCUMENT_MAX_BYTES``.

Legacy Office files (.doc, .xls, .ppt) share the OLE2 container: the container is checked, not
which of the three it holds. Files are served as attachments with ``nosniff`` whatever they are
(``compliance.bcr.views``), so a browser never renders one inline.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePath
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError

# Read this much of the start of a file to recognise it.
HEAD_BYTES = 4096
TEXT_CONTROL = set(range(0x00, 0x09)) | {0x0B} | set(range(0x0E, 0x20)) | {0x7F}
MARKUP_STARTS = (b"<!doctype", b"<html", b"<svg", b"<?xml", b"<script", b"<head", b"<body")


@dataclass(frozen=True)
class DocumentType:
    content_type: str
    what: str
    matches: Callable[[bytes, IO[bytes]], bool]


def _starts(*magics: bytes) -> Callable[[bytes, IO[bytes]], bool]:
    return lambda head, _file: head.startswith(magics)


def _webp(head: bytes, _file: IO[bytes]) -> bool:
    return head.startswith(b"RIFF") and head[8:12] == b"WEBP"


def _ooxml(main_part: str) -> Callable[[bytes, IO[bytes]], bool]:
    def matches(head: bytes, file: IO[bytes]) -> bool:
        names = _zip_names(head, file)
        return names is not None and "[Content_Types].xml" in names and main_part in names

    return matches


def _odf(mimetype: str) -> Callable[[bytes, IO[bytes]], bool]:
    # The OpenDocument package starts with an uncompressed "mimetype" member (ODF 1.2 §3.3).
    def matches(head: bytes, file: IO[bytes]) -> bool:
        if _zip_names(head, file) is None:
            return False
        file.seek(0)
        try:
            with zipfile.ZipFile(file) as archive, archive.open("mimetype") as member:
                return member.read(100).strip() == mimetype.encode()
        except (KeyError, zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError):
            return False

    return matches


def _zip_names(head: bytes, file: IO[bytes]) -> set[str] | None:
    if not head.startswith(b"PK\x03\x04"):
        return None
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive:
            return set(archive.namelist())
    except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError):
        return None


def _text(head: bytes, file: IO[bytes]) -> bool:
    file.seek(0)
    data = file.read()
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return not (set(data) & TEXT_CONTROL)


OLE2 = _starts(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
PDF = DocumentType("application/pdf", "a PDF document", _starts(b"%PDF-"))
PNG = DocumentType("image/png", "a PNG image", _starts(b"\x89PNG\r\n\x1a\n"))
JPEG = DocumentType("image/jpeg", "a JPEG image", _starts(b"\xff\xd8\xff"))
TEXT = DocumentType("text/plain; charset=utf-8", "plain text", _text)
_OOXML = "application/vnd.openxmlformats-officedocument."
_ODF = "application/vnd.oasis.opendocument."

ALLOWED: dict[str, DocumentType] = {
    ".pdf": PDF,
    ".png": PNG,
    ".jpg": JPEG,
    ".jpeg": JPEG,
    ".gif": DocumentType("image/gif", "a GIF image", _starts(b"GIF87a", b"GIF89a")),
    ".tif": DocumentType("image/tiff", "a TIFF image", _starts(b"II*\x00", b"MM\x00*")),
    ".tiff": DocumentType("image/tiff", "a TIFF image", _starts(b"II*\x00", b"MM\x00*")),
    ".webp": DocumentType("image/webp", "a WebP image", _webp),
    ".txt": TEXT,
    ".csv": DocumentType("text/csv; charset=utf-8", "plain text", _text),
    ".docx": DocumentType(
        _OOXML + "wordprocessingml.document",
        "a Word document (.docx)",
        _ooxml("word/document.xml"),
    ),
    ".xlsx": DocumentType(
        _OOXML + "spreadsheetml.sheet", "an Excel workbook (.xlsx)", _ooxml("xl/workbook.xml")
    ),
    ".pptx": DocumentType(
        _OOXML + "presentationml.presentation",
        "a PowerPoint presentation (.pptx)",
        _ooxml("ppt/presentation.xml"),
    ),
    ".doc": DocumentType("application/msword", "a Word document (.doc)", OLE2),
    ".xls": DocumentType("application/vnd.ms-excel", "an Excel workbook (.xls)", OLE2),
    ".ppt": DocumentType("application/vnd.ms-powerpoint", "a PowerPoint presentation (.ppt)", OLE2),
    ".odt": DocumentType(_ODF + "text", "an OpenDocument text (.odt)", _odf(_ODF + "text")),
    ".ods": DocumentType(
        _ODF + "spreadsheet",
        "an OpenDocument spreadsheet (.ods)",
        _odf(_ODF + "spreadsheet"),
    ),
    ".odp": DocumentType(
        _ODF + "presentation",
        "an OpenDocument presentation (.odp)",
        _odf(_ODF + "presentation"),
    ),
}


def max_bytes() -> int:
    return int(settings.BCR_DOCUMENT_MAX_BYTES)


def document_type(name: str, file: IO[bytes]) -> DocumentType:
    """The allow-listed type of the file called ``name``, judged on its content; raises
    ``ValidationError`` with a reason a user can act on."""
    base = PurePath(name).name
    suffix = PurePath(base).suffix.lower()
    if not suffix:
        raise ValidationError(f"{base}: a file name with an extension is required.")
    allowed = ALLOWED.get(suffix)
    if allowed is None:
        raise ValidationError(f"{base}: {suffix} files are not accepted.")
    file.seek(0)
    head = file.read(HEAD_BYTES)
    if allowed.what == "plain text" and head.lstrip().lower().startswith(MARKUP_STARTS):
        raise ValidationError(f"{base}: the content is HTML or XML markup, not plain text.")
    try:
        ok = allowed.matches(head, file)
    finally:
        file.seek(0)
    if not ok:
        raise ValidationError(f"{base}: the content is not {allowed.what}.")
    return allowed


def validate_document(file: Any) -> None:
    """An uploaded file (form field or service): the size limit, then the allow-list."""
    name = str(getattr(file, "name", "") or "")
    size = int(getattr(file, "size", 0) or 0)
    limit = max_bytes()
    if size > limit:
        raise ValidationError(
            f"{PurePath(name).name}: the file has {size:,} bytes; the limit is {limit:,} bytes "
            f"({readable_size(limit)})."
        )
    document_type(name, file)


def readable_size(size: int) -> str:
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def served_content_type(name: str, file: IO[bytes]) -> str:
    """The content type to serve a stored file with: its allow-listed type if its content
    still matches, else an opaque download."""
    try:
        return document_type(name, file).content_type
    except ValidationError:
        return "application/octet-stream"
