"""Materials on the pages that list sessions: the session page, « Mon programme » and the cahier's
« Séances liées ». Each list holds only what the visitor may see (supports/access.py), read in a
constant number of queries whatever the number of sessions or materials."""

from django import template

from supports import access

register = template.Library()


@register.inclusion_tag("supports/includes/session_materials.html", takes_context=True)
def session_materials(context, session, edition):
    """{% session_materials session edition %}: the session page's « Supports » (1 query for a visitor
    who is not logged in, 3 for an account)."""
    user = context["request"].user
    found = access.visible_by_session(user, edition, [session.pk])
    return {"materials": found.get(session.pk, []), "edition": edition}


@register.simple_tag(takes_context=True)
def materials_by_session(context, edition, sessions=None):
    """{% materials_by_session edition as materials %}: {session id: [materials the visitor sees]},
    for a page listing several sessions (3 queries for an account, 1 for a visitor)."""
    ids = None if sessions is None else [getattr(s, "pk", s) for s in sessions]
    return access.visible_by_session(context["request"].user, edition, ids)


@register.filter
def of_session(materials, session_id):
    """{{ materials|of_session:session.pk }}: that session's list (empty when it has none)."""
    return materials.get(session_id, []) if materials else []
