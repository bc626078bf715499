"""The pages of the materials, the speakers' space and the evaluations are valid HTML for the Nu
HTML Checker: a speaker's, a participant's during the week and after it, an organizer's results."""

import pytest
import time_machine
from django.core.management import call_command

from appreciations import ratings
from appreciations.tests.conftest import QUESTIONS, make_questionnaire, moment
from automne.tests.test_html_validity import validate, vnu  # noqa: F401 (vnu: a fixture)
from inscriptions.tests.factories import make_registration
from intervenants.tests.factories import make_organizer, make_speaker_account
from programme.models import Choice, Edition, Occurrence, Session
from supports import materials
from supports.tests import samples

pytestmark = pytest.mark.django_db


def test_every_page_of_these_apps_is_valid_html(client, vnu, tmp_path, settings):  # noqa: F811
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("load_initial_data", verbosity=0)
    edition = Edition.objects.current()
    make_questionnaire(edition, questions=QUESTIONS)
    occurrence = Occurrence.objects.filter(session__kind=Session.Kind.CASE_STUDY).select_related("session").first()
    session = occurrence.session
    speaker = make_speaker_account(session.speakers.first())
    materials.add(
        session,
        title="Diapositives",
        visibility="public",
        upload=samples.upload("d.pdf", samples.pdf_bytes()),
        by=speaker,
    )
    materials.add(session, title="Article", visibility="participants", url="https://exemple.org/a")
    raters = []
    for n in range(6):
        user = make_registration(edition).user
        Choice.objects.create(user=user, occurrence=occurrence)
        ratings.rate(user, session, str(1 + n % 5), "Un commentaire « utile »", moment(21, 16))
        raters.append(user)
    pages = {}

    def visit(who, user, paths, when):
        client.force_login(user)
        with time_machine.travel(when, tick=False):
            for path in paths:
                response = client.get(path)
                assert response.status_code == 200, path
                pages[f"{who} {path}"] = response.content.decode()

    visit(
        "intervenant·e",
        speaker,
        [
            "/espace-intervenant/",
            f"/espace-intervenant/personnes/{session.speakers.first().pk}/",
            f"/espace-intervenant/seances/{session.pk}/supports/",
        ],
        moment(21, 16),
    )
    week = [
        "/mon-espace/",
        "/mon-programme/",
        session.get_absolute_url(),
        f"/appreciations/{edition.slug}/seances/{session.slug}/",
    ]
    visit("participant·e pendant", raters[0], week, moment(21, 16))
    visit(
        "participant·e après",
        raters[0],
        ["/mon-espace/", f"/appreciations/{edition.slug}/questionnaire/"],
        moment(25, 10),
    )
    results = [
        f"/appreciations/{edition.slug}/resultats/",
        f"/appreciations/{edition.slug}/resultats/seances/{session.slug}/",
    ]
    visit("organisateur", make_organizer(), results, moment(31, 13))
    assert validate(vnu, pages, tmp_path) == {}
