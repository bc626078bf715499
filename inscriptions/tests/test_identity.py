"""One identity per account (issue 25, F5): every address is normalized once, stored normalized and
matched exactly, on SQLite as on PostgreSQL (run the file with DATABASE_URL on PostgreSQL too).

Before, login matched `email__iexact`, which PostgreSQL evaluates with UPPER() (ſ → S, ı → I), while
the limits keyed on Python's lower(): each spelling of an address had its own 5 tries, and
« p2@audıt.teſt » logged in as p2@audit.test."""

import html
import io
import re

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.cache import cache
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from automne.roles import ORGANIZERS_GROUP
from inscriptions import invitations, throttle
from inscriptions.identity import EmailField, normalize_email
from inscriptions.models import Registration, User
from inscriptions.tests.factories import PASSWORD, form_data, make_user
from programme.tests.factories import make_open_edition

pytestmark = pytest.mark.django_db
WRONG = "Courriel ou mot de passe incorrect. Vérifiez les deux (les majuscules comptent dans le mot de passe)."
WAIT = "Trop de tentatives de connexion. Pour protéger ce compte, attendez 15 minutes avant de réessayer"
TOO_MANY_RESETS = "Trop de demandes de nouveau mot de passe."
# Spellings of p2@audit.test that a database or a person could take for it. The first four are the same
# address once normalized; « audıt » (dotless ı) is another domain (xn--audt-nza.test), which IDNA keeps.
SAME = ["P2@AUDIT.TEST", "p2@audit.teſt", "ｐ２@ａｕｄｉｔ．ｔｅｓｔ", "p2@Audit.Test."]
LOOKALIKES = ["p2@audıt.teſt", "P2@AUDIT.TEST", "p2@audit.teſt", "p2@audıt.test", "p2@àudit.test"]


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def p2():
    return make_user("p2@audit.test")


def accounts():
    """Every account as stored: what « database unchanged » compares."""
    return sorted(User.objects.values_list("pk", "email", "password", "is_active", "is_staff"))


def login(client, email, password=PASSWORD, address="10.0.0.1"):
    return client.post("/connexion/", {"username": email, "password": password}, REMOTE_ADDR=address)


# The normalizer ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("  Camille.Cote@Exemple.CA ", "camille.cote@exemple.ca"),
        ("p2@audit.teſt", "p2@audit.test"),  # long s: NFKC and folding make it s
        ("ｐ２@ａｕｄｉｔ．ｔｅｓｔ", "p2@audit.test"),  # fullwidth, the fullwidth full stop included
        ("p2@audit。test", "p2@audit.test"),  # an ideographic full stop separates labels (IDNA)
        ("p2@audıt.teſt", "p2@audıt.test"),  # dotless ı has no other case: another domain
        ("p2@xn--audt-nza.test", "p2@audıt.test"),  # its ASCII spelling is the same domain
        ("x@Straße.de", "x@strasse.de"),  # where Django delivers it (IDNA 2003, as django.utils.encoding)
        ("\u212aim@exemple.ca", "kim@exemple.ca"),  # Kelvin sign
        ("camille@exemple.ca.", "camille@exemple.ca"),  # the root's dot names the same domain
    ],
)
def test_normalize_email(typed, stored):
    assert normalize_email(typed) == stored


@given(st.text(max_size=300))
def test_normalize_email_is_total_and_idempotent(text):
    once = normalize_email(text)
    assert normalize_email(once) == once


@given(st.text(max_size=300))
def test_email_field_accepts_only_what_it_will_store_or_refuses_in_french(text):
    field = EmailField(max_length=254)
    try:
        value = field.clean(text)
    except Exception as error:  # a ValidationError, in French; nothing else may come out
        assert type(error).__name__ == "ValidationError"
        assert error.messages[0] in ("Ce champ est obligatoire.", "Saisissez une adresse de courriel valide.") or (
            error.messages[0].startswith("Assurez-vous que cette valeur comporte au plus 254 caractères")
        )
    else:
        assert value == normalize_email(text)
        assert field.clean(value) == value


# Login ---------------------------------------------------------------------------------------------


def test_dotless_i_variant_with_the_right_password_does_not_log_in(client, p2):
    response = login(client, "p2@audıt.teſt")
    assert response.status_code == 200
    assert WRONG in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("typed", SAME)
def test_a_spelling_that_normalizes_to_the_address_logs_in_by_design(client, p2, typed):
    response = login(client, typed)
    assert (response.status_code, response["Location"]) == (302, "/mon-espace/")
    assert client.session["_auth_user_id"] == str(p2.pk)


def test_all_lookalikes_share_the_same_five_tries(client, p2):
    for n, typed in enumerate(LOOKALIKES):
        response = login(client, typed, "mauvais", address=f"10.0.7.{n}")
        assert response.status_code == 200
        assert WRONG in response.content.decode()
    before = accounts()
    for typed in ["p2@audit.test", *LOOKALIKES]:  # the right password, from yet another address
        response = login(client, typed, address="10.0.8.1")
        assert response.status_code == 429
        assert WAIT in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert accounts() == before


def test_the_account_counts_its_tries_whatever_the_typed_key(client, p2):
    """The account's own counter: tries that reached p2's password, however they were typed."""
    slots = throttle.reserve_login("p2@audit.test", p2, None)
    assert [slot.rule for slot in slots] == [throttle.LOGIN_EMAIL, throttle.LOGIN_ACCOUNT]
    throttle.login_failed(slots)
    for _ in range(throttle.ACCOUNT_LIMIT - 1):  # another typed key, the same account
        throttle.login_failed(throttle.reserve_login("autre-cle@exemple.ca", p2, None))
    with pytest.raises(throttle.Wait) as wait:
        throttle.reserve_login("encore-une@exemple.ca", p2, None)
    assert wait.value.seconds == throttle.WAIT


def test_admin_login_goes_through_the_same_identity_and_limits(client, p2):
    p2.is_staff = True
    p2.save()
    for typed in SAME + ["p2@audıt.test"]:
        response = client.post("/admin/login/?next=/admin/", {"username": typed, "password": "mauvais"})
        assert response.status_code == 200
    response = client.post("/admin/login/?next=/admin/", {"username": "p2@audit.test", "password": PASSWORD})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


# Password reset -------------------------------------------------------------------------------------


def test_password_reset_variants_share_the_three_requests(client, p2):
    for n, typed in enumerate(["P2@AUDIT.TEST", "p2@audit.teſt", "p2@audıt.teſt"]):
        response = client.post("/mot-de-passe/oublie/", {"email": typed}, REMOTE_ADDR=f"10.0.9.{n}")
        assert response["Location"] == "/mot-de-passe/oublie/envoye/"
    for n, typed in enumerate(["p2@audit.test", "ｐ２@audit.test", "p2@AUDIT.teſt"]):
        response = client.post("/mot-de-passe/oublie/", {"email": typed}, REMOTE_ADDR=f"10.0.10.{n}")
        assert response.status_code == 429
        assert TOO_MANY_RESETS in response.content.decode()
    # Two links went to p2 (the dotless-ı domain is not p2's address: nothing sent there), and no more.
    assert [message.to for message in mail.outbox] == [["p2@audit.test"], ["p2@audit.test"]]


def test_password_reset_link_goes_to_the_stored_address(client, p2):
    response = client.post("/mot-de-passe/oublie/", {"email": "P2@Audit.Teſt"})
    assert response["Location"] == "/mot-de-passe/oublie/envoye/"
    [message] = mail.outbox
    assert message.to == ["p2@audit.test"]
    assert re.search(r"http://127\.0\.0\.1:8000/mot-de-passe/nouveau/\S+/", message.body)


# Registration, invitations, create_organizer, the admin ---------------------------------------------


def test_registering_a_variant_of_an_existing_address_creates_nothing_and_tells_its_owner(client, p2):
    edition = make_open_edition()
    before = accounts()
    response = client.post("/inscription/", form_data(email="P2@Audit.Teſt"))
    assert response["Location"] == "/inscription/courriel-envoye/"
    assert accounts() == before
    assert not Registration.objects.filter(edition=edition).exists()
    [message] = mail.outbox
    assert message.to == ["p2@audit.test"]


def test_registration_stores_the_normalized_address(client):
    edition = make_open_edition()
    response = client.post("/inscription/", form_data(email="  Camille.Cote@ＥＸＥＭＰＬＥ.ca "))
    assert response["Location"] == "/inscription/courriel-envoye/"
    registration = Registration.objects.get(edition=edition)
    assert (registration.user.email, registration.email) == ("camille.cote@exemple.ca", "camille.cote@exemple.ca")


def test_inviting_a_variant_of_an_existing_address_creates_nothing(client, p2):
    organizer = make_user("organisatrice@enap.ca", is_staff=True)
    organizer.groups.add(Group.objects.get(name=ORGANIZERS_GROUP))
    client.force_login(organizer)
    p2.set_password(PASSWORD)  # p2 has chosen a password: not a pending invitation
    p2.save()
    before = accounts()
    # An organizer invites other organizers only (the teaching team is a superuser's to give).
    response = client.post(
        "/admin/equipe/inviter/",
        {"email": "P2@AUDIT.teſt", "first_name": "Anne", "last_name": "Lévesque", "role": ORGANIZERS_GROUP},
    )
    assert response.status_code == 200
    assert invitations.EMAIL_IN_USE in html.unescape(response.content.decode())
    assert accounts() == before
    assert mail.outbox == []


def test_create_organizer_with_a_variant_updates_the_existing_account(monkeypatch, p2):
    monkeypatch.setenv("ORGANIZER_PASSWORD", "Un-secret-organisateur-2031")
    out = io.StringIO()
    call_command("create_organizer", "P2@Audit.Teſt", "--no-input", stdout=out)
    assert out.getvalue() == "Compte organisateur mis à jour : p2@audit.test (groupe « Organisateurs »).\n"
    assert list(User.objects.values_list("pk", "email", "is_staff")) == [(p2.pk, "p2@audit.test", True)]


def test_admin_cannot_give_an_account_a_variant_of_another_ones_address(admin_client, p2):
    other = make_user("autre@audit.test")
    before = accounts()
    response = admin_client.post(
        f"/admin/inscriptions/user/{other.pk}/change/",
        {"email": "P2@Audit.Teſt", "first_name": "", "last_name": "", "is_active": "on", "groups": []},
    )
    assert response.status_code == 200
    assert "Un objet Compte avec ce champ Courriel existe déjà." in response.content.decode()
    assert accounts() == before


def roles_inline(admin_client, user):
    """The management form of the account page's read-only list of roles given and taken back."""
    page = admin_client.get(f"/admin/inscriptions/user/{user.pk}/change/")
    (inline,) = page.context["inline_admin_formsets"]
    management = inline.formset.management_form
    return {management.add_prefix(name): value for name, value in management.initial.items()}


def test_admin_stores_the_address_it_is_given_normalized(admin_client, p2):
    response = admin_client.post(
        f"/admin/inscriptions/user/{p2.pk}/change/",
        {
            "email": "  P2.Nouvelle@ＡＵＤＩＴ.teſt ",
            "first_name": "",
            "last_name": "",
            "is_active": "on",
            **roles_inline(admin_client, p2),
        },
    )
    assert response.status_code == 302
    p2.refresh_from_db()
    assert p2.email == "p2.nouvelle@audit.test"


def test_every_write_stores_the_normalized_address():
    user = User(email="Quelqu.Un@Exemple.CA")
    user.save()
    assert User.objects.get(pk=user.pk).email == "quelqu.un@exemple.ca"
    assert User.objects.with_email("QUELQU.UN@exemple.ca") == user
    assert User.objects.get_by_natural_key("quelqu.un@EXEMPLE.ca") == user


def test_two_spellings_cannot_make_two_accounts():
    make_user("p2@audit.test")
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create_user("P2@audit.teſt", PASSWORD)
    assert User.objects.count() == 1


@given(typed=st.text(max_size=300), password=st.text(max_size=50))
def test_any_typed_address_on_the_login_and_reset_forms_answers_without_a_server_error(typed, password):
    cache.clear()
    client = Client()
    login_response = client.post("/connexion/", {"username": typed, "password": password})
    reset_response = client.post("/mot-de-passe/oublie/", {"email": typed})
    assert login_response.status_code in (200, 400)
    assert reset_response.status_code in (200, 302, 400)
    assert "_auth_user_id" not in client.session
