"""A material's type is read from its bytes: accepted types, refused ones, and « disguised » files
whose name announces another type than their bytes."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from supports import files
from supports.tests import samples


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("diapositives.pdf", samples.pdf_bytes(), "pdf"),
        ("Diapositives.PDF", samples.pdf_bytes(), "pdf"),
        ("presentation.pptx", samples.office_bytes("pptx"), "pptx"),
        ("texte.docx", samples.office_bytes("docx"), "docx"),
        ("classeur.xlsx", samples.xlsx_bytes(), "xlsx"),
        ("presentation.odp", samples.opendocument_bytes("odp"), "odp"),
        ("texte.odt", samples.opendocument_bytes("odt"), "odt"),
        ("classeur.ods", samples.opendocument_bytes("ods"), "ods"),
        ("sans-extension", samples.pdf_bytes(), "pdf"),
        ("rapport.final", samples.pdf_bytes(), "pdf"),  # « .final » announces no type
    ],
)
def test_accepted_types_are_read_from_the_bytes(name, data, expected):
    assert files.inspect(name, data).file_type == expected


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("page.html", samples.HTML, files.REFUSED_TYPE),
        ("programme.exe", samples.EXE, files.REFUSED_TYPE),
        ("photo.png", samples.png_bytes(), files.REFUSED_TYPE),
        ("dossier.zip", samples.zip_bytes(), files.REFUSED_TYPE),
        ("vide.pdf", b"", files.REFUSED_TYPE),
        ("ancien.ppt", samples.OLE2_PPT, files.OLD_OFFICE),
        ("macros.pptm", samples.office_bytes("pptm"), files.MACROS),
        ("macros.pptx", samples.office_bytes("pptx", extra=["ppt/vbaProject.bin"]), files.MACROS),
        ("macros.odt", samples.opendocument_bytes("odt", extra=["Basic/Standard/Module1.xml"]), files.MACROS),
        ("coupe.pdf", samples.pdf_bytes()[:-600] + b"x" * 1100, files.DAMAGED_PDF),
        ("faux.pptx", b"PK\x03\x04" + b"\x00" * 100, files.REFUSED_TYPE),
    ],
)
def test_other_types_are_refused_in_french(name, data, message):
    with pytest.raises(files.Refused) as refused:
        files.inspect(name, data)
    assert str(refused.value) == message


@pytest.mark.parametrize(
    ("name", "data", "claimed", "actual"),
    [
        ("page.pdf", samples.HTML, None, None),  # HTML is no accepted type at all
        ("photo.pdf", samples.png_bytes(), None, None),
        ("dossier.pptx", samples.zip_bytes(), None, None),
        ("programme.pdf", samples.EXE, None, None),
        ("diapositives.exe", samples.pdf_bytes(), "exe", "un PDF"),
        ("diapositives.docx", samples.pdf_bytes(), "docx", "un PDF"),
        ("texte.pdf", samples.office_bytes("docx"), "pdf", "un document Word (.docx)"),
        ("classeur.html", samples.xlsx_bytes(), "html", "un classeur Excel (.xlsx)"),
    ],
)
def test_disguised_files_are_refused(name, data, claimed, actual):
    with pytest.raises(files.Refused) as refused:
        files.inspect(name, data)
    if claimed is None:
        assert str(refused.value) == files.REFUSED_TYPE
    else:
        assert str(refused.value) == files.DISGUISED.format(claimed=claimed, actual=actual)


def test_an_archive_with_too_large_a_content_types_part_is_refused_unread():
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", b" " * (files.MAX_PART_BYTES + 1))  # a few KiB compressed
    with pytest.raises(files.Refused) as refused:
        files.inspect("bombe.docx", out.getvalue())
    assert str(refused.value) == files.REFUSED_TYPE


@given(st.binary(max_size=4096), st.sampled_from(["a.pdf", "a.pptx", "a", "a.exe", "a.odt"]))
def test_any_bytes_are_accepted_or_refused_in_french_never_an_error(data, name):
    try:
        found = files.inspect(name, data)
    except files.Refused as refused:
        assert str(refused) in {files.REFUSED_TYPE, files.OLD_OFFICE, files.MACROS, files.DAMAGED_PDF} or str(
            refused
        ).startswith("Le nom de ce fichier annonce")
    else:
        assert found.file_type in files.CONTENT_TYPES


@given(st.binary(max_size=2048))
def test_any_bytes_after_a_zip_signature_are_accepted_or_refused(data):
    try:
        found = files.file_type_of(b"PK\x03\x04" + data)
    except files.Refused as refused:
        assert str(refused) in {files.REFUSED_TYPE, files.MACROS}
    else:
        assert found in files.CONTENT_TYPES
