"""Real files for the tests: a PDF made by fpdf2, an Excel workbook made by openpyxl, Office and
OpenDocument archives laid out as their specifications say, and files that are none of these."""

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from fpdf import FPDF
from openpyxl import Workbook

from cahier.tests.images import png_bytes  # noqa: F401 (the tests take every sample from here)

OFFICE_MAIN = {
    "pptx": (
        "ppt/presentation.xml",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
    ),
    "docx": ("word/document.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"),
    "pptm": ("ppt/presentation.xml", "application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml"),
}
OPENDOCUMENT = {
    "odp": "application/vnd.oasis.opendocument.presentation",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
}


def pdf_bytes(text="Diapositives de la conférence", pages=1):
    document = FPDF()
    for _ in range(pages):
        document.add_page()
        document.set_font("helvetica", size=14)
        document.cell(text=text)
    return bytes(document.output())


def xlsx_bytes():
    book = Workbook()
    book.active["A1"] = "Données"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def office_bytes(kind, extra=()):
    """A .pptx, .docx or (with its macro-enabled content type) .pptm archive."""
    part, content_type = OFFICE_MAIN[kind]
    types = (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        f'<Override PartName="/{part}" ContentType="{content_type}"/></Types>'
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", types)
        archive.writestr(part, "<x/>")
        for name in extra:
            archive.writestr(name, b"\x00" * 16)
    return out.getvalue()


def opendocument_bytes(kind, extra=()):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), OPENDOCUMENT[kind], compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", "<office:document-content/>", compress_type=zipfile.ZIP_DEFLATED)
        for name in extra:
            archive.writestr(name, "<x/>")
    return out.getvalue()


def zip_bytes():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("notes.txt", "Un simple dossier compressé")
    return out.getvalue()


HTML = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200
OLE2_PPT = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500


def upload(name, data, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, data, content_type=content_type)
