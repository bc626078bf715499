"""Staff accounts without a seat: invited from the admin, a link to choose a password, no
registration anywhere (seats, check-in, export), and the teaching team lands on the shared cahiers."""

import csv
import datetime
import io
import re

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core import mail
from django.core.cache import cache
from django.utils import timezone

from automne.french import NBSP
from automne.roles import ORGANIZERS_GROUP, SPEAKERS, TEACHING_TEAM
from inscriptions import checkin, invitations, seats, staff
from inscriptions.models import Registration, RoleGrant, User
from inscriptions.tests.factories import PASSWORD, make_registration, make_user
from programme.models import Day
from programme.tests.factories import make_edition, make_open_edition

pytestmark = pytest.mark.django_db
INVITE = "/admin/equipe/inviter/"
NEW_PASSWORD = "Un-secret-de-prof-2025"
INVALID = "Ce lien d'invitation n'est plus valide"


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()  # login throttling counts live in the cache
    yield
    cache.clear()


@pytest.fixture
def organizer(client):
    user = make_user("organisatrice@enap.ca", is_staff=True)
    user.groups.add(Group.objects.get(name=ORGANIZERS_GROUP))
    client.force_login(user)
    return user


@pytest.fixture
def superuser(client):
    """Only a superuser makes someone a member of the teaching team (inscriptions/staff.py)."""
    user = User.objects.create_superuser("admin@enap.ca", PASSWORD, first_name="Ada", last_name="Admin")
    client.force_login(user)
    return user


def invite(client, **overrides):
    data = {"email": "prof@enap.ca", "first_name": "Anne", "last_name": "Lévesque", "role": TEACHING_TEAM}
    return client.post(INVITE, {**data, **overrides}, follow=True)


def link_in(message):
    return re.search(r"https?://\S+/invitation/\S+/\S+/", message.body).group(0)


def accept(client, link, password=NEW_PASSWORD):
    response = client.get(link, follow=True)  # a valid token moves out of the address
    if not response.redirect_chain:
        return response  # the page saying the link is not valid
    return client.post(
        response.redirect_chain[-1][0], {"new_password1": password, "new_password2": password}, follow=True
    )


def test_invitation_by_superuser_creates_teacher_without_password_and_emails_link(client, superuser):
    response = invite(client, email="Prof@ENAP.ca")
    assert "Invitation envoyée à prof@enap.ca (Équipe pédagogique)." in response.content.decode()
    teacher = User.objects.get(email="prof@enap.ca")  # stored normalized (inscriptions/identity.py)
    assert (teacher.first_name, teacher.last_name, teacher.is_staff, teacher.is_superuser) == (
        "Anne",
        "Lévesque",
        False,
        False,
    )
    assert list(teacher.groups.values_list("name", flat=True)) == [TEACHING_TEAM]
    assert not teacher.has_usable_password()
    assert teacher.registrations.count() == 0
    assert [m.to for m in mail.outbox] == [["prof@enap.ca"]]  # normalized, as stored (inscriptions/identity.py)
    assert mail.outbox[0].subject == "Invitation — École d'automne"
    assert f"dans le rôle «{NBSP}Équipe pédagogique{NBSP}»" in mail.outbox[0].body
    assert "valable 7 jours, une seule fois" in mail.outbox[0].body


def test_invitation_by_superuser_of_an_organizer_gives_admin_access(client):
    client.force_login(User.objects.create_superuser("admin@enap.ca", PASSWORD))
    invite(client, email="collegue@enap.ca", role=ORGANIZERS_GROUP)
    colleague = User.objects.get(email="collegue@enap.ca")
    assert (colleague.is_staff, colleague.is_superuser) == (True, False)
    assert list(colleague.groups.values_list("name", flat=True)) == [ORGANIZERS_GROUP]


def test_invitation_page_refused_to_staff_outside_organizers(client):
    client.force_login(make_user(is_staff=True))
    assert client.get(INVITE).status_code == 403
    assert invite(client).status_code == 403
    assert not User.objects.filter(email="prof@enap.ca").exists()


def test_invitation_page_sends_participants_and_teachers_to_admin_login(client):
    teacher = make_user()
    teacher.groups.add(Group.objects.get(name=TEACHING_TEAM))
    for user in [make_user(), teacher]:
        client.force_login(user)
        response = client.get(INVITE)
        assert (response.status_code, response["Location"]) == (302, f"/admin/login/?next={INVITE}")


def test_invitation_role_outside_the_two_groups_refused(client, superuser):
    Group.objects.create(name="Administrateurs")
    response = invite(client, role="Administrateurs")
    assert response.context["form"].errors == {
        "role": ["Sélectionnez un choix valide. Administrateurs n’en fait pas partie."]
    }
    assert not User.objects.filter(email="prof@enap.ca").exists()
    assert mail.outbox == []


def test_malformed_invitation_french_messages_and_nothing_created(client, organizer):
    response = invite(client, email="pas-un-courriel", first_name="  ", last_name="", role="")
    assert response.context["form"].errors == {
        "email": ["Saisissez une adresse de courriel valide."],
        "first_name": ["Ce champ est obligatoire."],
        "last_name": ["Ce champ est obligatoire."],
        "role": ["Ce champ est obligatoire."],
    }
    assert "Corrigez les erreurs ci-dessous." in response.content.decode()
    assert User.objects.count() == 1  # the organizer
    assert mail.outbox == []


def test_invitation_to_an_email_in_use_refused_whatever_its_case(client, superuser):
    participant = make_user("camille@exemple.ca")
    response = invite(client, email="CAMILLE@exemple.ca")
    assert response.context["form"].errors == {"email": [invitations.EMAIL_IN_USE]}
    assert "Un compte existe déjà avec ce courriel. Rien n&#x27;a été créé." in response.content.decode()
    assert User.objects.count() == 2  # the superuser and the participant
    assert list(participant.groups.all()) == []
    assert mail.outbox == []


def test_invitation_again_to_a_pending_person_resends_link_and_creates_nothing(client, superuser):
    invite(client)
    response = invite(client, email="PROF@enap.ca", role=ORGANIZERS_GROUP)
    assert (
        f"Invitation renvoyée à prof@enap.ca{NBSP}: cette personne n&#x27;avait pas encore choisi de mot de passe. "
        "Rien n&#x27;a été créé." in response.content.decode()
    )
    teacher = User.objects.get(email="prof@enap.ca")
    assert list(teacher.groups.values_list("name", flat=True)) == [TEACHING_TEAM]  # the role is not changed
    assert User.objects.count() == 2
    assert [m.to for m in mail.outbox] == [["prof@enap.ca"], ["prof@enap.ca"]]
    assert "Équipe pédagogique" in mail.outbox[1].body


def test_invitation_link_sets_password_logs_in_and_lands_on_shared_cahiers(client, superuser):
    invite(client)
    client.logout()
    response = accept(client, link_in(mail.outbox[0]))
    assert response.redirect_chain[-1][0] == "/cahier/equipe/"
    page = response.content.decode()
    assert "Votre mot de passe est enregistré. Bienvenue!" in page
    assert '<a href="/cahier/equipe/" aria-current="page">Cahiers partagés</a>' in page
    assert ">Mon cahier<" not in page and ">Inscription<" not in page
    teacher = User.objects.get(email="prof@enap.ca")
    assert teacher.check_password(NEW_PASSWORD)


def test_invited_organizer_lands_on_admin(client, organizer):
    invite(client, email="collegue@enap.ca", role=ORGANIZERS_GROUP)
    client.logout()
    response = accept(client, link_in(mail.outbox[0]))
    assert response.redirect_chain[-1][0] == "/admin/"
    assert response.status_code == 200


def test_invitation_link_used_once(client, superuser):
    invite(client)
    client.logout()
    link = link_in(mail.outbox[0])
    accept(client, link)
    client.logout()
    page = client.get(link, follow=True).content.decode()
    assert "Ce lien d'invitation n'est plus valide&nbsp;: il a déjà servi" in page
    assert 'name="new_password1"' not in page


def test_expired_invitation_link_refused_and_sets_nothing(client, superuser):
    with time_machine.travel(timezone.now() - datetime.timedelta(days=8)):
        invite(client)
    client.logout()
    response = accept(client, link_in(mail.outbox[0]))
    assert INVALID in response.content.decode()
    assert not User.objects.get(email="prof@enap.ca").has_usable_password()
    assert "_auth_user_id" not in client.session


def test_invitation_link_valid_until_its_seventh_day(client, superuser):
    with time_machine.travel(timezone.now() - datetime.timedelta(days=6, hours=23)):
        invite(client)
    client.logout()
    accept(client, link_in(mail.outbox[0]))
    assert User.objects.get(email="prof@enap.ca").check_password(NEW_PASSWORD)


def test_tampered_invitation_link_refused(client, superuser):
    invite(client)
    client.logout()
    link = link_in(mail.outbox[0])
    other = make_user("autre@exemple.ca")
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    uid = re.search(r"/invitation/([^/]+)/", link).group(1)
    for bad in [link[:-3] + "xx/", link.replace(uid, urlsafe_base64_encode(force_bytes(other.pk))), link[:-6] + "/"]:
        response = accept(client, bad)
        assert INVALID in response.content.decode(), bad
    assert not User.objects.get(email="prof@enap.ca").has_usable_password()
    assert other.check_password(PASSWORD)


def test_password_reset_link_does_not_accept_an_invitation(client, superuser):
    from django.contrib.auth.tokens import default_token_generator

    invite(client)
    client.logout()
    teacher = User.objects.get(email="prof@enap.ca")
    link = link_in(mail.outbox[0])
    forged = re.sub(r"/[^/]+/$", f"/{default_token_generator.make_token(teacher)}/", link)
    assert INVALID in accept(client, forged).content.decode()
    assert invitations.token_generator.check_token(teacher, default_token_generator.make_token(teacher)) is False


def test_staff_accounts_in_no_seat_count_checkin_list_or_export(client, superuser):
    edition = make_edition(capacity=2)
    day = Day.objects.create(edition=edition, date=edition.starts_on)
    participant = make_registration(edition, last_name="Arsenault")
    invite(client)
    invite(client, email="collegue@enap.ca", role=ORGANIZERS_GROUP)
    assert User.objects.count() == 4
    assert Registration.objects.count() == 1
    # Seats: one taken, by the participant.
    assert seats.free_seats(edition) == 1
    response = client.get("/admin/inscriptions/registration/")
    assert response.context_data["seats"]["taken"] == 1
    assert response.context_data["cl"].result_count == 1
    # Check-in: the participant only, in the admin's list and at the door.
    assert [p.pk for p in checkin.expected(day)] == [participant.pk]
    admin_checkin = client.get(f"/admin/inscriptions/registration/presences/{day.pk}/")
    assert [p.pk for p in admin_checkin.context_data["people"]] == [participant.pk]
    assert [p.pk for p in client.get(f"/presences/{day.pk}/", follow=True).context["people"]] == [participant.pk]
    # Export: the participant's row only.
    export = client.get("/admin/inscriptions/registration/export.csv")
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig")), delimiter=";"))
    assert [row[0] for row in rows[1:]] == ["Arsenault"]


def test_staff_account_cannot_register(client):
    make_open_edition()
    teacher = make_user("prof@enap.ca")
    teacher.groups.add(Group.objects.get(name=TEACHING_TEAM))
    client.force_login(teacher)
    response = client.get("/inscription/", follow=True)
    assert response.redirect_chain == [("/cahier/equipe/", 302)]
    assert (
        f"Votre compte est un compte de l&#x27;équipe{NBSP}: il ne s&#x27;inscrit pas et ne tient aucune place."
        in response.content.decode()
    )
    assert client.post("/inscription/", {}).status_code == 302
    assert Registration.objects.count() == 0


def test_teaching_team_login_lands_on_shared_cahiers(client):
    teacher = make_user("prof@enap.ca")
    teacher.groups.add(Group.objects.get(name=TEACHING_TEAM))
    response = client.post("/connexion/", {"username": "prof@enap.ca", "password": PASSWORD})
    assert (response.status_code, response["Location"]) == (302, "/cahier/equipe/")


def test_organizer_login_lands_on_admin(client):
    make_user("organisatrice@enap.ca", is_staff=True).groups.add(Group.objects.get(name=ORGANIZERS_GROUP))
    response = client.post("/connexion/", {"username": "organisatrice@enap.ca", "password": PASSWORD})
    assert (response.status_code, response["Location"]) == (302, "/admin/")


def test_participant_header_keeps_my_cahier_and_registration(client):
    client.force_login(make_user())
    page = client.get("/mon-espace/").content.decode()
    assert ">Mon cahier</a>" in page and ">Inscription</a>" in page and ">Cahiers partagés<" not in page


def test_organizer_header_has_no_registration_link(client, organizer):
    page = client.get("/mon-espace/").content.decode()
    assert ">Inscription</a>" not in page and ">Cahiers partagés<" not in page


def test_admin_index_offers_invitation_and_checkin_to_organizers_only(client, organizer):
    page = client.get("/admin/").content.decode()
    assert """<a href="/admin/equipe/inviter/">Inviter une personne de l'équipe</a>""" in page
    assert """<a href="/presences/">Présences à l'accueil (sur téléphone)</a>""" in page
    client.force_login(make_user(is_staff=True))
    page = client.get("/admin/").content.decode()
    assert "Inviter une personne" not in page and "/presences/" not in page


# Who reads is a visible decision (issue 19, finding 11): only a superuser gives the teaching role, and
# each role given or taken back is kept with who and when.


def test_organizer_invites_organizers_and_speakers_never_the_teaching_team(client, organizer):
    page = client.get(INVITE).content.decode()
    assert f'value="{ORGANIZERS_GROUP}"' in page and f'value="{SPEAKERS}"' in page
    assert f'value="{TEACHING_TEAM}"' not in page
    response = invite(client, email="moi@exemple.ca", role=TEACHING_TEAM)
    assert response.context["form"].errors == {
        "role": [f"Sélectionnez un choix valide. {TEACHING_TEAM} n’en fait pas partie."]
    }
    assert not User.objects.filter(email="moi@exemple.ca").exists()
    assert mail.outbox == []
    invite(client, email="collegue@enap.ca", role=ORGANIZERS_GROUP)
    assert RoleGrant.objects.get().by == organizer


def test_invitation_keeps_who_gave_the_role_and_when(client, superuser):
    moment = timezone.make_aware(datetime.datetime(2026, 9, 1, 14, 30))
    with time_machine.travel(moment, tick=False):
        invite(client)
    grant = RoleGrant.objects.get()
    assert (grant.user.email, grant.role, grant.action, grant.by, grant.by_name, grant.at) == (
        "prof@enap.ca",
        TEACHING_TEAM,
        RoleGrant.Action.GRANTED,
        superuser,
        "Ada Admin",
        moment,
    )


def test_grant_refused_to_an_organizer_for_the_teaching_team(organizer):
    from django.core.exceptions import PermissionDenied

    someone = make_user()
    with pytest.raises(PermissionDenied):
        staff.grant(someone, TEACHING_TEAM, by=organizer)
    assert list(someone.groups.all()) == [] and RoleGrant.objects.count() == 0


def test_superuser_gives_and_takes_back_the_team_role_from_the_accounts_list(client, superuser):
    someone = make_user("prof2@enap.ca")
    data = {"action": "grant_team", "_selected_action": [someone.pk]}
    response = client.post("/admin/inscriptions/user/", data, follow=True)
    assert f"Rôle « {TEACHING_TEAM} » donné à 1 compte(s)." in [str(m) for m in response.context["messages"]]
    assert list(someone.groups.values_list("name", flat=True)) == [TEACHING_TEAM]
    client.post("/admin/inscriptions/user/", {**data, "action": "revoke_team"})
    assert list(someone.groups.all()) == []
    assert list(RoleGrant.objects.order_by("at", "pk").values_list("action", "by")) == [
        (RoleGrant.Action.GRANTED, superuser.pk),
        (RoleGrant.Action.REVOKED, superuser.pk),
    ]
    page = client.get(f"/admin/inscriptions/user/{someone.pk}/change/").content.decode()
    assert 'name="groups"' not in page  # roles change through the actions only, never by ticking groups
    assert "Rôle retiré" in page and "Ada Admin" in page


def test_accounts_and_role_grants_are_for_superusers_only(client, organizer):
    assert client.get("/admin/inscriptions/user/").status_code == 403
    assert client.get("/admin/inscriptions/rolegrant/").status_code == 403
