"""« Répartition des salles »: demand per session of each parallel block, capacity warnings, the room
changed on the spot with the clash checks, the choice count column, and one query for the counts
(the same number of queries at 1× and 10× the data)."""

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from inscriptions.tests.factories import make_registration
from programme import change_notices
from programme.models import Choice, Occurrence, Room, Session
from programme.tests.factories import grow_programme, make_edition, make_programme, make_room

pytestmark = pytest.mark.django_db
URL = "/admin/programme/occurrence/repartition/"


@pytest.fixture
def edition():
    return make_programme()


def cases(edition):
    return list(
        Occurrence.objects.filter(time_slot__day__edition=edition, session__kind=Session.Kind.CASE_STUDY)
        .select_related("session", "time_slot__day")
        .in_schedule_order()
    )


def choose(edition, occurrence, count):
    for _ in range(count):
        Choice.objects.create(user=make_registration(edition).user, occurrence=occurrence)


def test_page_lists_parallel_blocks_with_demand(admin_client, edition):
    first, second, third = cases(edition)[:3]
    choose(edition, first, 3)
    choose(edition, second, 1)
    html = admin_client.get(URL).content.decode()
    assert html.count('<section class="module" id="bloc-') == 2  # a block of case studies each day
    assert "Conférence magistrale" not in html  # alone in its slot: not a parallel block
    row = html[html.index(first.session.title) :]
    assert "<td>3</td>" in row[: row.index("</tr>")]
    assert "3 choix, et pas encore de salle." in html


def test_warning_when_demand_exceeds_capacity(admin_client, edition):
    first = cases(edition)[0]
    small = make_room("Petite salle", edition=edition, capacity=2)
    Occurrence.objects.filter(pk=first.pk).update(room=small)
    choose(edition, first, 3)
    html = admin_client.get(URL).content.decode()
    assert "Demande supérieure à la capacité\xa0: 3 choix pour 2 places." in html


def test_no_warning_within_capacity(admin_client, edition):
    first = cases(edition)[0]
    Occurrence.objects.filter(pk=first.pk).update(room=make_room("Grande salle", edition=edition, capacity=50))
    choose(edition, first, 3)
    assert "Demande supérieure" not in admin_client.get(URL).content.decode()


def test_room_given_on_the_spot_is_saved_logged_and_announced(
    admin_client, edition, django_capture_on_commit_callbacks
):
    first = cases(edition)[0]
    choose(edition, first, 1)
    room = make_room("Local 4037", edition=edition, capacity=40)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(URL, {"occurrence": first.pk, f"o{first.pk}-room": room.pk})
    assert response.status_code == 302
    assert Occurrence.objects.get(pk=first.pk).room == room
    assert Occurrence.objects.get(pk=first.pk).sequence == 1
    mail.outbox.clear()
    assert change_notices.send_due(now=timezone.now() + change_notices.QUIET_PERIOD) == 1
    assert "Nouvelle salle\xa0: Local 4037" in mail.outbox[0].body


def test_room_already_taken_is_refused_by_the_clash_check(admin_client, edition):
    first, second = cases(edition)[:2]
    room = make_room("Local 4037", edition=edition)
    Occurrence.objects.filter(pk=first.pk).update(room=room)
    response = admin_client.post(URL, {"occurrence": second.pk, f"o{second.pk}-room": room.pk})
    assert response.status_code == 400
    assert "Local 4037" in response.content.decode()
    assert Occurrence.objects.get(pk=second.pk).room is None


@pytest.mark.parametrize("occurrence", ["", "abc", "999999"])
def test_unknown_occurrence_is_404(admin_client, edition, occurrence):
    assert admin_client.post(URL, {"occurrence": occurrence}).status_code == 404


def test_another_editions_room_is_refused(admin_client, edition):
    other = make_edition(is_current=False, slug="autre")
    foreign = Room.objects.create(edition=other, name="Ailleurs")
    first = cases(edition)[0]
    response = admin_client.post(URL, {"occurrence": first.pk, f"o{first.pk}-room": foreign.pk})
    assert response.status_code == 400
    assert Occurrence.objects.get(pk=first.pk).room is None


def test_page_needs_the_admin(client, edition):
    assert client.get(URL).status_code == 302


def test_occurrence_list_shows_choice_counts(admin_client, edition):
    choose(edition, cases(edition)[0], 2)
    html = admin_client.get("/admin/programme/occurrence/").content.decode()
    assert "sortable column-choice_count" in html
    assert '<td class="field-choice_count">2</td>' in html
    assert 'href="/admin/programme/occurrence/repartition/"' in html


def test_counts_cost_the_same_queries_at_one_and_ten_times(admin_client, edition):
    for occurrence in cases(edition):
        choose(edition, occurrence, 2)
    pages = (URL, "/admin/programme/occurrence/")
    at_one = {url: queries_of(admin_client, url) for url in pages}
    grow_programme(edition, 10)
    for occurrence in cases(edition):
        if not occurrence.choices.exists():
            choose(edition, occurrence, 2)
    assert {url: queries_of(admin_client, url) for url in pages} == at_one


def queries_of(client, url):
    client.get(url)  # sessions, permissions and content types read once
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)
