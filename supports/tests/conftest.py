import datetime

import pytest

from inscriptions.models import Registration
from inscriptions.tests.factories import make_registration
from intervenants.tests.factories import make_organizer, make_speaker_account, make_teacher
from programme.models import Session
from programme.tests.factories import make_edition, make_programme
from supports import materials
from supports.tests import samples


class World:
    """Two editions and a person of every role; three files and a link on one session of the first."""


@pytest.fixture
def world(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    w = World()
    w.edition = make_programme()
    w.other_edition = make_programme(
        make_edition(is_current=False, starts_on=datetime.date(2024, 10, 21), ends_on=datetime.date(2024, 10, 25))
    )
    w.session, w.other_session = Session.objects.filter(edition=w.edition, kind=Session.Kind.CASE_STUDY).order_by("pk")[
        :2
    ]
    w.elsewhere = Session.objects.filter(edition=w.other_edition, kind=Session.Kind.CASE_STUDY).first()
    w.people = {
        "participant": make_registration(w.edition).user,
        "liste d'attente": make_registration(w.edition, state=Registration.State.WAITING).user,
        "annulée": make_registration(w.edition, state=Registration.State.CANCELLED).user,
        "participant d'une autre édition": make_registration(w.other_edition).user,
        "intervenant·e de la séance": make_speaker_account(w.session.speakers.first()),
        "intervenant·e d'une autre séance": make_speaker_account(w.other_session.speakers.first()),
        "intervenant·e d'une autre édition": make_speaker_account(w.elsewhere.speakers.first()),
        "équipe pédagogique": make_teacher(),
        "organisateur": make_organizer(),
    }
    pdf = samples.pdf_bytes()
    w.files = {
        visibility: materials.add(
            w.session, title=f"Fichier {visibility}", visibility=visibility, upload=samples.upload("d.pdf", pdf)
        )
        for visibility in ("public", "participants", "equipe")
    }
    w.link = materials.add(
        w.session, title="Article cité", visibility="participants", url="https://exemple.org/article"
    )
    return w
