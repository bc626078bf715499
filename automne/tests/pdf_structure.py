"""A PDF's tags (its structure tree) as a person's screen reader would get them: read by poppler's pdfinfo,
and the alternative texts of its figures by pypdf."""

import io
import subprocess
import tempfile

from pypdf import PdfReader


def tagged_structure(pdf):
    """[(type, text)] of the document's tags, as poppler's pdfinfo reads them (-struct-text), and whether
    pdfinfo calls the PDF tagged."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        file.write(pdf)
        file.flush()
        return _read(file.name)


def _read(path):
    info = subprocess.run(["pdfinfo", path], capture_output=True, text=True, check=True).stdout
    lines = subprocess.run(
        ["pdfinfo", "-struct-text", path], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    assert lines[0] == "Document"
    elements = []
    for line in lines[1:]:
        if line.startswith("    "):
            elements[-1][1] += line.strip()[1:-1]
        else:
            elements.append([line.strip().removesuffix(" (block)"), ""])
    return [tuple(element) for element in elements], "Tagged:          yes" in info


def figure_alt_texts(pdf):
    document = PdfReader(io.BytesIO(pdf)).trailer["/Root"]["/StructTreeRoot"]["/K"][0].get_object()
    return [kid.get_object().get("/Alt") for kid in document["/K"] if kid.get_object()["/S"] == "/Figure"]
