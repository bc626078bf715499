"""The participant's cahier: overview, one page per theme, saving without JavaScript, versions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from cahier.forms import DrawingForm, SharingForm
from cahier.models import Answer, Drawing, Level, Notebook, Page
from cahier.sharing import is_teaching_team
from cahier.writing import build_pages, save_form, save_text, saved_label


@login_required
def overview(request):
    pages = Page.objects.with_prompts()
    notebook = Notebook.objects.filter(user=request.user).first()
    return render(
        request,
        "cahier/overview.html",
        {
            "views": build_pages(request.user, pages),
            "notebook": notebook,
            "is_teaching_team": is_teaching_team(request.user),
            "drawing_count": Drawing.objects.filter(user=request.user).count(),
        },
    )


@login_required
def page(request, slug):
    page = get_object_or_404(Page.objects.with_prompts().with_sessions(), slug=slug)
    if request.method == "POST":
        return save_page(request, page)
    return render_page(request, page)


def render_page(request, page, kept_texts=None, errors=None, status=200):
    # Comments stay visible after sharing stops: they were written for the participant.
    view = build_pages(request.user, [page], with_comments=True)[0]
    kept_texts = kept_texts or {}
    for entry in view.entries:
        entry.kept_text = kept_texts.get(entry.prompt.pk)
        entry.error = (errors or {}).get(entry.prompt.pk)
    context = {
        "page": page,
        "view": view,
        "pages": Page.objects.only("title", "slug", "kind", "order"),
        "case_studies": page.case_studies() if page.picks_case_study else [],
    }
    if page.kind == Page.Kind.DRAWINGS:
        context["drawings"] = Drawing.objects.filter(user=request.user)
        context["drawing_form"] = DrawingForm()
    if page.kind == Page.Kind.INTRODUCTION:
        context["levels"] = Level.objects.all()
    return render(request, "cahier/page.html", context, status=status)


def save_page(request, page):
    """The « Enregistrer » button: saves each changed answer; a stale one shows the conflict page."""
    outcome = save_form(request.user, page, request.POST)
    if page.picks_case_study and "etude_de_cas" in request.POST:
        page.choose_case_study(request.user, request.POST["etude_de_cas"])
    if outcome.conflicts:
        return render(request, "cahier/conflict.html", {"page": page, "conflicts": outcome.conflicts}, status=409)
    if outcome.errors:
        return render_page(request, page, kept_texts=outcome.kept, errors=outcome.errors, status=400)
    messages.success(request, saved_label() if outcome.saved else "Aucune modification à enregistrer.")
    return redirect(page.get_absolute_url())


def own_answer_or_404(user, prompt_id):
    return get_object_or_404(
        Answer.objects.select_related("prompt__page", "prompt__level"), user=user, prompt_id=prompt_id
    )


@login_required
def revisions(request, prompt_id):
    answer = own_answer_or_404(request.user, prompt_id)
    return render(request, "cahier/revisions.html", {"answer": answer, "revisions": answer.revisions.all()})


@login_required
@require_POST
def restore(request, prompt_id, version):
    answer = own_answer_or_404(request.user, prompt_id)
    revision = answer.revisions.filter(version=version).first()
    if revision is None:
        raise Http404
    # Restoring is a new save on top of the current version: the text it replaces stays in the history.
    save_text(request.user, answer.prompt, revision.text, answer.version)
    messages.success(request, f"Version {version} restaurée. {saved_label()}.")
    return redirect(answer.prompt.page.get_absolute_url() + f"#zone-{answer.prompt_id}")


@login_required
@require_POST
def sharing(request):
    notebook, _ = Notebook.objects.get_or_create(user=request.user)
    if SharingForm(request.POST).wants_sharing():
        notebook.share()
        messages.success(request, "Votre cahier est partagé avec l'équipe pédagogique.")
    else:
        notebook.stop_sharing()
        messages.success(request, "Votre cahier n'est plus partagé : il est de nouveau privé.")
    return redirect("cahier:overview")
