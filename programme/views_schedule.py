"""The conference-app exports (schedule.xml, schedule.json) of an edition (the current one at the
short addresses). Shared like the pages (ETag, 304, cached bytes) and open to every origin."""

from django.http import HttpResponse
from django.utils import timezone

from automne.site import absolute
from programme import editions, schedule_formats
from programme.caching import public_page
from programme.open_data import open_data


def schedule_version(version):
    """The `version` apps show: the edition's programme revision and the moment of its last change."""
    if version is None:
        return "0"
    return f"{version.revision} ({timezone.localtime(version.changed_at):%Y-%m-%d %H:%M})"


def _arguments(request, edition):
    edition = editions.shown(edition)
    return edition, list(edition.days.all()), schedule_version(request.programme_version), absolute


@open_data
@public_page(visitor_independent=True)
def schedule_xml(request, edition=None):
    content = schedule_formats.schedule_xml(*_arguments(request, edition))
    return HttpResponse(content, content_type="application/xml; charset=utf-8")


@open_data
@public_page(visitor_independent=True)
def schedule_json(request, edition=None):
    content = schedule_formats.schedule_json(*_arguments(request, edition))
    return HttpResponse(content, content_type="application/json; charset=utf-8")
