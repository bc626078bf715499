"""What a material's file is, read from its bytes, never from its name: PDF, or the Office and
OpenDocument formats of slides, texts and spreadsheets. Anything else is refused, and so is a file
whose name says another type than its bytes (a « disguised » file).

- PDF: « %PDF- » in its first 1024 bytes and « %%EOF » in its last 1024 (a file cut short fails).
- Office (.pptx, .docx, .xlsx): a ZIP whose « [Content_Types].xml » names the main part; the
  macro-enabled variants (.pptm, .docm, .xlsm: a « vbaProject.bin ») are refused.
- OpenDocument (.odp, .odt, .ods): a ZIP whose first entry, « mimetype », says which.

Bounded work whatever the bytes: at most the first and last KiB are read for a PDF; for a ZIP, its
directory (at most MAX_ENTRIES entries) and one small entry, read up to MAX_PART_BYTES, never the
whole archive decompressed.
"""

import io
import re
import zipfile
from dataclasses import dataclass

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy

from supports.models import FileType

MAX_ENTRIES = 20_000
MAX_PART_BYTES = 1024 * 1024

CONTENT_TYPES = {
    FileType.PDF: "application/pdf",
    FileType.PPTX: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    FileType.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    FileType.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    FileType.ODP: "application/vnd.oasis.opendocument.presentation",
    FileType.ODT: "application/vnd.oasis.opendocument.text",
    FileType.ODS: "application/vnd.oasis.opendocument.spreadsheet",
}
# The main part of each Office document, as [Content_Types].xml names it.
OFFICE_MAIN_PARTS = {
    "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml": FileType.PPTX,
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": FileType.DOCX,
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": FileType.XLSX,
}
OPENDOCUMENT = {CONTENT_TYPES[kind]: kind for kind in (FileType.ODP, FileType.ODT, FileType.ODS)}
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .ppt, .doc, .xls before 2007
EXTENSION = re.compile(r"\.([A-Za-z0-9]{1,10})$")
# What a name's ending must be to announce a type: ours, and the usual others. « rapport.final » or
# « notes.v2 » announce nothing.
KNOWN_EXTENSIONS = {kind.value for kind in FileType} | {
    *[
        "ppt",
        "pps",
        "ppsx",
        "pptm",
        "doc",
        "docm",
        "dot",
        "dotx",
        "xls",
        "xlsm",
        "xlsb",
        "csv",
        "txt",
        "rtf",
        "md",
        "odg",
        "odf",
        "key",
        "pages",
        "numbers",
    ],
    *[
        "png",
        "jpg",
        "jpeg",
        "gif",
        "webp",
        "svg",
        "heic",
        "tif",
        "tiff",
        "bmp",
        "ico",
        "mp3",
        "mp4",
        "m4a",
        "mov",
        "avi",
        "mkv",
        "webm",
        "wav",
    ],
    *[
        "zip",
        "rar",
        "7z",
        "gz",
        "tgz",
        "tar",
        "bz2",
        "xz",
        "iso",
        "dmg",
        "exe",
        "msi",
        "bat",
        "cmd",
        "com",
        "scr",
        "ps1",
        "sh",
        "jar",
        "apk",
        "app",
    ],
    *["html", "htm", "xhtml", "xml", "js", "mjs", "json", "php", "py", "rb", "pl", "swf"],
}

# The messages: lazy, in the language of the page that shows them (the msgids hold U+00A0).
ACCEPTED = gettext_lazy("PDF, PowerPoint (.pptx), Word (.docx), Excel (.xlsx) ou OpenDocument (.odp, .odt, .ods)")
REFUSED_TYPE = format_lazy(
    gettext_lazy("Ce type de fichier n'est pas accepté : envoyez un fichier {accepted}."), accepted=ACCEPTED
)
OLD_OFFICE = gettext_lazy(
    "Les anciens formats d'Office (.ppt, .doc, .xls) ne sont pas acceptés : enregistrez le document en PDF "
    "ou en .pptx, .docx ou .xlsx."
)
MACROS = gettext_lazy("Ce document contient des macros : enregistrez-le sans macros (.pptx, .docx, .xlsx) ou en PDF.")
DISGUISED = gettext_lazy(
    "Le nom de ce fichier annonce un fichier .{claimed}, mais son contenu est {actual} : "
    "choisissez le bon fichier ou corrigez son nom."
)
DAMAGED_PDF = gettext_lazy("Ce PDF est incomplet ou endommagé : exportez-le de nouveau, puis réessayez.")
ARTICLES = {
    FileType.PDF: gettext_lazy("un PDF"),
    FileType.PPTX: gettext_lazy("une présentation PowerPoint (.pptx)"),
    FileType.DOCX: gettext_lazy("un document Word (.docx)"),
    FileType.XLSX: gettext_lazy("un classeur Excel (.xlsx)"),
    FileType.ODP: gettext_lazy("une présentation OpenDocument (.odp)"),
    FileType.ODT: gettext_lazy("un texte OpenDocument (.odt)"),
    FileType.ODS: gettext_lazy("un classeur OpenDocument (.ods)"),
}


class Refused(ValueError):
    """A file we do not keep, with the reason (translated, lazily: str() in the language of the page)."""


@dataclass(frozen=True)
class Inspected:
    file_type: str

    @property
    def content_type(self):
        return CONTENT_TYPES[self.file_type]


def content_type(file_type):
    return CONTENT_TYPES.get(file_type, "application/octet-stream")


def file_type_of(data):
    """The FileType of `data` (bytes), read from its bytes; Refused for anything else."""
    if data.startswith(OLE2):
        raise Refused(OLD_OFFICE)
    if data.startswith(b"PK\x03\x04"):  # a ZIP, whatever else it holds
        return _zip_type(data)
    if b"%PDF-" in data[:1024]:
        if b"%%EOF" not in data[-1024:]:
            raise Refused(DAMAGED_PDF)
        return FileType.PDF
    raise Refused(REFUSED_TYPE)


def _zip_type(data):
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
        if len(entries) > MAX_ENTRIES:
            raise Refused(REFUSED_TYPE)
        names = {entry.filename.lower() for entry in entries}
        if any("vbaproject" in name or name.startswith("basic/") for name in names):  # Office's, OpenDocument's
            raise Refused(MACROS)
        if entries and entries[0].filename == "mimetype":
            found = OPENDOCUMENT.get(_read_small(archive, entries[0]).decode("ascii", "replace").strip())
            if found:
                return found
        if "[content_types].xml" in names:
            entry = next(e for e in entries if e.filename.lower() == "[content_types].xml")
            declared = _read_small(archive, entry).decode("utf-8", "replace").lower()
            if "macroenabled" in declared:
                raise Refused(MACROS)
            for main_part, kind in OFFICE_MAIN_PARTS.items():
                if main_part in declared:
                    return kind
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError, EOFError, ValueError) as exc:
        if isinstance(exc, Refused):
            raise
        raise Refused(REFUSED_TYPE) from exc
    raise Refused(REFUSED_TYPE)


def _read_small(archive, entry):
    """An entry's bytes, at most MAX_PART_BYTES of them decompressed (a larger one is not what we look for)."""
    if entry.file_size > MAX_PART_BYTES:
        raise Refused(REFUSED_TYPE)
    with archive.open(entry) as part:
        content = part.read(MAX_PART_BYTES + 1)
    if len(content) > MAX_PART_BYTES:
        raise Refused(REFUSED_TYPE)
    return content


def inspect(name, data):
    """What the file `name` holding `data` is; Refused if its bytes are of no accepted type, or its
    name announces another type than its bytes."""
    kind = file_type_of(data)
    match = EXTENSION.search(name or "")
    claimed = match.group(1).lower() if match else ""
    if claimed in KNOWN_EXTENSIONS and claimed != kind:
        raise Refused(DISGUISED.format(claimed=claimed, actual=ARTICLES[kind]))
    return Inspected(kind)
