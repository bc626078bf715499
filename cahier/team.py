"""The teaching team reads the notebooks shared with it (read-only, one edition each) and comments per theme."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from cahier import comments, dashboard
from cahier.drawings import serve
from cahier.exports import download, notebooks_zip
from cahier.forms import CommentForm
from cahier.models import COMMENT_MAX_LENGTH, Drawing, Level, Notebook, Page
from cahier.notebooks import edition_or_404
from cahier.sharing import is_teaching_team, shared_notebook_owner_or_none
from cahier.writing import whole_cahier
from programme import editions
from programme.models import Edition


def team_member_or_404(user):
    if not is_teaching_team(user):
        raise Http404


def shared_owner_or_404(reader, user_id, edition):
    owner = shared_notebook_owner_or_none(reader, user_id, edition)
    if owner is None or owner.pk == reader.pk:
        raise Http404
    return owner


def read_url(edition, owner):
    return reverse("cahier:team_read", kwargs={"edition": edition.slug, "user_id": owner.pk})


@login_required
@require_safe
def index(request, edition=None):
    """The dashboard of an edition (the current one at /cahier/equipe/): every notebook shared with the team."""
    team_member_or_404(request.user)
    edition = editions.shown(edition)
    sort = request.GET.get("tri") if request.GET.get("tri") in dashboard.SORTS else "nom"
    kind = request.GET.get("inscription") if request.GET.get("inscription") in dashboard.KINDS else ""
    context = {
        "edition": edition,
        "rows": dashboard.rows(request.user, edition, sort=sort, kind=kind),
        "sort": sort,
        "kind": kind,
        "sorts": dashboard.SORTS,
        "kinds": dashboard.KINDS,
        "other_editions": Edition.objects.filter(notebooks__shared_with_team=True)
        .exclude(pk=edition.pk)
        .distinct()
        .order_by("-starts_on"),
    }
    return render(request, "cahier/team_index.html", context)


@login_required
@require_safe
def zip_export(request, edition):
    """Every notebook of the edition shared with the team, one PDF each, in one ZIP (for grading)."""
    team_member_or_404(request.user)
    edition = editions.shown(edition)
    owners = [row.owner for row in dashboard.rows(request.user, edition)]
    if not owners:
        return render(request, "cahier/team_zip_empty.html", {"edition": edition}, status=404)
    return download(notebooks_zip(edition, owners), "application/zip", f"cahiers-partages-{edition.slug}.zip")


@login_required
@require_safe
def to_shared_notebook(request, user_id):
    """/cahier/equipe/<id>/, served before editions: the newest notebook that person shared."""
    team_member_or_404(request.user)
    notebook = (
        Notebook.objects.shared()
        .filter(user=user_id)
        .exclude(user=request.user)
        .select_related("edition", "user")
        .order_by("-edition__starts_on")
        .first()
    )
    if notebook is None:
        raise Http404
    return redirect(read_url(notebook.edition, notebook.user))


def read_context(reader, owner, edition, failed=None):
    """A shared notebook as the team reads it, with « nouveau depuis votre dernière lecture » on what changed."""
    views = whole_cahier(owner, edition, with_comments=True)
    last_read = dashboard.last_read(reader, owner, edition)
    for view in views:
        view.is_new = dashboard.is_new(view.progress.last_edited, last_read)
    return {
        "owner": owner,
        "edition": edition,
        "views": views,
        "levels": Level.objects.filter(edition=edition),
        "drawings": Drawing.objects.filter(user=owner, edition=edition),
        "comment_form": CommentForm(),
        "comment_max_length": COMMENT_MAX_LENGTH,
        "failed": failed,
        "last_read": last_read,
    }


@login_required
@require_safe
def read(request, edition, user_id):
    edition = edition_or_404(edition)
    owner = shared_owner_or_404(request.user, user_id, edition)
    response = render(request, "cahier/team_read.html", read_context(request.user, owner, edition))
    dashboard.mark_read(request.user, owner, edition)
    return response


@login_required
@require_safe
def drawing_image(request, user_id, pk):
    drawing = get_object_or_404(Drawing.objects.select_related("edition"), pk=pk, user=user_id)
    shared_owner_or_404(request.user, user_id, drawing.edition)
    return serve(drawing)


@login_required
@require_POST
def comment(request, user_id, page_id):
    """A comment on a theme, or (field « zone ») on one of its writing areas; a refused one keeps its words."""
    page = get_object_or_404(Page.objects.select_related("edition"), pk=page_id)
    owner = shared_owner_or_404(request.user, user_id, page.edition)
    prompt = comments.prompt_of(page, request.POST.get("zone"))
    form = CommentForm(request.POST)
    if not form.is_valid():
        failed = {"page": page.pk, "prompt": prompt.pk if prompt else None, "error": form.first_error()}
        failed["text"] = request.POST.get("commentaire", "").replace("\x00", "")
        context = read_context(request.user, owner, page.edition, failed=failed)
        return render(request, "cahier/team_read.html", context, status=400)
    comment = comments.add(owner, page, prompt, request.user, form.cleaned_data["commentaire"])
    messages.success(request, _("Commentaire ajouté."))
    return redirect(read_url(page.edition, owner) + f"#{comment.anchor}")


@login_required
def comment_edit(request, pk):
    """The author edits their comment (anyone else: 404)."""
    comment = comments.own_or_404(request.user, pk)
    form = CommentForm(request.POST or None, initial={"commentaire": comment.text})
    if request.method == "POST":
        if form.is_valid():
            comments.edit(comment, form.cleaned_data["commentaire"])
            messages.success(request, _("Commentaire modifié."))
            return redirect(read_url(comment.page.edition, comment.owner) + f"#{comment.anchor}")
        kept = request.POST.get("commentaire", "").replace("\x00", "")
        context = {"comment": comment, "text": kept, "error": form.first_error(), "max_length": COMMENT_MAX_LENGTH}
        return render(request, "cahier/comment_edit.html", context, status=400)
    context = {"comment": comment, "text": comment.text, "max_length": COMMENT_MAX_LENGTH}
    return render(request, "cahier/comment_edit.html", context)


@login_required
@require_POST
def comment_remove(request, pk):
    """The author removes their comment: « commentaire retiré » stays in its place (anyone else: 404)."""
    comment = comments.own_or_404(request.user, pk)
    comments.remove(comment)
    messages.success(request, _("Commentaire retiré."))
    return redirect(read_url(comment.page.edition, comment.owner) + f"#{comment.anchor}")
