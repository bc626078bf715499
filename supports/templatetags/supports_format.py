"""How a material is written in a list: its address, « PDF, 2,4 Mo » or « Lien (exemple.org) », and
who may see it when it is not everyone."""

from urllib.parse import urlsplit

from django import template
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from supports.models import FileType, Visibility
from supports.sizes import format_size

register = template.Library()

AUDIENCES = {
    Visibility.PARTICIPANTS: gettext_lazy("Personnes inscrites"),
    Visibility.TEAM: gettext_lazy("Équipe pédagogique"),
}


@register.simple_tag
def material_url(material, edition):
    """The file's address in `edition` (no query: the edition is the page's), or the link's own."""
    if material.is_file:
        return reverse("supports:file", kwargs={"edition": edition.slug, "pk": material.pk})
    return material.url


@register.filter
def material_kind(material):
    if material.is_file:
        return f"{FileType(material.file_type).label}, {format_size(material.size)}"
    host = urlsplit(material.url).hostname or ""
    return _("Lien (%(host)s)") % {"host": host.removeprefix("www.")} if host else _("Lien")


@register.filter
def material_audience(material):
    """ "Personnes inscrites" / "Équipe pédagogique" (nothing for a public material)."""
    return AUDIENCES.get(material.visibility, "")


@register.filter
def visibility_label(value):
    return Visibility(value).label if value in Visibility.values else ""
