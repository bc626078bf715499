"""The whole cahier, to print, as a PDF (with its drawings) and as Markdown."""

import io
import logging
import re
import zipfile

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from automne.french import NBSP, format_date, typography
from cahier.models import Drawing, Level, Page
from cahier.notebooks import edition_or_404
from cahier.pdf import pdf_bytes
from cahier.writing import whole_cahier

faults = logging.getLogger("automne.faults")  # server faults the site recovers from, mailed to ADMINS


def export_context(user, edition):
    """One notebook: `user`'s of `edition`."""
    return {
        "views": whole_cahier(user, edition, with_comments=True),
        "levels": Level.objects.filter(edition=edition),
        "drawings": Drawing.objects.filter(user=user, edition=edition),
        "owner": user,
        "edition": edition,
        "printed_on": timezone.localdate(),
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


# Participants' words in the Markdown export are text, never structure: every character that could start a
# link, an emphasis, HTML or a table is backslash-escaped, and so is whatever could open a block at the start
# of a line (heading, quote, list, setext underline); a bare address cannot turn into a link.
# Linear on any text: a line's indentation is spaces and tabs only, matched possessively, so no pattern
# reaches across lines or tries a run twice (audit F2: `^(\s*)` crossed 20 000 newlines, 23 s for one export).
INLINE = re.compile(r"([\\`*_\[\]<>&~|!])")
LINE_START = re.compile(r"^([ \t]*+)([#>+=*-])", re.MULTILINE)
ORDERED = re.compile(r"^([ \t]*+[0-9]++)([.)])", re.MULTILINE)
BARE_LINK = re.compile(r"(?i)\b(?:https?|ftp|mailto):|\bwww\.|@")
# A dot between two letters or digits could end a bare domain (« exemple.org », which some renderers link):
# escaped, it splits the word so that no renderer sees a domain.
DOMAIN_DOT = re.compile(r"(?<=\w)\.(?=\w)")
# An indented line would open a code block, where the escapes above would show: its first space or tab is
# written as a character reference, which reads the same and indents nothing.
INDENT = re.compile(r"^[ \t]", re.MULTILINE)
INDENT_REFERENCES = {" ": "&#32;", "\t": "&#9;"}


def hard_breaks(text):
    """A participant's line break within a paragraph stays a line break: a backslash at the end of the line
    (CommonMark's hard break, rendered as <br> by markdown-it and GitHub alike, and kept by editors that
    trim trailing spaces). A blank line still separates paragraphs. Any backslash of the text is escaped
    already, so the one added here is the only one that ends its line."""
    lines = text.split("\n")
    for index in range(len(lines) - 1):
        if lines[index] and lines[index + 1]:
            lines[index] += "\\"
    return "\n".join(lines)


def escape_markdown(text):
    # A carriage return ends a line in Markdown as a line feed does: one kind of line end, so « ^ » sees each.
    text = INLINE.sub(r"\\\1", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = LINE_START.sub(r"\1\\\2", text)
    text = ORDERED.sub(r"\1\\\2", text)
    text = INDENT.sub(lambda match: INDENT_REFERENCES[match[0]], text)
    text = BARE_LINK.sub(lambda match: match[0][:-1] + "\\" + match[0][-1], text)
    return hard_breaks(DOMAIN_DOT.sub(r"\.", text))


def markdown_text(context):
    # What organizers typed (the cahier's structure) is typeset as the site shows it (automne.french.typography:
    # it keeps URLs and `code` as typed); what participants wrote is escaped, never rewritten.
    owner = escape_markdown(str(context["owner"]))
    lines = ["# " + _("Cahier réflexif — %(name)s") % {"name": owner}, "", edition_line(context["edition"]), ""]
    for view in context["views"]:
        page = view.page
        lines += [f"## {typography(str(page))}", ""]
        if page.introduction:
            lines += [typography(page.introduction), ""]
        if page.kind == Page.Kind.INTRODUCTION:
            lines += [
                f"- **{typography(level.intro_label)}**{NBSP}: {typography(level.intro_text)}"
                for level in context["levels"]
            ] + [""]
        if page.kind == Page.Kind.DRAWINGS:
            image = _("Image : %(caption)s")
            lines += [
                "- " + image % {"caption": escape_markdown(drawing.caption)} for drawing in context["drawings"]
            ] + [""]
        if view.case_study:
            title = view.case_study.title
            lines += [
                _("Étude de cas choisie : %(title)s")
                % {"title": title if view.case_study.is_in_english else typography(title)},
                "",
            ]
        for entry in view.entries:
            lines += [f"### {typography(entry.prompt.heading)}", ""]
            lines += [f"> {typography(line)}" for q in entry.prompt.guiding_questions.all() for line in q.lines]
            if entry.prompt.guiding_questions.all():
                lines.append("")
            lines += [escape_markdown(entry.text) if entry.text else "*" + _("(sans réponse)") + "*", ""]
            lines += comment_lines(entry.comments)
        lines += comment_lines(view.comments)
    return "\n".join(lines).rstrip() + "\n"


def comment_lines(comments):
    lines = []
    for comment in comments:
        if not comment.is_removed:
            author = escape_markdown(comment.author_name)
            label = "**" + _("Commentaire de %(author)s") % {"author": author} + "**"
            lines += [f"{label}{NBSP}: {escape_markdown(comment.text)}", ""]
    return lines


@login_required
@require_safe
def markdown(request, edition):
    context = export_context(request.user, edition_or_404(edition))
    return download(markdown_text(context), "text/markdown; charset=utf-8", filename(context["edition"], "md"))


@login_required
@require_safe
def pdf(request, edition):
    context = export_context(request.user, edition_or_404(edition))
    return download(pdf_bytes(context), "application/pdf", filename(context["edition"], "pdf"))


FAILED_NOTEBOOKS = "cahiers-non-produits.txt"


def notebooks_zip(edition, owners):
    """One PDF per notebook, named after its owner, in one ZIP. A notebook whose PDF cannot be made never
    keeps the others out: the ZIP holds FAILED_NOTEBOOKS, which names it and says why, and the fault is
    reported to the technical team."""
    buffer = io.BytesIO()
    failed = []
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for owner in owners:
            name = slugify(owner.get_full_name() or owner.email.split("@")[0]) or "cahier"
            try:
                content = pdf_bytes(export_context(owner, edition))
            except Exception as fault:  # any fault of one notebook: the others still go out
                faults.error("PDF du cahier de %s (compte %s) non produit", owner.email, owner.pk, exc_info=fault)
                failed.append(f"{owner.get_full_name() or owner.email} ({owner.email}){NBSP}: {failure_reason(fault)}")
                continue
            archive.writestr(f"{name}-{owner.pk}.pdf", content)
        if failed:
            archive.writestr(FAILED_NOTEBOOKS, failed_notebooks_note(edition, failed, len(owners)))
    return buffer.getvalue()


def failure_reason(fault):
    if isinstance(fault, OSError):
        return _("un fichier du cahier (une image) n'a pas pu être lu.")
    return _("erreur inattendue pendant la mise en page (%(error)s).") % {"error": type(fault).__name__}


def failed_notebooks_note(edition, failed, total):
    lines = [
        _("%(edition)s : cahiers partagés, PDF produits le %(day)s.")
        % {"edition": edition.name, "day": format_date(timezone.localdate())},
        "",
        _(
            "%(failed)s cahier(s) sur %(total)s n'ont pas pu être produits en PDF ; les %(others)s "
            "autres sont dans ce fichier ZIP. L'équipe technique a été avertie."
        )
        % {"failed": len(failed), "total": total, "others": total - len(failed)},
        "",
        *failed,
    ]
    return "\r\n".join(lines) + "\r\n"
