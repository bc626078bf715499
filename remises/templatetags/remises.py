from django import template

from remises import summaries

register = template.Library()


@register.simple_tag(takes_context=True)
def hand_in_summary(context, registration):
    """In « Mon espace », a registration's hand-in: read once for every registration of the page."""
    request = context["request"]
    found = getattr(request, "_hand_in_summaries", None)
    if found is None:
        registrations = context.get("registrations") or [registration]
        found = summaries.for_editions(request.user, [r.edition_id for r in registrations])
        request._hand_in_summaries = found
    return found.get(registration.edition_id)


@register.simple_tag(takes_context=True)
def hand_in_summary_for(context, edition):
    """In the cahier's overview, the hand-in of that edition's cahier (None: nothing to hand in)."""
    return summaries.for_editions(context["request"].user, [edition.pk]).get(edition.pk)


@register.simple_tag(takes_context=True)
def grades_this_edition(context, edition):
    """On « Cahiers partagés », whether the reader is in `edition`'s teaching team for the hand-in."""
    from remises.models import Assignment

    user = context["request"].user
    return Assignment.objects.filter(edition=edition, team=user).exists() if user.is_authenticated else False
