"""Organizers invite a person of the programme with the existing invitation, role « Intervenant·e·s »:
the account is linked to that person of that edition, holds no seat, lands on its space; a speaker
who comes back the next year is linked again from the same account."""

import html
import re

import pytest
from django.core import mail

from automne.roles import ORGANIZERS_GROUP, SPEAKERS
from inscriptions.models import Registration, User
from inscriptions.tests.factories import make_registration, make_user
from intervenants import accounts
from intervenants.models import SpeakerAccount
from intervenants.tests.factories import make_organizer, make_speaker_account, make_teacher
from programme.models import Session
from programme.tests.factories import make_open_edition

pytestmark = pytest.mark.django_db
INVITE = "/admin/equipe/inviter/"


@pytest.fixture
def organizer_client(client, edition):
    client.force_login(make_organizer("organisatrice@enap.ca"))
    return client


def invite(client, speaker, **overrides):
    data = {"email": "sanna@exemple.org", "first_name": "Sanna", "last_name": "Tuurnas", "role": SPEAKERS}
    if speaker is not None:
        data["speaker"] = speaker.pk
    return client.post(INVITE, {**data, **overrides}, follow=True)


def test_an_invited_speaker_gets_an_account_linked_to_their_person_and_a_link(organizer_client, speaker):
    response = invite(organizer_client, speaker)
    assert (
        f"Invitation envoyée à sanna@exemple.org (Intervenant·e·s, {speaker.full_name})." in response.content.decode()
    )
    account = User.objects.get(email="sanna@exemple.org")
    assert list(account.groups.values_list("name", flat=True)) == [SPEAKERS]
    assert (account.is_staff, account.has_usable_password()) == (False, False)
    assert list(SpeakerAccount.objects.values_list("user", "speaker")) == [(account.pk, speaker.pk)]
    assert [m.to for m in mail.outbox] == [["sanna@exemple.org"]]
    assert "dans le rôle «\xa0Intervenant·e·s\xa0»" in mail.outbox[0].body


def test_accepting_the_invitation_leads_to_the_speakers_space(client, organizer_client, speaker):
    invite(organizer_client, speaker)
    link = re.search(r"https?://\S+/invitation/\S+/\S+/", mail.outbox[0].body).group(0)
    client.logout()
    response = client.get(link, follow=True)
    password = "Un-secret-d-intervenante-2025"
    response = client.post(response.redirect_chain[-1][0], {"new_password1": password, "new_password2": password})
    assert response["Location"] == "/espace-intervenant/"


def test_the_role_needs_a_person_and_only_that_role_takes_one(organizer_client, speaker):
    response = invite(organizer_client, None)
    assert "Choisissez la personne du programme pour qui ce compte parlera." in response.content.decode()
    # (an organizer gives the organizers' and the speakers' roles; the teaching team is a superuser's)
    response = invite(organizer_client, speaker, role=ORGANIZERS_GROUP, email="prof@exemple.org")
    assert "Seul le rôle «\xa0Intervenant·e·s\xa0» est lié à une personne du programme." in response.content.decode()
    assert not User.objects.filter(email__in=["sanna@exemple.org", "prof@exemple.org"]).exists()
    assert mail.outbox == []


def test_a_returning_speaker_is_linked_again_from_the_same_account(organizer_client, speaker, past_edition):
    last_year = Session.objects.filter(edition=past_edition, kind=Session.Kind.CASE_STUDY).first().speakers.first()
    account = make_speaker_account(last_year, "sanna@exemple.org")
    response = invite(organizer_client, speaker, email="Sanna@Exemple.org")
    assert "avait déjà un compte d'intervenant·e" in html.unescape(response.content.decode())
    assert set(SpeakerAccount.objects.filter(user=account).values_list("speaker", flat=True)) == {
        last_year.pk,
        speaker.pk,
    }
    assert User.objects.count() == 2  # the organizer and the speaker
    assert "votre espace d'intervenant·e" in mail.outbox[0].body
    assert "/espace-intervenant/" in mail.outbox[0].body


def test_the_returning_speakers_address_is_found_in_its_one_form(speaker, past_edition):
    """accounts.invite finds the account as inscriptions/identity.py stores it (« ſ » folds to « s »,
    the domain's case goes), whoever calls it, not by the database's idea of case."""
    last_year = Session.objects.filter(edition=past_edition, kind=Session.Kind.CASE_STUDY).first().speakers.first()
    account = make_speaker_account(last_year, "sanna@exemple.org")
    found, created = accounts.invite(
        email="ſanna@EXEMPLE.org",
        first_name="Sanna",
        last_name="Tuurnas",
        speaker=speaker,
        by=None,
    )
    assert (found, created) == (account, False)
    assert set(SpeakerAccount.objects.values_list("user", "speaker")) == {
        (account.pk, last_year.pk),
        (account.pk, speaker.pk),
    }


@pytest.mark.parametrize("existing", ["participant", "équipe pédagogique"])
def test_an_address_of_a_participant_or_of_the_team_is_refused(organizer_client, speaker, edition, existing):
    if existing == "participant":
        make_registration(edition, make_user("sanna@exemple.org"))
    else:
        make_teacher("sanna@exemple.org")
    response = invite(organizer_client, speaker)
    assert str(accounts.NOT_A_SPEAKER_ACCOUNT) in html.unescape(response.content.decode())
    assert SpeakerAccount.objects.count() == 0
    assert mail.outbox == []


def test_a_person_who_already_has_an_account_is_not_offered_again(organizer_client, speaker):
    make_speaker_account(speaker, "premiere@exemple.org")
    response = invite(organizer_client, speaker)
    assert "Sélectionnez un choix valide." in response.content.decode()
    assert SpeakerAccount.objects.count() == 1
    with pytest.raises(accounts.Refused) as refused:
        accounts.link(make_user(), speaker)
    assert (
        refused.value.message
        == f"{speaker.full_name} a déjà un compte d'intervenant·e (premiere@exemple.org). Rien n'a été créé."
    )


def test_a_speaker_holds_no_seat(client, speaker_account):
    edition = make_open_edition(slug="ouverte", is_current=False)
    client.force_login(speaker_account)
    response = client.post(f"/editions/{edition.slug}/inscription/", {"kind": "attestation"})
    assert response.status_code == 302
    assert Registration.objects.count() == 0


def test_a_teacher_or_participant_cannot_invite(client, speaker, edition):
    client.force_login(make_registration(edition).user)
    assert client.post(INVITE, {"email": "x@exemple.org", "role": SPEAKERS, "speaker": speaker.pk}).status_code == 302
    client.force_login(make_teacher())
    assert client.post(INVITE, {"email": "x@exemple.org", "role": SPEAKERS, "speaker": speaker.pk}).status_code in (
        302,
        403,
    )
    assert SpeakerAccount.objects.count() == 0
