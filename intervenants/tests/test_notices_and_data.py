"""A speaker gets their sessions' change e-mails; their data export; the end of their links and
account two years after their edition (retention), as for participants."""

import datetime

import pytest
from django.core import mail

from automne.french import NBSP
from inscriptions import retention
from inscriptions.tests.factories import make_registration
from intervenants.models import SpeakerAccount
from intervenants.tests.factories import make_organizer, make_speaker_account
from programme import change_effects, change_notices
from programme.models import Choice, Occurrence
from programme.tests.factories import make_room


@pytest.mark.django_db(transaction=True)
def test_a_speaker_is_told_of_a_change_of_their_session_with_a_link_to_their_space(case_studies, speaker, edition):
    account = make_speaker_account(speaker, "intervenante@exemple.org")
    participant = make_registration(edition).user
    occurrence = case_studies[0].occurrences.get()
    Choice.objects.create(user=participant, occurrence=occurrence)
    other_speaker = make_speaker_account(case_studies[1].speakers.first(), "ailleurs@exemple.org")
    occurrence = Occurrence.objects.get(pk=occurrence.pk)
    occurrence.room = make_room("Salle Verrière", edition=edition)
    change_effects.save(occurrence)
    assert change_notices.send_due(datetime.datetime.now(datetime.UTC) + datetime.timedelta(minutes=6)) == 2
    told = {message.to[0]: message.body for message in mail.outbox}
    assert set(told) == {account.email, participant.email}
    assert other_speaker.email not in told
    assert f"Vos séances à jour{NBSP}: http://127.0.0.1:8000/espace-intervenant/" in told[account.email]
    assert "/mon-programme/" not in told[account.email]
    assert f"Votre programme à jour{NBSP}: http://127.0.0.1:8000/mon-programme/" in told[participant.email]


@pytest.mark.django_db(transaction=True)
def test_a_speaker_who_chose_their_own_session_is_told_once(case_studies, speaker, edition):
    account = make_speaker_account(speaker)
    occurrence = case_studies[0].occurrences.get()
    Choice.objects.create(user=account, occurrence=occurrence)
    assert change_notices.told([occurrence.pk]) == [(occurrence.pk, account.pk)]


@pytest.mark.django_db(transaction=True)
def test_a_speaker_is_told_when_their_session_is_deleted(case_studies, speaker, edition):
    """The session's speakers' places go with it: who is told is read before the deletion."""
    account = make_speaker_account(speaker, "intervenante@exemple.org")
    session = case_studies[0]
    change_effects.delete(session)
    assert change_notices.send_due(datetime.datetime.now(datetime.UTC) + datetime.timedelta(minutes=6)) == 1
    assert [message.to for message in mail.outbox] == [[account.email]]
    assert f"- {session.title}\n  Séance annulée (elle était prévue le " in mail.outbox[0].body


@pytest.mark.django_db
def test_the_export_holds_the_persons_the_account_speaks_for(client, speaker_account, speaker):
    from automne.user_data import export_all

    data = export_all(speaker_account)
    link = SpeakerAccount.objects.get(user=speaker_account)
    assert data["intervenants"] == {
        "intervenant_e": [
            {
                "edition": speaker.edition.name,
                "personne": speaker.full_name,
                "organisation": speaker.organisation,
                "biographie": speaker.bio,
                "photo": False,
                "lie_le": link.linked_at.isoformat(),
            }
        ]
    }


@pytest.mark.django_db
def test_two_years_after_the_edition_the_link_ends_and_the_account_goes(speaker_account, speaker, edition):
    organizer_speaker = make_speaker_account(
        speaker.sessions.first().speakers.exclude(pk=speaker.pk).first(), user=make_organizer()
    )
    User = type(speaker_account)
    retention.apply(datetime.date(2027, 10, 23))
    assert SpeakerAccount.objects.count() == 2
    retention.apply(datetime.date(2027, 10, 24))  # two years after 24 October 2025
    assert SpeakerAccount.objects.count() == 0
    assert User.objects.filter(pk=speaker_account.pk).exists()  # created less than two years ago
    joined = speaker_account.date_joined.date()
    retention.apply(joined.replace(year=joined.year + 2))
    assert not User.objects.filter(pk=speaker_account.pk).exists()
    assert User.objects.filter(pk=organizer_speaker.pk).exists()  # an organizer stays
    speaker.refresh_from_db()  # the person stays in the edition's programme


@pytest.mark.django_db
def test_a_speaker_still_linked_to_a_later_edition_keeps_their_account(speaker_account, speaker, edition):
    from programme.models import Session
    from programme.tests.factories import make_edition, make_programme

    later = make_programme(
        make_edition(is_current=False, starts_on=datetime.date(2026, 10, 19), ends_on=datetime.date(2026, 10, 23))
    )
    make_speaker_account(
        Session.objects.filter(edition=later, kind="etude_de_cas").first().speakers.first(), user=speaker_account
    )
    retention.apply(datetime.date(2027, 10, 24))
    assert list(SpeakerAccount.objects.values_list("user", flat=True)) == [speaker_account.pk]
