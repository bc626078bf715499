"""What search engines and link previews read in a page's head: its permanent address
(rel=canonical, og:url), the preview image, and the schema.org Event data."""

from django import template
from django.templatetags.static import static
from django.urls import NoReverseMatch, reverse
from django.utils.safestring import mark_safe

from automne import site
from programme import structured_data

register = template.Library()


class CaptureNode(template.Node):
    child_nodelists = ("nodelist",)  # so that {% block %} inside stays overridable

    def __init__(self, nodelist, name):
        self.nodelist, self.name = nodelist, name

    def render(self, context):
        context[self.name] = mark_safe(self.nodelist.render(context).strip())  # noqa: S308 - rendered, escaped
        return ""


@register.tag
def capture(parser, token):
    """{% capture as title %}…{% endcapture %}: the rendered text, once, for <title> and og:title."""
    bits = token.split_contents()
    if len(bits) != 3 or bits[1] != "as":
        raise template.TemplateSyntaxError("{% capture as name %}")
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, bits[2])


def permanent_path(request, edition):
    """The address that names the edition: a short address of the current edition's page
    (/programme/, /seances/<slug>/) becomes /editions/<slug>/…; others stay as they are."""
    match = request.resolver_match
    short = match and match.namespace == "programme" and "edition" not in match.kwargs
    # The site's own pages (its home "/", « Éditions précédentes ») have no edition to name.
    # (`edition` may be the context processor's lazy current edition, None inside: read only here.)
    route = match.route.removeprefix("en/") if match else ""  # the same page under /en/ (automne/languages.py)
    if short and route not in ("", "editions/") and getattr(edition, "slug", None):
        try:
            return reverse(match.view_name, kwargs={**match.kwargs, "edition": edition.slug})
        except NoReverseMatch:
            pass
    return request.path


@register.simple_tag(takes_context=True)
def canonical_url(context):
    request = context.get("request")
    if request is None:
        return ""
    return site.absolute(permanent_path(request, context.get("edition")))


@register.simple_tag
def preview_image_url():
    return site.absolute(static("img/apercu.png"))


@register.simple_tag(takes_context=True)
def edition_event(context, edition):
    return structured_data.script(structured_data.edition_event(edition, site.absolute))


@register.simple_tag(takes_context=True)
def session_events(context, session, occurrences, edition):
    events = structured_data.session_events(session, occurrences, edition, site.absolute)
    return structured_data.script(events[0] if len(events) == 1 else events)
