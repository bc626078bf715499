"""An attestation is a record fixed when first issued (issue 19, Deliver 4): the registration changing
afterwards does not change it; an organizer corrects it (the record taken again, with a reason) or
revokes it (with a reason), each kept with who and when; the verification page and the PDF say so."""

import datetime
import html
import io

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.utils import timezone
from pypdf import PdfReader

from automne.french import NBSP
from automne.roles import TEACHING_TEAM
from inscriptions import attestations, checkin
from inscriptions.models import Attestation, AttestationChange, Registration
from inscriptions.tests.factories import make_registration, make_user
from programme.models import Day, Session
from programme.tests.factories import make_edition, make_session, schedule
from programme.tests.html_text import text

pytestmark = pytest.mark.django_db
MONDAY = datetime.date(2025, 10, 20)
ADMIN = "/admin/inscriptions/attestation/"


def at(moment):
    if isinstance(moment, datetime.date) and not isinstance(moment, datetime.datetime):
        moment = datetime.datetime.combine(moment, datetime.time(10))
    return time_machine.travel(timezone.make_aware(moment), tick=False)


@pytest.fixture
def edition():
    edition = make_edition(course_code="ENP7009", course_title="Mobilisation des acteurs locaux", course_credits=3)
    for offset in range(3):
        day = Day.objects.create(edition=edition, date=MONDAY + datetime.timedelta(days=offset))
        schedule(make_session(Session.Kind.KEYNOTE, edition=edition), day, datetime.time(9), datetime.time(12))
    return edition


@pytest.fixture
def elodie(edition):
    registration = make_registration(
        edition, first_name="Élodie", last_name="Bélanger", kind=Registration.Kind.CREDIT, matricule="11223344"
    )
    for day in edition.days.order_by("date")[:2]:
        checkin.set_presence(day, registration, True, moment=timezone.make_aware(datetime.datetime(2025, 10, 25)))
    return registration


@pytest.fixture
def issued(elodie):
    with at(datetime.date(2025, 10, 27)):
        return attestations.issue(elodie)


def verification(client, attestation):
    response = client.get(f"/attestations/{attestation.code}/")
    assert response.status_code == 200
    return text(response.content.decode(), tag="main")


def pdf_text(client, registration):
    client.force_login(registration.user)
    response = client.get(f"/mon-espace/inscriptions/{registration.pk}/attestation.pdf")
    client.logout()
    return response.status_code, " ".join(PdfReader(io.BytesIO(response.content)).pages[0].extract_text().split())


def test_issue_fixes_the_record(issued):
    assert issued.record() == {
        "full_name": "Élodie Bélanger",
        "kind": "credit",
        "course_label": f"ENP7009 – Mobilisation des acteurs locaux – 3{NBSP}crédits",
        "matricule": "11223344",
        "days": ["2025-10-20", "2025-10-21"],
        "minutes": 360,
    }
    assert issued.issued_at == timezone.make_aware(datetime.datetime(2025, 10, 27, 10))


def test_issue_twice_gives_the_same_record(elodie, issued):
    assert attestations.issue(elodie) == issued
    assert Attestation.objects.count() == 1


def test_organizer_edit_of_the_registration_leaves_the_attestation_and_says_so(client, organizer, elodie, issued):
    data = {
        "kind": "credit",
        "matricule": "11223344",
        "first_name": "Élodie",
        "last_name": "Bélanger-Côté",
        "organisation": elodie.organisation,
        "function": elodie.function,
        "sector": elodie.sector,
        "accessibility_needs": "",
        "dietary_restrictions": "",
        "attendances-TOTAL_FORMS": "2",
        "attendances-INITIAL_FORMS": "2",
    }
    response = client.post(f"/admin/inscriptions/registration/{elodie.pk}/change/", data, follow=True)
    messages = [str(m) for m in response.context["messages"]]
    assert (
        f"L'attestation {issued.code} garde ce qu'elle disait à sa délivrance. Si elle doit suivre cette modification, "
        "corrigez-la (Attestations › l'attestation › « Corriger »), avec une raison." in messages
    )
    elodie.refresh_from_db()
    assert elodie.last_name == "Bélanger-Côté"
    page = verification(client, issued)
    assert "Élodie Bélanger " in page + " " and "Bélanger-Côté" not in page
    status, pdf = pdf_text(client, elodie)
    assert status == 200
    assert "Élodie Bélanger" in pdf and "Côté" not in pdf


def test_correction_takes_the_record_again_with_a_reason_who_and_when(client, organizer, elodie, issued):
    Registration.objects.filter(pk=elodie.pk).update(last_name="Bélanger-Côté")
    day = elodie.edition.days.order_by("date").last()
    checkin.set_presence(day, elodie, True)
    page = client.get(f"{ADMIN}{issued.pk}/corriger/").content.decode()
    assert "<td>Élodie Bélanger</td><td>Élodie Bélanger-Côté</td>" in page
    assert "<td>360</td><td>540</td>" in page
    with at(datetime.datetime(2025, 11, 3, 14, 5)):
        response = client.post(f"{ADMIN}{issued.pk}/corriger/", {"reason": "Nom de famille complet, journée oubliée"})
    assert response["Location"] == f"{ADMIN}{issued.pk}/change/"
    issued.refresh_from_db()
    assert (issued.full_name, issued.minutes, len(issued.days)) == ("Élodie Bélanger-Côté", 540, 3)
    [change] = AttestationChange.objects.all()
    assert (change.action, change.reason, change.by, change.by_name) == (
        "correction",
        "Nom de famille complet, journée oubliée",
        organizer,
        organizer.email,
    )
    assert change.at == timezone.make_aware(datetime.datetime(2025, 11, 3, 14, 5))
    assert change.before["full_name"] == "Élodie Bélanger" and change.before["minutes"] == 360
    page = verification(client, issued)
    assert f"Attestation valide, corrigée le lundi 3 novembre 2025 à 14{NBSP}h{NBSP}05." in page
    assert "Élodie Bélanger-Côté" in page and f"9{NBSP}h" in page
    _, pdf = pdf_text(client, elodie)
    assert "Élodie Bélanger-Côté" in pdf and "Heures de formation suivies : 9 h" in pdf


@pytest.mark.parametrize(
    ("reason", "message"),
    [("", "Ce champ est obligatoire."), ("   ", "Ce champ est obligatoire."), ("x" * 1001, "au plus 1000 caractères")],
)
def test_correction_or_revocation_without_a_proper_reason_changes_nothing(client, organizer, issued, reason, message):
    Registration.objects.filter(pk=issued.registration_id).update(last_name="Autre")
    before = Attestation.objects.values().get(pk=issued.pk)
    for step in ("corriger", "revoquer"):
        response = client.post(f"{ADMIN}{issued.pk}/{step}/", {"reason": reason})
        assert response.status_code == 400
        assert message in html.unescape(response.content.decode())
    assert Attestation.objects.values().get(pk=issued.pk) == before
    assert AttestationChange.objects.count() == 0


def test_correction_with_nothing_to_correct_refused(client, organizer, issued):
    response = client.post(f"{ADMIN}{issued.pk}/corriger/", {"reason": "Pour voir"})
    assert response.status_code == 400
    assert (
        f"L'attestation dit déjà ce que disent l'inscription et ses présences{NBSP}: rien à corriger."
        in html.unescape(response.content.decode())
    )
    assert AttestationChange.objects.count() == 0


def test_revocation_says_revoked_on_the_verification_page(client, organizer, elodie, issued):
    with at(datetime.datetime(2025, 11, 3, 9)):
        response = client.post(f"{ADMIN}{issued.pk}/revoquer/", {"reason": "Présences notées par erreur"})
    assert response.status_code == 302
    page = verification(client, issued)
    assert f"Attestation révoquée le lundi 3 novembre 2025 à 9{NBSP}h{NBSP}: elle n'atteste plus rien." in page
    assert "Attestation valide" not in page
    status, _ = 410, None
    client.force_login(elodie.user)
    assert client.get(f"/mon-espace/inscriptions/{elodie.pk}/attestation.pdf").status_code == status
    [change] = AttestationChange.objects.all()
    assert (change.action, change.by, change.reason) == ("revocation", organizer, "Présences notées par erreur")
    # Revoked: neither corrected nor revoked again.
    client.force_login(organizer)
    for step in ("corriger", "revoquer"):
        assert client.post(f"{ADMIN}{issued.pk}/{step}/", {"reason": "Encore"}).status_code == 400
    assert AttestationChange.objects.count() == 1


def test_after_revocation_the_registration_may_be_cancelled(organizer, elodie, issued):
    from inscriptions import seats

    assert seats.cancel([elodie]).attested == [elodie]
    attestations.revoke(issued, reason="Annulation demandée", by=organizer)
    assert seats.cancel([elodie]).changed == [elodie]
    assert elodie.attendances.count() == 0  # no presence without a seat


def test_correct_and_revoke_need_the_permission(client, issued):
    teacher = make_user(is_staff=True)
    teacher.groups.add(Group.objects.get(name=TEACHING_TEAM))
    client.force_login(teacher)
    for step in ("corriger", "revoquer"):
        assert client.post(f"{ADMIN}{issued.pk}/{step}/", {"reason": "x"}).status_code == 403
    assert AttestationChange.objects.count() == 0
    issued.refresh_from_db()
    assert issued.is_valid


def test_attestation_admin_is_read_only_and_shows_its_state(client, organizer, issued):
    page = client.get(f"{ADMIN}{issued.pk}/change/").content.decode()
    assert f'href="{ADMIN}{issued.pk}/corriger/"' in page and f'href="{ADMIN}{issued.pk}/revoquer/"' in page
    assert 'name="full_name"' not in page
    assert client.get(f"{ADMIN}add/").status_code == 403
    assert client.post(f"{ADMIN}{issued.pk}/delete/").status_code == 403
    listing = client.get(ADMIN, {"edition": "toutes"})
    assert [row.pk for row in listing.context_data["cl"].result_list] == [issued.pk]
    assert "Valide" in listing.content.decode()


def test_unknown_attestation_in_the_admin_is_404(client, organizer):
    assert client.get(f"{ADMIN}99999/corriger/").status_code == 404
    assert client.post(f"{ADMIN}99999/revoquer/", {"reason": "x"}).status_code == 404


def test_data_export_holds_the_attestation_record(client, elodie, issued):
    attestations.revoke(issued, reason="Erreur", by=None)
    client.force_login(elodie.user)
    [registration] = client.get("/mon-espace/donnees.json").json()["inscriptions"]["inscriptions"]
    issued.refresh_from_db()
    assert registration["attestation"] == {
        "code": issued.code,
        "verification": f"/attestations/{issued.code}/",
        "delivree_le": issued.issued_at.isoformat(),
        "nom": "Élodie Bélanger",
        "type": "Formation créditée",
        "cours": f"ENP7009 – Mobilisation des acteurs locaux – 3{NBSP}crédits",
        "matricule": "11223344",
        "journees": ["2025-10-20", "2025-10-21"],
        "minutes_de_formation": 360,
        "corrigee_le": None,
        "revoquee_le": issued.revoked_at.isoformat(),
    }
