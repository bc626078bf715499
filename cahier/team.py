"""The teaching team reads the cahiers shared with it (read-only) and comments per theme."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from cahier.drawings import serve
from cahier.forms import CommentForm
from cahier.models import Comment, Drawing, Notebook, Page
from cahier.sharing import is_teaching_team, shared_notebook_owner_or_none
from cahier.writing import whole_cahier


def team_member_or_404(user):
    if not is_teaching_team(user):
        raise Http404


def shared_owner_or_404(reader, user_id):
    owner = shared_notebook_owner_or_none(reader, user_id)
    if owner is None or owner.pk == reader.pk:
        raise Http404
    return owner


@login_required
@require_safe
def index(request):
    team_member_or_404(request.user)
    notebooks = Notebook.objects.shared().select_related("user").order_by("user__last_name", "user__email")
    return render(request, "cahier/team_index.html", {"notebooks": notebooks})


@login_required
@require_safe
def read(request, user_id):
    owner = shared_owner_or_404(request.user, user_id)
    return render(
        request,
        "cahier/team_read.html",
        {
            "owner": owner,
            "views": whole_cahier(owner, with_comments=True),
            "drawings": Drawing.objects.filter(user=owner),
            "comment_form": CommentForm(),
        },
    )


@login_required
@require_safe
def drawing_image(request, user_id, pk):
    owner = shared_owner_or_404(request.user, user_id)
    return serve(get_object_or_404(Drawing, pk=pk, user=owner))


@login_required
@require_POST
def comment(request, user_id, page_id):
    owner = shared_owner_or_404(request.user, user_id)
    page = get_object_or_404(Page, pk=page_id)
    form = CommentForm(request.POST)
    if form.is_valid():
        Comment.objects.create(owner=owner, page=page, author=request.user, text=form.cleaned_data["commentaire"])
        messages.success(request, "Commentaire ajouté.")
    else:
        messages.error(request, form.first_error())
    return redirect(reverse("cahier:team_read", kwargs={"user_id": owner.pk}) + f"#page-{page.slug}")
