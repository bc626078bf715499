"""The participant's notebooks: « Mes cahiers », a notebook's overview, one page per theme, saving
without JavaScript, versions. Which notebook an address shows: cahier/notebooks.py."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cahier import comments, in_programme, writers
from cahier import notebooks as notebook_rules
from cahier.comparing import compare as compare_texts
from cahier.forms import DrawingForm, SharingForm
from cahier.models import Answer, Drawing, Level, Notebook, Page
from cahier.sharing import is_teaching_team, readers
from cahier.writing import build_pages, count_words, save_form, save_text, saved_label
from programme.models import Edition


class RedirectKeepingTheRequest(HttpResponseRedirect):
    """307: the browser sends the same request (a POST and its text) to the new address."""

    status_code = 307


def menu(user, edition):
    """What the cahier's menu says: the notebook's edition, and « Mes cahiers » when there are others."""
    others = [other for other in notebook_rules.editions_of(user) if other.pk != edition.pk]
    return {"edition": edition, "has_other_notebooks": bool(others)}


@login_required
def notebooks(request):
    """« Mes cahiers »: every notebook of the participant; with only one, that notebook."""
    editions = notebook_rules.editions_of(request.user)
    if len(editions) < 2:
        return redirect("cahier:overview", edition=notebook_rules.edition_for(request.user).slug)
    words = notebook_rules.words_by_edition(request.user)
    for edition in editions:
        edition.words = words.get(edition.pk, 0)
    return render(request, "cahier/notebooks.html", {"notebook_editions": editions})


@login_required
def to_notebook(request, name, **kwargs):
    """An address of the single cahier of before editions: the same page of the participant's notebook."""
    slug = kwargs.get("slug")
    edition = notebook_rules.edition_for(request.user, page_slug=slug)
    url = reverse(name, kwargs={"edition": edition.slug, **kwargs})
    return redirect(url) if request.method in ("GET", "HEAD") else RedirectKeepingTheRequest(url)


@login_required
def notebook_or_page(request, edition):
    """/cahier/<slug>/: an edition's notebook, or a page of the single cahier served before editions."""
    named = Edition.objects.filter(slug=edition).first()
    if named is None:
        return to_notebook(request, "cahier:page", slug=edition)
    return overview(request, named)


def overview(request, edition):
    pages = Page.objects.of(edition).with_prompts()
    return render(
        request,
        "cahier/overview.html",
        {
            **menu(request.user, edition),
            "writing_refused": writers.refusal(request.user, edition.pk),
            "views": build_pages(request.user, pages),
            "notebook": Notebook.objects.filter(user=request.user, edition=edition).first(),
            "is_teaching_team": is_teaching_team(request.user),
            "drawing_count": Drawing.objects.filter(user=request.user, edition=edition).count(),
            "new_comments": comments.unseen(request.user, edition),
        },
    )


@login_required
def page(request, edition, slug):
    edition = notebook_rules.edition_or_404(edition)
    page = get_object_or_404(Page.objects.of(edition).with_prompts().with_sessions(), slug=slug)
    if request.method == "POST":
        refused = writers.refusal(request.user, edition.pk)
        if refused:
            return not_a_writer(request, edition, refused)
        return save_page(request, page)
    return render_page(request, page)


def not_a_writer(request, edition, message):
    """A write this account may not make in this notebook (cahier/writers.py): 403, in French."""
    context = {"edition": edition, "message": message}
    return render(request, "cahier/not_a_writer.html", context, status=403)


def render_page(request, page, kept_texts=None, errors=None, status=200, refused_drawing=None):
    # Comments stay visible after sharing stops: they were written for the participant.
    view = build_pages(request.user, [page], with_comments=True)[0]
    comments.mark_seen(view.all_comments)
    kept_texts = kept_texts or {}
    for entry in view.entries:
        entry.kept_text = kept_texts.get(entry.prompt.pk)
        entry.error = (errors or {}).get(entry.prompt.pk)
    programme = in_programme.for_page(request.user, page)
    context = {
        **menu(request.user, page.edition),
        "writing_refused": writers.refusal(request.user, page.edition_id),
        "page": page,
        "view": view,
        "pages": Page.objects.of(page.edition).only("title", "slug", "kind", "order", "edition__slug"),
        "related_sessions": programme.related_sessions,
        "case_studies": programme.case_studies,
    }
    if page.kind == Page.Kind.DRAWINGS:
        context["drawings"] = Drawing.objects.filter(user=request.user, edition=page.edition)
        context["drawing_form"] = DrawingForm()
        context["refused"] = refused_drawing
    if page.kind == Page.Kind.INTRODUCTION:
        context["levels"] = Level.objects.filter(edition=page.edition)
    return render(request, "cahier/page.html", context, status=status)


def save_page(request, page):
    """The « Enregistrer » button: saves each changed answer; a stale one shows the conflict page."""
    outcome = save_form(request.user, page, request.POST)
    if page.picks_case_study and "etude_de_cas" in request.POST:
        page.choose_case_study(request.user, request.POST["etude_de_cas"])
    if outcome.conflicts:
        context = {"page": page, "edition": page.edition, "conflicts": outcome.conflicts}
        return render(request, "cahier/conflict.html", context, status=409)
    if outcome.errors:
        return render_page(request, page, kept_texts=outcome.kept, errors=outcome.errors, status=400)
    messages.success(request, saved_label() if outcome.saved else _("Aucune modification à enregistrer."))
    return redirect(page.get_absolute_url())


def own_answer_or_404(user, prompt_id):
    return get_object_or_404(
        Answer.objects.select_related("prompt__page__edition", "prompt__level"), user=user, prompt_id=prompt_id
    )


@login_required
def revisions(request, prompt_id):
    answer = own_answer_or_404(request.user, prompt_id)
    revisions = list(answer.revisions.all())
    for revision in revisions:
        revision.words = count_words(revision.text)
    context = {"answer": answer, "edition": answer.prompt.page.edition, "revisions": revisions}
    return render(request, "cahier/revisions.html", context)


@login_required
def compare(request, prompt_id, version):
    """A kept version beside the current text, word by word (an unknown version: 404)."""
    answer = own_answer_or_404(request.user, prompt_id)
    revision = get_object_or_404(answer.revisions.all(), version=version)
    comparison = compare_texts(revision.text, answer.text)
    context = {
        "answer": answer,
        "edition": answer.prompt.page.edition,
        "revision": revision,
        "pieces": comparison.pieces,
        "partial": comparison.partial,
    }
    return render(request, "cahier/compare.html", context)


@login_required
@require_POST
def restore(request, prompt_id, version):
    answer = own_answer_or_404(request.user, prompt_id)
    revision = answer.revisions.filter(version=version).first()
    if revision is None:
        raise Http404
    refused = writers.refusal(request.user, answer.prompt.page.edition_id)
    if refused:
        return not_a_writer(request, answer.prompt.page.edition, refused)
    # Restoring is a new save on top of the current version: the text it replaces stays in the history.
    save_text(request.user, answer.prompt, revision.text, answer.version)
    messages.success(
        request, _("Version %(version)s restaurée. %(saved)s.") % {"version": version, "saved": saved_label()}
    )
    return redirect(answer.prompt.page.get_absolute_url() + f"#zone-{answer.prompt_id}")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def sharing(request, edition):
    """The sharing page: who would read the notebook, by name, and the choice to share or not."""
    edition = notebook_rules.edition_or_404(edition)
    if request.method != "POST":
        context = {
            **menu(request.user, edition),
            "notebook": Notebook.objects.filter(user=request.user, edition=edition).first(),
            "readers": readers(),
        }
        return render(request, "cahier/sharing.html", context)
    notebook, _created = Notebook.objects.get_or_create(user=request.user, edition=edition)
    if SharingForm(request.POST).wants_sharing():
        notebook.share()
        messages.success(request, _("Votre cahier est partagé avec l'équipe pédagogique."))
    else:
        notebook.stop_sharing()
        messages.success(request, _("Votre cahier n'est plus partagé : il est de nouveau privé."))
    return redirect("cahier:overview", edition=edition.slug)
