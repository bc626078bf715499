"""`python manage.py create_organizer EMAIL`: a staff account in the group Organisateurs."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command

from automne.management.commands import create_organizer
from automne.roles import ORGANIZERS_GROUP

pytestmark = pytest.mark.django_db
User = get_user_model()
GOOD = "un-long-mot-de-passe-42"


@pytest.fixture
def terminal(monkeypatch):
    """Stands for a person typing at a terminal: the answers given to getpass, in order."""
    answers = []
    monkeypatch.delenv("ORGANIZER_PASSWORD", raising=False)
    monkeypatch.setattr(create_organizer.sys.stdin, "isatty", lambda: True, raising=False)
    monkeypatch.setattr(create_organizer, "getpass", lambda prompt: answers.pop(0))
    return answers


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("create_organizer", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_create_organizer_from_environment_creates_a_staff_organizer(monkeypatch):
    monkeypatch.setenv("ORGANIZER_PASSWORD", GOOD)
    out, _ = run("Marie@Example.org", "--no-input")
    user = User.objects.get()
    assert out == "Compte organisateur créé : marie@example.org (groupe « Organisateurs »).\n"
    assert (user.email, user.is_staff, user.is_superuser, user.is_active) == ("marie@example.org", True, False, True)
    assert list(user.groups.values_list("name", flat=True)) == [ORGANIZERS_GROUP]
    assert user.check_password(GOOD)


def test_create_organizer_asks_the_password_twice(terminal):
    terminal += [GOOD, GOOD]
    out, _ = run("marie@example.org")
    assert out.startswith("Compte organisateur créé : marie@example.org")
    assert User.objects.get().check_password(GOOD)
    assert terminal == []


def test_create_organizer_asks_again_when_the_passwords_differ(terminal):
    terminal += [GOOD, "autre-chose-encore", GOOD, GOOD]
    _, err = run("marie@example.org")
    assert err == "Les deux mots de passe ne correspondent pas. Recommencez.\n"
    assert User.objects.get().check_password(GOOD)


def test_create_organizer_asks_again_when_the_password_is_weak(terminal):
    terminal += ["court", "court", GOOD, GOOD]
    _, err = run("marie@example.org")
    assert err.startswith("Mot de passe refusé : ")
    assert "10 caractères" in err
    assert User.objects.get().check_password(GOOD)


def test_create_organizer_refuses_a_weak_password_from_environment(monkeypatch):
    monkeypatch.setenv("ORGANIZER_PASSWORD", "12345678901")
    with pytest.raises(CommandError) as error:
        run("marie@example.org", "--no-input")
    assert str(error.value).startswith("Mot de passe refusé : ")
    assert User.objects.count() == 0


def test_create_organizer_without_password_nor_terminal_stops(monkeypatch):
    monkeypatch.delenv("ORGANIZER_PASSWORD", raising=False)
    with pytest.raises(CommandError) as error:
        run("marie@example.org", "--no-input")
    assert str(error.value) == (
        "Aucun mot de passe : définissez la variable ORGANIZER_PASSWORD ou lancez la commande dans un terminal."
    )
    assert User.objects.count() == 0


def test_create_organizer_refuses_an_invalid_email(monkeypatch):
    monkeypatch.setenv("ORGANIZER_PASSWORD", GOOD)
    with pytest.raises(CommandError) as error:
        run("pas-un-courriel", "--no-input")
    assert str(error.value) == "« pas-un-courriel » n'est pas une adresse courriel valide."
    assert User.objects.count() == 0


def test_create_organizer_updates_an_existing_account(monkeypatch):
    existing = User.objects.create_user("marie@example.org", "ancien-mot-de-passe-1", first_name="Marie")
    monkeypatch.setenv("ORGANIZER_PASSWORD", GOOD)
    out, _ = run("MARIE@example.org", "--no-input")
    user = User.objects.get()
    assert out == "Compte organisateur mis à jour : marie@example.org (groupe « Organisateurs »).\n"
    assert (user.pk, user.first_name, user.is_staff, user.is_superuser) == (existing.pk, "Marie", True, False)
    assert user.check_password(GOOD)
    assert list(user.groups.values_list("name", flat=True)) == [ORGANIZERS_GROUP]


def test_create_organizer_twice_keeps_one_account_in_the_group(monkeypatch):
    monkeypatch.setenv("ORGANIZER_PASSWORD", GOOD)
    run("marie@example.org", "--no-input")
    run("marie@example.org", "--no-input")
    assert User.objects.count() == 1
    assert User.objects.get().groups.count() == 1


def test_create_organizer_without_the_group_says_to_migrate(monkeypatch):
    Group.objects.filter(name=ORGANIZERS_GROUP).delete()
    monkeypatch.setenv("ORGANIZER_PASSWORD", GOOD)
    with pytest.raises(CommandError) as error:
        run("marie@example.org", "--no-input")
    assert str(error.value) == "Le groupe « Organisateurs » n'existe pas : lancez d'abord « python manage.py migrate »."


def test_create_organizer_keeps_the_role_given_once(monkeypatch):
    from inscriptions.models import RoleGrant

    monkeypatch.setenv("ORGANIZER_PASSWORD", GOOD)
    run("marie@example.org", "--no-input")
    run("marie@example.org", "--no-input")  # an update: the role was already given
    grant = RoleGrant.objects.get()
    assert (grant.user_email, grant.role, grant.by, grant.by_name) == (
        "marie@example.org",
        ORGANIZERS_GROUP,
        None,
        "Commande create_organizer",
    )
