"""Which notebooks a participant has, and which one an address shows.

A participant has one notebook per edition: each is addressed under /cahier/<edition-slug>/….
Their notebooks are those of the editions they are registered to (a cancelled registration
aside) and of the editions they already wrote in. The addresses without an edition, served
before editions existed (/cahier/eveil/, /cahier/partage/, …), lead to the participant's
notebook of their edition: the current one if it is theirs, else their newest; the current
edition when they have none.
"""

from django.db.models import Q, Sum
from django.http import Http404

from cahier.models import Answer, CaseStudyChoice, Comment, Drawing, Notebook, Page
from inscriptions.models import Registration
from programme import editions
from programme.models import Edition


def edition_or_404(slug):
    """The edition a notebook's address names (404 when there is none with that slug)."""
    return editions.shown(slug)


def editions_of(user):
    """The editions `user` has a notebook in, newest first: registered to (not cancelled), written in,
    or commented on by the teaching team."""
    registered = Registration.objects.of(user).exclude(state=Registration.State.CANCELLED).values("edition")
    written = Answer.objects.of(user).values("prompt__page__edition")
    chosen = CaseStudyChoice.objects.filter(user=user).values("page__edition")
    drawn = Drawing.objects.filter(user=user).values("edition")
    kept = Notebook.objects.filter(user=user).values("edition")
    commented = Comment.objects.filter(owner=user).values("page__edition")
    mine = Q()
    for subquery in (registered, written, chosen, drawn, kept, commented):
        mine |= Q(pk__in=subquery)
    return list(Edition.objects.filter(mine).order_by("-starts_on", "-pk"))


def preferred(candidates):
    """Among editions (newest first), the one an address without edition means: the current one, else the newest."""
    return next((edition for edition in candidates if edition.is_current), candidates[0] if candidates else None)


def edition_for(user, page_slug=None):
    """The edition of the notebook an address without edition shows to `user` (404 if none).

    With `page_slug`, only an edition whose cahier has that page will do."""
    candidates = editions_of(user)
    if page_slug is not None:
        having = set(Page.objects.filter(slug=page_slug).values_list("edition", flat=True))
        candidates = [edition for edition in candidates if edition.pk in having]
        if not candidates:
            current = editions.shown()
            if current.pk not in having:
                raise Http404("Cette page du cahier n'existe pas.")
            return current
    return preferred(candidates) or editions.shown()


def words_by_edition(user):
    """{edition id: how many words `user` wrote in that notebook}, for « Mes cahiers »."""
    rows = Answer.objects.of(user).values("prompt__page__edition").annotate(words=Sum("word_count"))
    return {row["prompt__page__edition"]: row["words"] for row in rows}
