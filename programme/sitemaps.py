"""/sitemap.xml: every public page of every edition, at its permanent address (Django's sitemaps
framework), on the site's one address SITE_URL (automne/site.py), never the request's host.

Private pages (/mon-*, /cahier/, /admin/, /presences/, the speakers' space) are never listed;
neither is « Maintenant », whose content lasts a few minutes. A constant number of queries
whatever the number of editions: one per kind of page.
"""

from django.contrib.sitemaps import Sitemap as DjangoSitemap
from django.urls import reverse

from automne.site import scheme_and_host
from programme import editions
from programme.models import Day, Edition, Room, Session, Speaker


class Sitemap(DjangoSitemap):
    """A sitemap whose addresses are on SITE_URL (Django's would take the request's host)."""

    def get_protocol(self, protocol=None):
        return scheme_and_host()[0]

    def get_domain(self, site=None):
        return scheme_and_host()[1]


EDITION_PAGES = ("programme:home", "programme:week", "programme:changes", "programme:speakers")


class SitePages(Sitemap):
    """The pages of the site as a whole."""

    def items(self):
        return ["programme:home", "programme:archives", "inscriptions:register", "inscriptions:privacy"]

    def location(self, item):
        return reverse(item)


class EditionPages(Sitemap):
    """Each edition's home, week, changes and list of people."""

    def items(self):
        return [(edition, name) for edition in Edition.objects.order_by("starts_on") for name in EDITION_PAGES]

    def location(self, item):
        edition, name = item
        return editions.permanent_url(edition, name)


class Days(Sitemap):
    def items(self):
        return list(Day.objects.select_related("edition").order_by("edition__starts_on", "date"))

    def location(self, item):
        return editions.permanent_url(item.edition, "programme:day", date=item.date.isoformat())


class Sessions(Sitemap):
    """Sessions on the programme (with a time): the others have no page."""

    def items(self):
        scheduled = Session.objects.filter(occurrences__isnull=False).distinct()
        return list(scheduled.select_related("edition").order_by("edition__starts_on", "slug"))

    def location(self, item):
        return editions.permanent_url(item.edition, "programme:session", slug=item.slug)

    def lastmod(self, item):
        return item.updated_at


class Speakers(Sitemap):
    def items(self):
        return list(Speaker.objects.select_related("edition").order_by("edition__starts_on", "slug"))

    def location(self, item):
        return editions.permanent_url(item.edition, "programme:speaker", slug=item.slug)


class Rooms(Sitemap):
    def items(self):
        return list(Room.objects.select_related("edition").order_by("edition__starts_on", "pk"))

    def location(self, item):
        return editions.permanent_url(item.edition, "programme:room", pk=item.pk)


SITEMAPS = {
    "site": SitePages,
    "editions": EditionPages,
    "days": Days,
    "sessions": Sessions,
    "speakers": Speakers,
    "rooms": Rooms,
}
