"""{% edition_url %}: links between the pages of the edition a page shows."""

from django import template

from programme import editions

register = template.Library()


@register.simple_tag(takes_context=True)
def edition_url(context, name, edition=None, **kwargs):
    """{% edition_url "programme:session" slug=session.slug %}: that page of the edition shown
    (`edition` in the context, or the one given), at its short address when it is the current one."""
    return editions.url(edition or context.get("edition"), name, **kwargs)
