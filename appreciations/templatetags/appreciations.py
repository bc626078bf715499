"""The evaluations where participants meet them: « Mon espace » (each registration's sessions to
rate and its questionnaire) and the session page (« Évaluer la séance »). A constant number of
queries per edition shown, none for a visitor who is not logged in."""

from dataclasses import dataclass, field

from django import template
from django.utils import timezone

from appreciations import questionnaires, ratings

register = template.Library()


@dataclass
class AccountEvaluations:
    rateables: list = field(default_factory=list)  # open now, in the order of the week
    rated_count: int = 0
    upcoming_count: int = 0  # sessions chosen that have not started yet
    over: bool = False  # the edition is over: no more ratings
    questionnaire: questionnaires.Status | None = None


@register.simple_tag(takes_context=True)
def account_evaluations(context, registrations):
    """{% account_evaluations registrations as evaluations %}: {edition id: AccountEvaluations} for
    « Mon espace », each registration holding a seat: 4 queries at most, whatever the number of
    registrations, sessions or ratings (none without such a registration)."""
    user, moment = context["request"].user, timezone.now()
    editions = {r.edition_id: r.edition for r in registrations if r.holds_a_seat}
    found = {pk: AccountEvaluations(over=edition.is_over(moment)) for pk, edition in editions.items()}
    if not editions:
        return found
    for edition_id, entries in ratings.rateables(user, list(editions.values())).items():
        evaluations = found[edition_id]
        evaluations.rateables = [entry for entry in entries if entry.is_open(moment)]
        evaluations.rated_count = sum(1 for entry in entries if entry.rating)
        evaluations.upcoming_count = sum(1 for entry in entries if moment < entry.opens_at)
    for status in questionnaires.statuses(user, list(editions.values()), moment):
        found[status.questionnaire.edition_id].questionnaire = status
    return found


@register.filter
def of_edition(evaluations, edition_id):
    return (evaluations or {}).get(edition_id)


@register.inclusion_tag("appreciations/includes/rate_link.html", takes_context=True)
def rate_link(context, session, edition):
    """{% rate_link session edition %}: « Évaluer la séance » on the session page, for a participant
    who may rate it now (3 queries during the school's week, none otherwise nor for a visitor)."""
    user, moment = context["request"].user, timezone.now()
    if not user.is_authenticated or session.is_logistics or not edition.starts_at() <= moment <= edition.ends_at():
        return {}  # outside the school's week nothing is rated: no query
    session.edition = edition
    try:
        entry = ratings.rateable(user, session)
    except ratings.Refused:
        return {}
    return {"entry": entry if entry.is_open(moment) else None, "session": session}


@register.filter
def values_of(values, question):
    """The values the form sent back for `question` (a list of strings), to show them again."""
    return values.getlist(questionnaires.field_name(question)) if hasattr(values, "getlist") else []


@register.filter
def error_of(errors, question):
    return (errors or {}).get(question.pk, "")


@register.filter
def field_name(question):
    return questionnaires.field_name(question)


@register.filter
def stringed(value):
    return str(value)
