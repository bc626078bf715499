"""Time-aware registrations (issue 19, finding 4): from an edition's first day a participant can no
longer cancel nor change kind, name or matricule; « Mon espace » says whom to write to; after the last
day it speaks in the past tense and says why there is no attestation. Each phase of the edition:
before registration opens, open, during the week, after it, and once another edition is current."""

import datetime
import html
import io

import pytest
import time_machine
from django.utils import timezone
from pypdf import PdfReader

from automne.french import NBSP
from inscriptions import attestations, checkin
from inscriptions.models import Attestation, Registration
from inscriptions.tests.factories import make_registration
from programme.models import Day, Session
from programme.tests.factories import make_edition, make_session, schedule
from programme.tests.html_text import text

pytestmark = pytest.mark.django_db
MONDAY = datetime.date(2025, 10, 20)
CONTACT = "ecole@enap.ca"


def at(date, hour=10):
    return time_machine.travel(timezone.make_aware(datetime.datetime.combine(date, datetime.time(hour))), tick=False)


# The five moments of an edition from 20 to 24 October 2025, whose registration opens on 1 September.
BEFORE_OPENING = datetime.date(2025, 8, 15)
OPEN = datetime.date(2025, 9, 15)
DURING = datetime.date(2025, 10, 21)
AFTER = datetime.date(2025, 10, 27)
NEXT_CURRENT = datetime.date(2026, 9, 15)


@pytest.fixture
def edition():
    edition = make_edition(
        course_code="ENP7009",
        course_title="Mobilisation des acteurs locaux",
        course_credits=3,
        contact_email=CONTACT,
        registration_opens_at=timezone.make_aware(datetime.datetime(2025, 9, 1, 9)),
    )
    for offset in range(5):
        day = Day.objects.create(edition=edition, date=MONDAY + datetime.timedelta(days=offset))
        schedule(make_session(Session.Kind.KEYNOTE, edition=edition), day, datetime.time(9), datetime.time(12))
    return edition


@pytest.fixture
def next_edition(edition):
    """2026, made current when the moment says so."""
    return make_edition(
        is_current=False, starts_on=datetime.date(2026, 10, 19), ends_on=datetime.date(2026, 10, 23), name="École 2026"
    )


@pytest.fixture
def mine(client, edition):
    registration = make_registration(
        edition,
        first_name="Élodie",
        last_name="Bélanger",
        kind=Registration.Kind.CREDIT,
        matricule="11223344",
        state=Registration.State.CONFIRMED,
    )
    client.force_login(registration.user)
    return registration


def present(registration, *offsets):
    days = list(registration.edition.days.order_by("date"))
    for offset in offsets:
        with at(days[offset].date):
            checkin.set_presence(days[offset], registration, True)


def edit_data(registration, **changes):
    data = {
        "first_name": registration.first_name,
        "last_name": registration.last_name,
        "organisation": registration.organisation,
        "function": registration.function,
        "sector": registration.sector,
        "kind": registration.kind,
        "matricule": registration.matricule,
        "accessibility_needs": "",
        "dietary_restrictions": "",
    }
    return {**data, **changes}


def row(registration):
    return Registration.objects.values().get(pk=registration.pk)


def page_of(client):
    """The text of « Mon espace », as a reader sees it (tags out, white space collapsed)."""
    return text(client.get("/mon-espace/").content.decode(), tag="main")


# The findings, replayed as written.


def test_finding_4_cancel_no_longer_offered_nor_accepted_after_the_week(client, mine):
    present(mine, 0, 1, 2)
    with at(AFTER):
        attestation = attestations.issue(mine)
        before = row(mine)
        page = page_of(client)
        assert "Annuler mon inscription" not in page
        assert f"/mon-espace/inscriptions/{mine.pk}/annuler/" not in page
        for method in ("get", "post"):
            response = getattr(client, method)(f"/mon-espace/inscriptions/{mine.pk}/annuler/")
            assert response.status_code == 403
            text = html.unescape(response.content.decode())
            assert (
                f"L'école a commencé le lundi 20 octobre 2025{NBSP}: votre inscription ne peut plus être annulée "
                f"en ligne. Écrivez aux organisateurs{NBSP}: {CONTACT}." in text
            )
            assert "Rien n'a été modifié." in text
    assert row(mine) == before
    attestation.refresh_from_db()
    assert attestation.is_valid


def test_finding_4_another_name_kind_or_matricule_after_the_week_refused(client, mine):
    present(mine, 0)
    with at(AFTER):
        attestation = attestations.issue(mine)
        pdf_before = client.get(f"/mon-espace/inscriptions/{mine.pk}/attestation.pdf").content
        before = row(mine)
        for changes in [
            {"first_name": "Someone", "last_name": "Else"},
            {"kind": "attestation", "matricule": ""},
            {"matricule": "99999999"},
            {"organisation": "Ailleurs"},  # after the last day nothing changes from « Mon espace »
        ]:
            response = client.post(f"/mon-espace/inscriptions/{mine.pk}/modifier/", edit_data(mine, **changes))
            assert response.status_code == 403, changes
            assert f"Cette édition est terminée{NBSP}: vos renseignements sont gardés tels qu'ils étaient." in (
                html.unescape(response.content.decode())
            )
        assert client.get(f"/mon-espace/inscriptions/{mine.pk}/modifier/").status_code == 403
        verification = html.unescape(client.get(f"/attestations/{attestation.code}/").content.decode())
        pdf_after = client.get(f"/mon-espace/inscriptions/{mine.pk}/attestation.pdf").content
    assert row(mine) == before
    assert "Élodie Bélanger" in verification and "Someone" not in verification
    text = " ".join(PdfReader(io.BytesIO(pdf_after)).pages[0].extract_text().split())
    assert "Élodie Bélanger" in text and "Someone" not in text
    assert (
        PdfReader(io.BytesIO(pdf_before)).pages[0].extract_text()
        == PdfReader(io.BytesIO(pdf_after)).pages[0].extract_text()
    )


# During the week: what is certified is settled; the rest may still change.


def test_during_the_week_identity_refused_other_details_saved(client, mine):
    with at(DURING):
        before = row(mine)
        for changes in [{"last_name": "Autre"}, {"kind": "attestation", "matricule": ""}, {"matricule": "87654321"}]:
            response = client.post(f"/mon-espace/inscriptions/{mine.pk}/modifier/", edit_data(mine, **changes))
            assert response.status_code == 403, changes
            assert (
                f"L'école a commencé{NBSP}: votre nom, votre matricule et votre type d'inscription ne peuvent plus "
                f"être changés en ligne. Pour une correction, écrivez aux organisateurs{NBSP}: {CONTACT}."
                in html.unescape(response.content.decode())
            )
        assert row(mine) == before
        # The browser does not send disabled fields: they keep their values.
        data = edit_data(mine, dietary_restrictions="Sans gluten")
        for name in ("first_name", "last_name", "kind", "matricule"):
            del data[name]
        response = client.post(f"/mon-espace/inscriptions/{mine.pk}/modifier/", data)
        assert response["Location"] == "/mon-espace/"
        mine.refresh_from_db()
        assert (mine.last_name, mine.matricule, mine.dietary_restrictions) == ("Bélanger", "11223344", "Sans gluten")
        form = client.get(f"/mon-espace/inscriptions/{mine.pk}/modifier/").content.decode()
    assert 'name="last_name" value="Bélanger" maxlength="150" autocomplete="family-name" disabled' in form
    assert 'name="dietary_restrictions" cols="40" rows="3" maxlength="1000" aria-describedby' in form
    assert "disabled" not in form.split('name="dietary_restrictions"')[1].split(">")[0]


def test_during_the_week_cancel_refused(client, mine):
    with at(DURING):
        response = client.post(f"/mon-espace/inscriptions/{mine.pk}/annuler/")
    assert response.status_code == 403
    mine.refresh_from_db()
    assert mine.state == Registration.State.CONFIRMED


def test_before_the_week_cancel_and_identity_change_allowed(client, mine):
    with at(OPEN):
        response = client.post(f"/mon-espace/inscriptions/{mine.pk}/modifier/", edit_data(mine, last_name="Côté"))
        assert response["Location"] == "/mon-espace/"
        response = client.post(f"/mon-espace/inscriptions/{mine.pk}/annuler/")
        assert response["Location"] == "/mon-espace/"
    mine.refresh_from_db()
    assert (mine.last_name, mine.state) == ("Côté", Registration.State.CANCELLED)


def test_the_edition_day_starts_at_midnight_in_montreal(client, mine):
    # 23 h 59 on Sunday in Montréal is already Monday in UTC: still before.
    sunday_night = timezone.make_aware(datetime.datetime(2025, 10, 19, 23, 59))
    with time_machine.travel(sunday_night, tick=False):
        assert client.get(f"/mon-espace/inscriptions/{mine.pk}/annuler/").status_code == 200
    with time_machine.travel(sunday_night + datetime.timedelta(minutes=2), tick=False):
        assert client.get(f"/mon-espace/inscriptions/{mine.pk}/annuler/").status_code == 403


# « Mon espace » in every phase.


@pytest.mark.parametrize("moment", [BEFORE_OPENING, OPEN])
def test_my_space_before_the_week_offers_every_change(client, mine, moment):
    with at(moment):
        page = page_of(client)
    assert "Annuler mon inscription" in page
    assert "Modifier mes renseignements" in page
    assert "L'école a commencé" not in page
    assert (
        "Votre attestation sera prête le lendemain du dernier jour de l'école (vendredi 24 octobre 2025), avec les "
        "journées où votre présence a été notée." in page
    )
    assert "Télécharger mon attestation" not in page


def test_my_space_during_the_week_says_whom_to_write_to(client, mine):
    present(mine, 0)
    with at(DURING):
        page = page_of(client)
        assert f'href="mailto:{CONTACT}"' in client.get("/mon-espace/").content.decode()
        assert client.get(f"/mon-espace/inscriptions/{mine.pk}/attestation.pdf").status_code == 404
    assert "Annuler mon inscription" not in page
    assert "Modifier mes renseignements" in page  # accessibility needs, dietary restrictions
    assert (
        f"L'école a commencé{NBSP}: votre inscription ne peut plus être annulée en ligne, ni votre nom, votre matricule "
        f"ou votre type d'inscription changés. Pour une correction, écrivez aux organisateurs{NBSP}: {CONTACT}." in page
    )
    assert "Télécharger mon attestation" not in page  # days are still being noted
    assert Attestation.objects.count() == 0


@pytest.mark.parametrize("moment", [AFTER, NEXT_CURRENT])
def test_my_space_after_the_week_speaks_in_the_past_and_offers_the_attestation(client, mine, next_edition, moment):
    present(mine, 0, 1)
    if moment == NEXT_CURRENT:
        next_edition.is_current = True
        mine.edition.is_current = False
        mine.edition.save()
        next_edition.save()
    with at(moment):
        page = page_of(client)
    assert f"Cette édition est terminée. Votre inscription était{NBSP}: Confirmée" in page
    assert "Présence notée 2 jours" in page
    assert "Télécharger mon attestation (PDF)" in page
    assert "Annuler mon inscription" not in page
    assert "Modifier mes renseignements" not in page
    assert "Restrictions alimentaires" not in page


@pytest.mark.parametrize(
    ("state", "days", "reason"),
    [
        (
            Registration.State.CONFIRMED,
            (),
            f"Aucune présence n'a été notée à votre nom pendant l'école{NBSP}: l'attestation certifie les journées "
            f"suivies, il n'y en a donc pas. Si vous étiez là, écrivez aux organisateurs{NBSP}: {CONTACT}.",
        ),
        (
            Registration.State.WAITING,
            (),
            f"Vous étiez sur la liste d'attente et aucune place ne s'est libérée{NBSP}: il n'y a pas d'attestation.",
        ),
        (Registration.State.CANCELLED, (), f"Cette inscription a été annulée{NBSP}: il n'y a pas d'attestation."),
    ],
)
def test_my_space_after_the_week_says_why_there_is_no_attestation(client, edition, state, days, reason):
    registration = make_registration(edition, state=state)
    client.force_login(registration.user)
    with at(AFTER):
        page = page_of(client)
        response = client.get(f"/mon-espace/inscriptions/{registration.pk}/attestation.pdf")
    assert reason in page
    assert "Télécharger mon attestation" not in page
    assert response.status_code == 404
    assert reason in html.unescape(response.content.decode())
    assert Attestation.objects.count() == 0


def test_my_space_says_when_the_attestation_was_revoked(client, mine):
    present(mine, 0)
    with at(AFTER):
        attestation = attestations.issue(mine)
    with at(datetime.date(2025, 11, 3)):
        attestations.revoke(attestation, reason="Présence notée par erreur", by=None)
        page = page_of(client)
        response = client.get(f"/mon-espace/inscriptions/{mine.pk}/attestation.pdf")
    assert (
        f"Votre attestation a été révoquée le lundi 3 novembre 2025 à 10{NBSP}h. Pour en savoir plus, écrivez aux "
        f"organisateurs{NBSP}: {CONTACT}." in page
    )
    assert "Télécharger mon attestation" not in page
    assert response.status_code == 410
    assert "Cette attestation a été révoquée le lundi 3 novembre 2025." in html.unescape(response.content.decode())
