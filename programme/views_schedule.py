"""The conference-app exports (schedule.xml, schedule.json) of the current edition.
Shared like the pages (ETag, 304, cached bytes) and open to every origin."""

import json

from django.http import HttpResponse
from django.utils import timezone

from programme import schedule, schedule_formats
from programme.caching import public_page
from programme.open_data import open_data
from programme.views import current_edition_or_404


def schedule_version(version):
    """The `version` apps show: the programme's revision and the moment of its last change."""
    if version is None:
        return "0"
    revision, changed_at = version
    return f"{revision} ({timezone.localtime(changed_at):%Y-%m-%d %H:%M})"


def _arguments(request):
    edition = current_edition_or_404()
    days = list(edition.days.all())
    occurrences = schedule.occurrences_of(edition)
    return edition, days, occurrences, schedule_version(request.programme_version), request.build_absolute_uri


@open_data
@public_page
def schedule_xml(request):
    content = schedule_formats.schedule_xml(*_arguments(request))
    return HttpResponse(content, content_type="application/xml; charset=utf-8")


@open_data
@public_page
def schedule_json(request):
    data = schedule_formats.schedule_json(*_arguments(request))
    return HttpResponse(json.dumps(data, ensure_ascii=False, indent=1), content_type="application/json; charset=utf-8")
