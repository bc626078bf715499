"""The whole loop, through the pages, under a frozen clock: reminders, a hand-in withdrawn and handed in again,
an extension, a late hand-in, anonymous grading by two readers (a stale form among them), publication at once,
the e-mails through the mail queue, the grade in « Mon espace », a grade changed later, and the registrar's
spreadsheet read back with openpyxl."""

import datetime
import html
import io
import re

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core import mail
from django.utils import timezone
from openpyxl import load_workbook

from automne import mail_queue
from automne.french import NBSP
from automne.roles import ORGANIZERS_GROUP
from inscriptions.tests.factories import make_user
from remises import reminders
from remises.models import Assessment, HandIn, Publication
from remises.tests.factories import make_assignment, make_participant, make_teacher, rubric_data, write

pytestmark = pytest.mark.django_db
TAG = re.compile(r"<[^>]*>")


def at(day, hour=10, minute=0):
    return timezone.make_aware(datetime.datetime(2025, 11, day, hour, minute))


def text(response):
    return " ".join(html.unescape(TAG.sub(" ", response.content.decode())).replace(NBSP, " ").split())


def hand_in(client, slug):
    seen = client.get(f"/cahier/{slug}/remise/").context["seen"]
    return client.post(f"/cahier/{slug}/remise/", {"declaration": "oui", "apercu": seen})


def delivered():
    """The queue delivered (django-mailer, to the in-memory outbox here); returns the subjects per address."""
    mail_queue.deliver()
    sent = {}
    for message in mail.outbox:
        sent.setdefault(message.to[0], []).append(message.subject)
    mail.outbox.clear()
    return sent


@pytest.fixture
def queue(settings):
    settings.EMAIL_BACKEND = "mailer.backend.DbBackend"
    settings.MAILER_EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def test_from_the_due_date_to_the_registrars_spreadsheet(client, queue):
    assignment = make_assignment(anonymous=True)
    edition, slug = assignment.edition, assignment.edition.slug
    alix = make_teacher(assignment, first_name="Alix", last_name="Tremblay")
    dominique = make_teacher(assignment, first_name="Dominique", last_name="Gagnon")
    ana, bea, chloe, denis = (
        make_participant(assignment, first_name=name, last_name="Lavoie", matricule=matricule)
        for name, matricule in [("Ana", "00011111"), ("Béa", "00022222"), ("Chloé", "00033333"), ("Denis", "00044444")]
    )
    for person in (ana, bea, chloe):
        write(person, edition, f"Le cahier de {person.first_name}")
    board = f"/cahier/equipe/{slug}/remises/"

    # Friday 7 November, 8 h: the 7-day reminders, to all four.
    with time_machine.travel(at(7, 8), tick=False):
        assert reminders.send_due() == 4
    assert {address: len(subjects) for address, subjects in delivered().items()} == {
        p.email: 1 for p in (ana, bea, chloe, denis)
    }

    # Ana hands in from her phone, withdraws two days later, writes more and hands in again.
    client.force_login(ana)
    with time_machine.travel(at(10), tick=False):
        assert hand_in(client, slug).status_code == 302
    first = HandIn.objects.get(participant=ana)
    with time_machine.travel(at(12), tick=False):
        assert client.post(f"/cahier/{slug}/remise/{first.pk}/retirer/").status_code == 302
        write(ana, edition, "Le cahier d'Ana, relu et complété")
        assert hand_in(client, slug).status_code == 302
    second = HandIn.objects.get(participant=ana, withdrawn_at=None)
    assert (second.number, second.is_late, first.sha256 != second.sha256) == (2, False, True)
    assert delivered() == {ana.email: [f"Cahier remis — {edition.name}"] * 2}

    # Alix gives Béa until Tuesday 18 November at 17 h.
    client.force_login(alix)
    with time_machine.travel(at(13), tick=False):
        response = client.post(
            f"{board}prolongations/{bea.pk}/", {"jusqua": "2025-11-18T17:00", "motif": "Convalescence"}
        )
        assert response.status_code == 302

    # Friday 14 November, 8 h: the 1-day reminders, to Chloé and Denis only (Ana handed in, Béa has until the 18th).
    with time_machine.travel(at(14, 8), tick=False):
        assert reminders.send_due() == 2
    assert set(delivered()) == {chloe.email, denis.email}

    # Saturday 15: Chloé hands in late; Sunday 16: Béa hands in, on time thanks to her extension.
    client.force_login(chloe)
    with time_machine.travel(at(15), tick=False):
        assert hand_in(client, slug).status_code == 302
    client.force_login(bea)
    with time_machine.travel(at(16), tick=False):
        assert hand_in(client, slug).status_code == 302
    assert [(h.participant, h.is_late) for h in HandIn.objects.active().order_by("handed_in_at")] == [
        (ana, False),
        (chloe, True),
        (bea, False),
    ]
    receipts = delivered()
    assert all(subjects == [f"Cahier remis — {edition.name}"] for subjects in receipts.values())
    assert set(receipts) == {chloe.email, bea.email}

    # Sunday 16: the team's board. Names are hidden for the hand-ins, Denis is listed by name, not handed in.
    ana_a, bea_a, chloe_a = (Assessment.objects.get(participant=p) for p in (ana, bea, chloe))
    client.force_login(alix)
    with time_machine.travel(at(16, 12), tick=False):
        page = text(client.get(board))
        assert "4 personnes affichées · 2 remis à temps · 1 en retard · 1 non remis · 0 avec prolongation" in page
        for person in (ana, bea, chloe):
            assert f"{person.first_name} Lavoie" not in page
        assert "Denis Lavoie" in page
        assert all(f"Participant·e n° {a.alias}" in page for a in (ana_a, bea_a, chloe_a))
        # Béa's due date is the 18th: her hand-in is not graded before.
        response = client.post(f"{board}{bea_a.pk}/", rubric_data(bea_a))
        assert response.status_code == 409
        assert "L'évaluation commence après la date de remise de la personne (mardi 18 novembre 2025 à 17 h)" in text(
            response
        )

        # Ana's hand-in: Alix reads, Dominique is the second reader.
        client.post(f"{board}{ana_a.pk}/lecteurs/", {"lecteur": alix.pk, "deuxieme_lecteur": dominique.pk})
        ana_a.refresh_from_db()
        assert client.post(f"{board}{ana_a.pk}/", rubric_data(ana_a, feedback="Premier jet.")).status_code == 302
        client.force_login(dominique)
        stale = client.get(f"{board}{ana_a.pk}/").context["assessment"].version
        client.force_login(alix)
        ana_a.refresh_from_db()
        assert client.post(f"{board}{ana_a.pk}/", rubric_data(ana_a, feedback="Version d'Alix.")).status_code == 302
        client.force_login(dominique)
        response = client.post(
            f"{board}{ana_a.pk}/", rubric_data(ana_a, feedback="Version de Dominique.", version=stale)
        )
        assert response.status_code == 409
        assert "Version d'Alix." in text(response) and "Version de Dominique." in text(response)
        assert client.post(f"{board}{ana_a.pk}/deuxieme-lecture/").status_code == 302
        client.force_login(alix)
        assert client.post(f"{board}{ana_a.pk}/pret/").status_code == 302

        # Chloé's late hand-in, read by Alix alone.
        assert (
            client.post(f"{board}{chloe_a.pk}/", rubric_data(chloe_a, ("Satisfaisant", "Satisfaisant"))).status_code
            == 302
        )
        assert client.post(f"{board}{chloe_a.pk}/pret/").status_code == 302

    # Wednesday 19: Béa's hand-in, then everything ready is published at once.
    with time_machine.travel(at(19), tick=False):
        bea_a.refresh_from_db()
        assert client.post(f"{board}{bea_a.pk}/", rubric_data(bea_a, ("Excellent", "Excellent"))).status_code == 302
        assert client.post(f"{board}{bea_a.pk}/pret/").status_code == 302
        assert client.post(f"{board}publier/").status_code == 302
        page = text(client.get(board))
        assert all(f"{p.first_name} Lavoie" in page for p in (ana, bea, chloe))  # published: names shown
        assert "Publié (3)" in page
    published = delivered()
    assert published == {p.email: [f"Évaluation de votre cahier publiée — {edition.name}"] for p in (ana, bea, chloe)}

    # Ana sees her grade in « Mon espace », in her cahier and on the page of her evaluation.
    client.force_login(ana)
    with time_machine.travel(at(20), tick=False):
        assert "Note publiée : B" in text(client.get("/mon-espace/"))
        assert "Note publiée : B" in text(client.get(f"/cahier/{slug}/"))
        evaluation = text(client.get(f"/cahier/{slug}/evaluation/"))
        assert "Note : B" in evaluation and "Version d'Alix." in evaluation
        assert "pour la remise n° 2 du mercredi 12 novembre 2025 à 10 h" in evaluation

    # Tuesday 25: Chloé's grade is changed, with its reason; her earlier one stays in the history.
    client.force_login(alix)
    with time_machine.travel(at(25), tick=False):
        assert client.post(f"{board}{chloe_a.pk}/modifier/", {"motif": "Critère 2 mal lu"}).status_code == 302
        chloe_a.refresh_from_db()
        assert (
            client.post(f"{board}{chloe_a.pk}/", rubric_data(chloe_a, ("Excellent", "Satisfaisant"))).status_code == 302
        )
        assert client.post(f"{board}{chloe_a.pk}/pret/").status_code == 302
        assert client.post(f"{board}{chloe_a.pk}/publier/").status_code == 302
    assert delivered() == {chloe.email: [f"Évaluation de votre cahier modifiée — {edition.name}"]}
    assert list(Publication.objects.filter(assessment=chloe_a).values_list("grade", "reason")) == [
        ("E", ""),
        ("B", "Critère 2 mal lu"),
    ]

    # The registrar's spreadsheet, exported by an organizer from the admin.
    organizer = make_user("organisatrice@enap.ca", is_staff=True)
    organizer.groups.add(Group.objects.get(name=ORGANIZERS_GROUP))
    client.force_login(organizer)
    response = client.post(
        "/admin/remises/assignment/", {"action": "export_grades", "_selected_action": [assignment.pk]}
    )
    sheet = load_workbook(io.BytesIO(response.content))["Notes"]
    assert [[cell.value for cell in row] for row in sheet.iter_rows()] == [
        ["Nom", "Prénom", "Matricule", "Sigle du cours", "Cours", "Note", "Publiée le"],
        [
            "Lavoie",
            "Ana",
            "00011111",
            "ENP7009",
            "Mobilisation des acteurs locaux",
            "B",
            datetime.datetime(2025, 11, 19, 10),
        ],
        [
            "Lavoie",
            "Béa",
            "00022222",
            "ENP7009",
            "Mobilisation des acteurs locaux",
            "A+",
            datetime.datetime(2025, 11, 19, 10),
        ],
        [
            "Lavoie",
            "Chloé",
            "00033333",
            "ENP7009",
            "Mobilisation des acteurs locaux",
            "B",
            datetime.datetime(2025, 11, 25, 10),
        ],
    ]
