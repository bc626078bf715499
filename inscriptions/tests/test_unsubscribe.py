"""One-click unsubscribe from announcements (inscriptions/unsubscribe.py): the link of an announcement
works without a login nor a CSRF token (RFC 8058), the next announcement skips the person, and a link
forged, expired or used twice answers in French and changes nothing it should not."""

import datetime
import html
import re

import pytest
import time_machine
from django.core import mail, signing
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from automne.french import NBSP
from automne.testing import every_row
from inscriptions import announcements, unsubscribe
from inscriptions.models import AnnouncementRefusal, Registration
from inscriptions.tests.factories import make_registration
from programme.models import Edition
from programme.tests.factories import make_edition

pytestmark = pytest.mark.django_db
SITE = "https://automne.exemple.ca"
NAME = "École d'automne 2025"


@pytest.fixture
def people(settings):
    settings.SITE_URL = SITE
    edition = make_edition(name=NAME, contact_email="automne@enap.ca")
    return [
        make_registration(edition, first_name="Zoé", last_name="Tremblay", email="zoe@exemple.ca"),
        make_registration(edition, first_name="Émile", last_name="Bélanger", email="emile@exemple.ca"),
    ]


def link_of(message):
    """The path of the List-Unsubscribe address of an announcement, checked against its HTML part."""
    address = re.fullmatch(r"\s*<(.+)>", message.extra_headers["List-Unsubscribe"]).group(1)
    assert f'href="{address}"' in message.alternatives[0][0]
    assert address.startswith(f"{SITE}/annonces/desabonnement/")
    return address.removeprefix(SITE)


def one_click():
    """A mail provider's request: no session, no CSRF cookie, CSRF checks on as in production."""
    return Client(enforce_csrf_checks=True)


def text_of(response):
    """The page's words, tags left out, entities read, runs of ordinary white space made one space."""
    return html.unescape(re.sub(r"[ \t\r\n]+", " ", re.sub(r"<[^>]+>", "", response.content.decode())))


def announce(people):
    mail.outbox.clear()
    announcements.send(Registration.objects.filter(pk__in=[p.pk for p in people]), "Salle", "Auditorium.")
    return {m.to[0]: m for m in mail.outbox}


def test_one_click_post_unsubscribes_and_the_next_announcement_skips_the_person(people):
    sent = announce(people)
    assert sorted(sent) == ["emile@exemple.ca", "zoe@exemple.ca"]
    moment = datetime.datetime(2025, 10, 22, 9, 15, tzinfo=datetime.UTC)
    with time_machine.travel(moment, tick=False):
        response = one_click().post(link_of(sent["zoe@exemple.ca"]), {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert "C'est fait" in text_of(response)
    assert list(AnnouncementRefusal.objects.values_list("registration__email", "refused_at")) == [
        ("zoe@exemple.ca", moment)
    ]
    assert sorted(announce(people)) == ["emile@exemple.ca"]


def test_get_asks_to_confirm_and_changes_nothing(people):
    path = link_of(announce(people)["zoe@exemple.ca"])
    before = every_row()
    response = one_click().get(path)
    assert response.status_code == 200
    assert response["Cache-Control"] == "max-age=0, no-cache, no-store, must-revalidate, private"
    page = text_of(response)
    assert f"Les organisateurs de «{NBSP}{NAME}{NBSP}» écrivent parfois" in page
    assert "zoe@exemple.ca" in page
    assert '<button type="submit">Ne plus recevoir les annonces</button>' in response.content.decode()
    assert every_row() == before


def test_the_page_s_own_button_unsubscribes_without_a_session(people):
    path = link_of(announce(people)["zoe@exemple.ca"])
    response = one_click().post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert list(AnnouncementRefusal.objects.values_list("registration__email", flat=True)) == ["zoe@exemple.ca"]


def test_a_link_used_twice_keeps_the_first_date_and_says_it_is_already_done(people):
    path = link_of(announce(people)["zoe@exemple.ca"])
    first = datetime.datetime(2025, 10, 22, 9, 15, tzinfo=datetime.UTC)
    with time_machine.travel(first, tick=False):
        one_click().post(path)
    before = every_row()
    with time_machine.travel(first + datetime.timedelta(days=3), tick=False):
        response = one_click().post(path)
    assert response.status_code == 200
    page = text_of(response)
    assert "C'est fait" not in page
    assert f"zoe@exemple.ca ne reçoit plus les annonces de «{NBSP}{NAME}{NBSP}», depuis le mercredi 22 octobre" in page
    assert every_row() == before


def test_an_expired_link_answers_400_in_french_and_changes_nothing(people):
    sent_at = timezone.now()
    path = link_of(announce(people)["zoe@exemple.ca"])
    before = every_row()
    with time_machine.travel(sent_at + datetime.timedelta(days=unsubscribe.VALID_DAYS, seconds=1)):
        response = one_click().post(path)
    assert response.status_code == 400
    assert unsubscribe.EXPIRED in text_of(response)
    assert every_row() == before
    with time_machine.travel(sent_at + datetime.timedelta(days=unsubscribe.VALID_DAYS - 1)):
        assert one_click().post(path).status_code == 200  # the day before, it still worked


def forged_tokens(registration):
    good = unsubscribe.token(registration)
    value, stamp, signature = good.rsplit(":", 2)
    other = make_registration(registration.edition, email="autre@exemple.ca")
    return {
        "signature changée": f"{value}:{stamp}:{signature[:-1]}{'A' if signature[-1] != 'A' else 'B'}",
        "autre inscription, même signature": f"{unsubscribe.token(other).rsplit(':', 2)[0]}:{stamp}:{signature}",
        "autre sel": signing.dumps(registration.pk),  # a token signed for something else
        "pas un nombre": signing.dumps("tous", salt=unsubscribe.SALT),
        "n'importe quoi": "%C3%A9t%C3%A9:%E2%80%94:x",
        "très long": "A" * 3000,
        "octets qui ne sont pas de l'UTF-8": "%FF%FE",
    }


def test_a_forged_link_answers_400_in_french_and_changes_nothing(people):
    tokens = forged_tokens(people[0])
    before = every_row()
    for name, token in tokens.items():
        for method in ("get", "post"):
            response = getattr(one_click(), method)(f"/annonces/desabonnement/{token}/")
            assert response.status_code == 400, (name, method)
            assert unsubscribe.FORGED in text_of(response), name
    assert every_row() == before


def test_a_nul_byte_is_refused_before_the_page_in_french(people):
    """The site's own check of every request answers first (automne/clean_input.py)."""
    before = every_row()
    response = one_click().post("/annonces/desabonnement/%00abc/")
    assert response.status_code == 400
    assert "Requête refusée" in text_of(response)
    assert every_row() == before


def test_a_link_whose_registration_is_gone_answers_404_in_french(people):
    path = link_of(announce(people)["zoe@exemple.ca"])
    people[0].delete()
    before = every_row()
    response = one_click().post(path)
    assert response.status_code == 404
    assert unsubscribe.GONE in text_of(response)
    assert every_row() == before


def test_other_methods_answer_405_in_french(people):
    path = link_of(announce(people)["zoe@exemple.ca"])
    response = one_click().put(path)
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD, POST"
    assert "Ce lien s'ouvre dans un navigateur" in text_of(response)
    assert AnnouncementRefusal.objects.count() == 0


def test_a_link_unsubscribes_only_its_own_registration(people):
    """The same person registered to another edition still gets that edition's announcements."""
    other_edition = make_edition(name="École d'automne 2026", is_current=False)
    again = make_registration(other_edition, user=people[0].user, email="zoe@exemple.ca", first_name="Zoé")
    path = link_of(announce(people)["zoe@exemple.ca"])
    one_click().post(path)
    assert list(AnnouncementRefusal.objects.values_list("registration", flat=True)) == [people[0].pk]
    assert sorted(announce([again, people[1]])) == ["emile@exemple.ca", "zoe@exemple.ca"]


def queries_of(client, method, path):
    with CaptureQueriesContext(connection) as captured:
        assert getattr(client, method)(path).status_code == 200
    return len(captured)


def test_the_page_costs_the_same_queries_with_ten_times_the_registrations(people):
    path = link_of(announce(people)["zoe@exemple.ca"])
    counts = [queries_of(one_click(), "get", path)]
    for number in range(18):
        make_registration(people[0].edition, email=f"autre{number}@exemple.ca")
    counts.append(queries_of(one_click(), "get", path))
    counts.append(queries_of(one_click(), "post", path))
    counts.append(queries_of(one_click(), "post", path))  # again: already done
    # The registration with its edition and refusal; a first POST adds get_or_create (SELECT, SAVEPOINT,
    # INSERT, RELEASE), a second its SELECT only.
    assert counts == [1, 1, 5, 2]


PHASES = {
    "avant l'ouverture des inscriptions": datetime.datetime(2025, 5, 1, 12, tzinfo=datetime.UTC),
    "pendant la semaine": datetime.datetime(2025, 10, 21, 15, tzinfo=datetime.UTC),
    "après": datetime.datetime(2025, 11, 10, 15, tzinfo=datetime.UTC),
}


@pytest.mark.parametrize("phase", [*PHASES, "une autre édition courante"])
def test_the_link_works_in_every_phase_of_the_edition(people, phase):
    moment = PHASES.get(phase, PHASES["après"])
    if phase == "une autre édition courante":
        Edition.objects.update(is_current=False)
        make_edition(name="École d'automne 2026", slug="ecole-2026")
    with time_machine.travel(moment, tick=False):
        path = link_of(announce(people)["zoe@exemple.ca"])
        assert f"de «{NBSP}{NAME}{NBSP}»" in text_of(one_click().get(path))
        assert one_click().post(path).status_code == 200
    assert AnnouncementRefusal.objects.get().refused_at == moment


def test_the_announcement_page_says_who_is_left_out(client, organizer, people):
    unsubscribe.stop(people[0])
    response = client.post(
        "/admin/inscriptions/registration/",
        {"action": "announce_selected", "_selected_action": [p.pk for p in people]},
        follow=True,
    )
    page = response.content.decode()
    assert "<summary>1 destinataire</summary>" in page
    assert (
        "1 inscription choisie a refusé les annonces (lien de désabonnement)&nbsp;: elle est laissée de côté." in page
    )
