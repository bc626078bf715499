"""« Remettre mon cahier »: the preview, the copy a hand-in fixes, withdrawing and handing in again, late
and closed, extensions, and every refusal (French, the right status, nothing created)."""

import datetime
import hashlib
import html

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from automne.french import NBSP
from cahier.models import Drawing
from inscriptions.models import Registration
from remises import handing_in
from remises.handing_in import Refused
from remises.models import Assessment, Extension, HandIn, HandInAnswer, HandInDrawing
from remises.tests.factories import (
    AFTER_CUTOFF,
    BEFORE_DUE,
    CUTOFF,
    DUE,
    LATE,
    make_participant,
    write,
)

pytestmark = pytest.mark.django_db


def url(edition):
    return f"/cahier/{edition.slug}/remise/"


def hand_in_through_page(client, edition, **extra):
    """Opens the page (the preview), then hands in with the preview's fingerprint and the statement ticked."""
    seen = client.get(url(edition)).context["seen"]
    return client.post(url(edition), {"declaration": "oui", "apercu": seen, **extra})


def text(response):
    return html.unescape(response.content.decode())


def plain(response):
    """The page's text with its no-break spaces as spaces, for what is not about typography."""
    return text(response).replace(NBSP, " ")


def counts():
    return (HandIn.objects.count(), HandInAnswer.objects.count(), Assessment.objects.count(), len(mail.outbox))


@pytest.fixture
def writing(client, participant, edition):
    write(participant, edition, "Ce que je retiens de la semaine", draw=True)
    client.force_login(participant)
    return client


@time_machine.travel(BEFORE_DUE, tick=False)
def test_preview_shows_each_theme_with_answered_and_empty_areas_words_and_drawings(writing, edition):
    page = plain(writing.get(url(edition)))
    assert "Ce qui sera remis" in page
    assert "7 mots en tout" in page
    assert "1 zone écrite sur 2 · 7 mots" in page  # the theme: one level answered, one empty
    assert "0 zone écrite sur 1 · 0 mot" in page  # the closing question
    assert page.count(">vide<") == 2
    assert ">7 mots<" in page
    assert "<figcaption>Un croquis de la salle</figcaption>" in page
    assert "Je confirme que ce cahier est mon travail personnel" in page
    assert "vendredi 14 novembre 2025 à 23 h 59" in page


@time_machine.travel(BEFORE_DUE, tick=False)
def test_hand_in_fixes_every_answer_and_drawing_with_the_pdf_and_its_sha256(writing, participant, edition):
    response = hand_in_through_page(writing, edition)
    assert response.status_code == 302
    handed_in = HandIn.objects.get()
    assert (handed_in.number, handed_in.is_late, handed_in.for_credit, handed_in.words) == (1, False, True, 7)
    assert handed_in.handed_in_at == BEFORE_DUE and handed_in.due_at == DUE
    assert bytes(handed_in.pdf).startswith(b"%PDF")
    assert handed_in.sha256 == hashlib.sha256(bytes(handed_in.pdf)).hexdigest()
    answers = [
        (a.page.title, a.heading, a.questions, a.text, a.words)
        for a in HandInAnswer.objects.order_by("page__order", "order")
    ]
    assert answers == [
        ("Éveil – Coproduire", "En moi", ["Question guide 1 ?"], "Ce que je retiens de la semaine", 7),
        ("Éveil – Coproduire", "Dans mes contextes", ["Question guide 2 ?"], "", 0),
        ("Questions de clôture", "Que retenez-vous pour vous ?", [], "", 0),
    ]
    drawing = HandInDrawing.objects.get()
    original = Drawing.objects.get()
    with original.image.open("rb") as file:
        assert bytes(drawing.content) == file.read()
    assert (drawing.caption, drawing.width, drawing.height) == ("Un croquis de la salle", 40, 30)
    # Both sides see the same fingerprint: the participant's page and the receipt.
    assert handed_in.sha256 in text(writing.get(url(edition)))
    assert [m.subject for m in mail.outbox] == ["Cahier remis — École de test"]
    assert handed_in.sha256 in mail.outbox[0].body
    assert f"Empreinte SHA-256 du PDF remis{NBSP}:" in mail.outbox[0].body


@time_machine.travel(BEFORE_DUE, tick=False)
def test_the_living_cahier_stays_writable_and_the_copy_unchanged(writing, participant, edition):
    hand_in_through_page(writing, edition)
    prompt = write(participant, edition, "Une réponse réécrite après la remise")
    Drawing.objects.get().delete()
    assert prompt.answers.get(user=participant).text == "Une réponse réécrite après la remise"
    handed_in = HandIn.objects.get()
    assert handed_in.pages.get(order=0).answers.get(order=0).text == "Ce que je retiens de la semaine"
    assert HandInDrawing.objects.filter(hand_in=handed_in).count() == 1
    assert hashlib.sha256(bytes(handed_in.pdf)).hexdigest() == handed_in.sha256
    response = writing.get(f"/cahier/{edition.slug}/remise/{handed_in.pk}/cahier-remis.pdf")
    assert hashlib.sha256(response.content).hexdigest() == handed_in.sha256


def test_withdraw_and_hand_in_again_keeps_each_hand_in(writing, participant, edition):
    with time_machine.travel(BEFORE_DUE, tick=False):
        hand_in_through_page(writing, edition)
        first = HandIn.objects.get()
    with time_machine.travel(BEFORE_DUE + datetime.timedelta(hours=1), tick=False):
        response = writing.post(f"/cahier/{edition.slug}/remise/{first.pk}/retirer/")
        assert response.status_code == 302
        first.refresh_from_db()
        assert first.withdrawn_at == BEFORE_DUE + datetime.timedelta(hours=1)
        assert Assessment.objects.get().hand_in is None
        write(participant, edition, "Une version plus mûre")
        hand_in_through_page(writing, edition)
    second = HandIn.objects.get(withdrawn_at=None)
    assert (second.number, HandIn.objects.count()) == (2, 2)
    assert Assessment.objects.get().hand_in == second
    assert second.pages.get(order=0).answers.get(order=0).text == "Une version plus mûre"
    page = plain(writing.get(url(edition)))
    assert "Remise n° 1" in page and "retirée le lundi 10 novembre 2025 à 11 h" in page
    assert "Remise n° 2" in page


def test_after_the_due_date_a_hand_in_is_late_and_cannot_be_withdrawn(writing, participant, edition):
    with time_machine.travel(LATE, tick=False):
        assert "sera marquée «" in text(writing.get(url(edition)))
        hand_in_through_page(writing, edition)
        handed_in = HandIn.objects.get()
        assert handed_in.is_late
        response = writing.post(f"/cahier/{edition.slug}/remise/{handed_in.pk}/retirer/")
    assert response.status_code == 403
    assert "La date de remise est passée" in text(response)
    handed_in.refresh_from_db()
    assert handed_in.withdrawn_at is None


def test_after_the_cut_off_a_hand_in_is_refused_with_the_reason_and_nothing_created(writing, edition):
    with time_machine.travel(AFTER_CUTOFF, tick=False):
        page = text(writing.get(url(edition)))
        assert "Remettre mon cahier</button>" not in page
        before = counts()
        response = writing.post(url(edition), {"declaration": "oui"})
    assert response.status_code == 403
    assert f"La remise est close depuis le vendredi 21 novembre 2025 à 23{NBSP}h{NBSP}59" in text(response)
    assert counts() == before


def test_an_unaccepted_statement_is_refused_and_nothing_created(writing, edition):
    with time_machine.travel(BEFORE_DUE, tick=False):
        before = counts()
        response = hand_in_through_page(writing, edition, declaration="")
    assert response.status_code == 400
    assert f"Cochez la déclaration pour remettre votre cahier{NBSP}: rien n'a été remis." in text(response)
    assert counts() == before


def test_a_second_hand_in_the_same_second_is_refused(writing, edition):
    with time_machine.travel(BEFORE_DUE, tick=False):
        hand_in_through_page(writing, edition)
        before = counts()
        response = hand_in_through_page(writing, edition)
    assert response.status_code == 409
    assert "Votre cahier est déjà remis (remise n° 1, le lundi 10 novembre 2025 à 10" in text(response)
    assert counts() == before


def test_a_cahier_changed_since_its_preview_is_refused(writing, participant, edition):
    with time_machine.travel(BEFORE_DUE, tick=False):
        seen = writing.get(url(edition)).context["seen"]
        write(participant, edition, "Modifié dans un autre onglet")
        before = counts()
        response = writing.post(url(edition), {"declaration": "oui", "apercu": seen})
    assert response.status_code == 409
    assert "Votre cahier a changé depuis l'aperçu" in text(response)
    assert "Modifié dans un autre onglet" not in text(response)  # the preview counts, not the text
    assert "5 mots en tout" in plain(response)  # the new preview is shown
    assert counts() == before


def test_an_empty_cahier_is_refused(client, assignment, participant, edition):
    client.force_login(participant)
    with time_machine.travel(BEFORE_DUE, tick=False):
        before = counts()
        response = hand_in_through_page(client, edition)
    assert response.status_code == 400
    assert "Votre cahier est vide" in text(response)
    assert counts() == before


def test_an_edition_without_hand_in_refuses(client, participant):
    from inscriptions.tests.factories import make_registration
    from programme.tests.factories import make_edition

    other = make_edition(is_current=False)
    make_registration(other, user=participant, kind=Registration.Kind.CREDIT, matricule="123")
    client.force_login(participant)
    before = counts()
    for response in (client.get(url(other)), client.post(url(other), {"declaration": "oui"})):
        assert response.status_code == 404
        assert "Cette édition ne prévoit pas de remise du cahier." in text(response)
    assert counts() == before


def test_an_attestation_participant_hands_in_only_when_the_edition_allows_it(client, assignment, edition):
    attestation = make_participant(assignment, kind=Registration.Kind.ATTESTATION)
    write(attestation, edition)
    client.force_login(attestation)
    with time_machine.travel(BEFORE_DUE, tick=False):
        response = client.post(url(edition), {"declaration": "oui"})
        assert response.status_code == 403
        assert "Seules les personnes inscrites à la formation créditée" in text(response)
        assert HandIn.objects.count() == 0
        assignment.attestation_may_hand_in = True
        assignment.save()
        assert hand_in_through_page(client, edition).status_code == 302
    assert HandIn.objects.get().for_credit is False


def test_a_cancelled_or_waiting_registration_does_not_hand_in(client, assignment, participant, edition):
    write(participant, edition)
    client.force_login(participant)
    for state in (Registration.State.CANCELLED, Registration.State.WAITING):
        Registration.objects.filter(user=participant).update(state=state)
        with time_machine.travel(BEFORE_DUE, tick=False):
            assert client.post(url(edition), {"declaration": "oui"}).status_code == 403
    assert HandIn.objects.count() == 0


def test_another_accounts_hand_in_is_unreachable(client, assignment, participant, edition):
    write(participant, edition)
    with time_machine.travel(BEFORE_DUE, tick=False):
        handed_in = handing_in.hand_in(participant, edition, accepted=True)
        other = make_participant(assignment)
        write(other, edition)
        client.force_login(other)
        assert client.post(f"/cahier/{edition.slug}/remise/{handed_in.pk}/retirer/").status_code == 404
        assert client.get(f"/cahier/{edition.slug}/remise/{handed_in.pk}/cahier-remis.pdf").status_code == 404
        assert client.get(f"/cahier/{edition.slug}/evaluation/").status_code == 404
    handed_in.refresh_from_db()
    assert handed_in.withdrawn_at is None
    assert handed_in.sha256 not in text(client.get(url(edition)))


def test_an_extension_moves_the_due_date_and_the_cut_off(assignment, participant, edition):
    write(participant, edition)
    until = CUTOFF + datetime.timedelta(days=3)
    with time_machine.travel(BEFORE_DUE, tick=False):
        handing_in.grant_extension(assignment, participant.pk, until=until, reason="Hospitalisation", by=None)
    dates = handing_in.deadline_of(assignment, participant)
    assert (dates.due, dates.cutoff) == (until, until)
    with time_machine.travel(AFTER_CUTOFF, tick=False):  # past the edition's cut-off, within the extension
        handed_in = handing_in.hand_in(participant, edition, accepted=True)
    assert (handed_in.is_late, handed_in.due_at) == (False, until)


def test_the_newest_extension_counts_and_each_is_kept(assignment, participant):
    with time_machine.travel(BEFORE_DUE, tick=False):
        handing_in.grant_extension(
            assignment, participant.pk, until=DUE + datetime.timedelta(days=2), reason="Un", by=None
        )
    with time_machine.travel(BEFORE_DUE + datetime.timedelta(days=1), tick=False):
        handing_in.grant_extension(
            assignment, participant.pk, until=DUE + datetime.timedelta(days=1), reason="Deux", by=None
        )
    assert list(Extension.objects.values_list("reason", flat=True)) == ["Deux", "Un"]
    assert handing_in.deadline_of(assignment, participant).due == DUE + datetime.timedelta(days=1)


@pytest.mark.parametrize(
    "until, reason, message",
    [
        (DUE + datetime.timedelta(days=1), "", "Indiquez le motif de la prolongation."),
        (DUE + datetime.timedelta(days=1), "x" * 1001, "Le motif ne doit pas dépasser 1000 caractères."),
        (DUE, "Malade", "La nouvelle date de remise doit venir après la date de remise de l'édition"),
        (BEFORE_DUE - datetime.timedelta(days=30), "Malade", "La nouvelle date de remise doit venir après"),
    ],
)
def test_a_bad_extension_is_refused_and_nothing_created(assignment, participant, until, reason, message):
    with time_machine.travel(BEFORE_DUE, tick=False), pytest.raises(Refused) as refused:
        handing_in.grant_extension(assignment, participant.pk, until=until, reason=reason, by=None)
    assert refused.value.message.startswith(message)
    assert Extension.objects.count() == 0


def test_an_extension_in_the_past_is_refused(assignment, participant):
    with time_machine.travel(AFTER_CUTOFF, tick=False), pytest.raises(Refused) as refused:
        handing_in.grant_extension(
            assignment, participant.pk, until=DUE + datetime.timedelta(days=1), reason="x", by=None
        )
    assert refused.value.message == "La nouvelle date de remise doit être à venir."
    assert Extension.objects.count() == 0


def test_withdrawing_once_grading_began_is_refused(assignment, participant, edition):
    write(participant, edition)
    with time_machine.travel(BEFORE_DUE, tick=False):
        handed_in = handing_in.hand_in(participant, edition, accepted=True)
    Assessment.objects.update(state=Assessment.State.IN_PROGRESS)
    with time_machine.travel(BEFORE_DUE, tick=False), pytest.raises(Refused) as refused:
        handing_in.withdraw(participant, edition, handed_in.pk)
    assert refused.value.status == 403
    handed_in.refresh_from_db()
    assert handed_in.withdrawn_at is None


def test_the_pdf_cover_says_when_it_was_handed_in(assignment, participant, edition):
    import io

    from pypdf import PdfReader

    write(participant, edition)
    with time_machine.travel(BEFORE_DUE, tick=False):
        handed_in = handing_in.hand_in(participant, edition, accepted=True)
    cover = PdfReader(io.BytesIO(bytes(handed_in.pdf))).pages[0].extract_text()
    assert "Remise n° 1, le lundi 10 novembre 2025 à 10" in cover
    assert participant.get_full_name() in cover


def test_status_is_none_for_someone_who_does_not_hand_in(assignment, edition):
    from inscriptions.tests.factories import make_user

    assert handing_in.status(make_user(), edition, now=timezone.now()) is None


def test_a_cahier_changed_while_its_pdf_is_made_is_refused(monkeypatch, assignment, participant, edition):
    """The PDF is rendered before the short write transaction: an autosave landing meanwhile is caught there."""
    from remises import snapshot

    write(participant, edition, "Avant")
    render = snapshot.render_pdf

    def render_while_typing(cahier, **kwargs):
        write(participant, edition, "Pendant que le PDF se fait")
        return render(cahier, **kwargs)

    monkeypatch.setattr(snapshot, "render_pdf", render_while_typing)
    before = counts()
    with time_machine.travel(BEFORE_DUE, tick=False), pytest.raises(Refused) as refused:
        handing_in.hand_in(participant, edition, accepted=True)
    assert (refused.value.status, refused.value.message) == (409, handing_in.Refused(handing_in.CHANGED).message)
    assert counts() == before
