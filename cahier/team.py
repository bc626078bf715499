"""The teaching team reads the notebooks shared with it (read-only, one edition each) and comments per theme."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from cahier.drawings import serve
from cahier.forms import CommentForm
from cahier.models import Comment, Drawing, Level, Notebook, Page
from cahier.notebooks import edition_or_404
from cahier.sharing import is_teaching_team, shared_notebook_owner_or_none
from cahier.writing import whole_cahier


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
def index(request):
    """Every shared notebook, by edition (newest first)."""
    team_member_or_404(request.user)
    notebooks = (
        Notebook.objects.shared()
        .select_related("user", "edition")
        .order_by("-edition__starts_on", "edition__pk", "user__last_name", "user__email")
    )
    return render(request, "cahier/team_index.html", {"notebooks": notebooks})


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


@login_required
@require_safe
def read(request, edition, user_id):
    edition = edition_or_404(edition)
    owner = shared_owner_or_404(request.user, user_id, edition)
    return render(
        request,
        "cahier/team_read.html",
        {
            "owner": owner,
            "edition": edition,
            "views": whole_cahier(owner, edition, with_comments=True),
            "levels": Level.objects.filter(edition=edition),
            "drawings": Drawing.objects.filter(user=owner, edition=edition),
            "comment_form": CommentForm(),
        },
    )


@login_required
@require_safe
def drawing_image(request, user_id, pk):
    drawing = get_object_or_404(Drawing.objects.select_related("edition"), pk=pk, user=user_id)
    shared_owner_or_404(request.user, user_id, drawing.edition)
    return serve(drawing)


@login_required
@require_POST
def comment(request, user_id, page_id):
    page = get_object_or_404(Page.objects.select_related("edition"), pk=page_id)
    owner = shared_owner_or_404(request.user, user_id, page.edition)
    form = CommentForm(request.POST)
    if form.is_valid():
        Comment.objects.create(owner=owner, page=page, author=request.user, text=form.cleaned_data["commentaire"])
        messages.success(request, "Commentaire ajouté.")
    else:
        messages.error(request, form.first_error())
    return redirect(read_url(page.edition, owner) + f"#page-{page.slug}")
