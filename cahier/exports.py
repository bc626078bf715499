"""The whole cahier, to print, as a PDF (with its drawings) and as Markdown."""

import io
import zipfile

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.text import slugify
from django.views.decorators.http import require_safe
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from automne.pdf import add_dejavu
from cahier.models import Drawing, Level, Page
from cahier.notebooks import edition_or_404
from cahier.writing import whole_cahier


def export_context(user, edition):
    """One notebook: `user`'s of `edition`."""
    return {
        "views": whole_cahier(user, edition, with_comments=True),
        "levels": Level.objects.filter(edition=edition),
        "drawings": Drawing.objects.filter(user=user, edition=edition),
        "owner": user,
        "edition": edition,
    }


def edition_line(edition):
    """« École d'automne … (2025), du lundi 20 octobre 2025 au vendredi 24 octobre 2025 »."""
    return f"{edition.name}, {edition.date_range_label()}"


def filename(edition, extension):
    return f"cahier-reflexif-{edition.slug}.{extension}"


def download(content, content_type, filename):
    return HttpResponse(
        content, content_type=content_type, headers={"Content-Disposition": f'attachment; filename="{filename}"'}
    )


@login_required
@require_safe
def print_view(request, edition):
    return render(request, "cahier/print.html", export_context(request.user, edition_or_404(edition)))


def markdown_text(context):
    lines = [f"# Cahier réflexif — {context['owner']}", "", edition_line(context["edition"]), ""]
    for view in context["views"]:
        page = view.page
        lines += [f"## {page}", ""]
        if page.introduction:
            lines += [page.introduction, ""]
        if page.kind == Page.Kind.INTRODUCTION:
            lines += [f"- **{level.intro_label}** : {level.intro_text}" for level in context["levels"]] + [""]
        if page.kind == Page.Kind.DRAWINGS:
            lines += [f"- Image : {drawing.caption}" for drawing in context["drawings"]] + [""]
        if view.case_study:
            lines += [f"Étude de cas choisie : {view.case_study.title}", ""]
        for entry in view.entries:
            lines += [f"### {entry.prompt.heading}", ""]
            lines += [f"> {line}" for q in entry.prompt.guiding_questions.all() for line in q.lines]
            if entry.prompt.guiding_questions.all():
                lines.append("")
            lines += [entry.text or "*(sans réponse)*", ""]
        for comment in view.comments:
            lines += [f"**Commentaire de l'équipe pédagogique** : {comment.text}", ""]
    return "\n".join(lines).rstrip() + "\n"


@login_required
@require_safe
def markdown(request, edition):
    context = export_context(request.user, edition_or_404(edition))
    return download(markdown_text(context), "text/markdown; charset=utf-8", filename(context["edition"], "md"))


class CahierPDF(FPDF):
    def footer(self):
        self.set_y(-15)
        self.set_font("DejaVu", size=8)
        self.cell(0, 10, f"{self.page_no()}", align="C")


def pdf_bytes(context):
    pdf = CahierPDF(format="Letter")
    add_dejavu(pdf)
    pdf.set_auto_page_break(True, margin=20)
    pdf.set_title("Cahier réflexif du participant")
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 20)
    pdf.multi_cell(0, 10, "Cahier réflexif du participant", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font("DejaVu", size=11)
    pdf.multi_cell(0, 6, str(context["owner"]), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.multi_cell(0, 6, edition_line(context["edition"]), new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def heading(text, size):
        pdf.ln(3)
        pdf.set_font("DejaVu", "B", size)
        pdf.multi_cell(0, size * 0.5, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_font("DejaVu", size=11)

    def para(text):
        pdf.multi_cell(0, 6, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(2)

    for view in context["views"]:
        page = view.page
        heading(str(page), 16)
        if page.introduction:
            para(page.introduction)
        if page.kind == Page.Kind.INTRODUCTION:
            for level in context["levels"]:
                para(f"{level.intro_label} : {level.intro_text}")
        if page.kind == Page.Kind.DRAWINGS:
            for drawing in context["drawings"]:
                with drawing.image.open("rb") as file:
                    data = io.BytesIO(file.read())
                width = min(170, drawing.width * 0.26) if drawing.width else 170
                pdf.image(data, w=width, alt_text=drawing.caption)
                para(drawing.caption)
        if view.case_study:
            para(f"Étude de cas choisie : {view.case_study.title}")
        for entry in view.entries:
            heading(entry.prompt.plain_heading, 12)
            for question in entry.prompt.guiding_questions.all():
                para(f"• {question.text}")
            para(entry.text or "(sans réponse)")
        for comment in view.comments:
            para(f"Commentaire de l'équipe pédagogique : {comment.text}")
    return bytes(pdf.output())


@login_required
@require_safe
def pdf(request, edition):
    context = export_context(request.user, edition_or_404(edition))
    return download(pdf_bytes(context), "application/pdf", filename(context["edition"], "pdf"))


def notebooks_zip(edition, owners):
    """One PDF per notebook, named after its owner, in one ZIP."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for owner in owners:
            name = slugify(owner.get_full_name() or owner.email.split("@")[0]) or "cahier"
            archive.writestr(f"{name}-{owner.pk}.pdf", pdf_bytes(export_context(owner, edition)))
    return buffer.getvalue()
