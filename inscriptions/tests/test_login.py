import re
import time

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.core.cache import cache

from inscriptions import throttle
from inscriptions.tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def login(client, email, password=PASSWORD, address="10.0.0.1"):
    return client.post("/connexion/", {"username": email, "password": password}, REMOTE_ADDR=address)


def test_login_by_email_any_case_goes_to_account(client):
    make_user("camille@exemple.ca")
    response = login(client, "Camille@Exemple.CA")
    assert response.status_code == 302
    assert response["Location"] == "/mon-espace/"
    assert client.get("/mon-espace/").status_code == 200


def test_login_wrong_password_french_message(client):
    make_user("camille@exemple.ca")
    response = login(client, "camille@exemple.ca", "mauvais")
    assert response.status_code == 200
    assert "Courriel ou mot de passe incorrect." in response.content.decode()
    assert 'value="camille@exemple.ca"' in response.content.decode()


def test_login_throttled_after_repeated_failures_for_one_account(client):
    make_user("camille@exemple.ca")
    for n in range(throttle.ACCOUNT_LIMIT):
        assert login(client, "camille@exemple.ca", "mauvais", address=f"10.0.0.{n}").status_code == 200
    # Even the right password, from another address, now waits.
    response = login(client, "CAMILLE@exemple.ca", PASSWORD, address="10.9.9.9")
    assert response.status_code == 429
    assert "Trop de tentatives de connexion." in response.content.decode()
    assert "attendez 15 minutes avant de réessayer" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # Another account from the same addresses is not affected.
    make_user("autre@exemple.ca")
    assert login(client, "autre@exemple.ca", address="10.0.0.1").status_code == 302


def test_login_throttled_after_repeated_failures_from_one_address(client):
    make_user("camille@exemple.ca")
    for n in range(throttle.ADDRESS_LIMIT):
        login(client, f"inconnu{n}@exemple.ca", "mauvais", address="10.0.0.7")
    response = login(client, "camille@exemple.ca", address="10.0.0.7")
    assert response.status_code == 429
    assert "Trop de tentatives de connexion." in response.content.decode()
    assert login(client, "camille@exemple.ca", address="10.0.0.8").status_code == 302


def test_login_wait_ends(client):
    make_user("camille@exemple.ca")
    for _ in range(throttle.ACCOUNT_LIMIT):
        login(client, "camille@exemple.ca", "mauvais")
    assert login(client, "camille@exemple.ca").status_code == 429
    with time_machine.travel(time.time() + throttle.WAIT + 1, tick=True):  # the cache's clock too
        assert login(client, "camille@exemple.ca").status_code == 302


def test_login_success_resets_account_failures(client):
    make_user("camille@exemple.ca")
    for _ in range(throttle.ACCOUNT_LIMIT - 1):
        login(client, "camille@exemple.ca", "mauvais")
    assert login(client, "camille@exemple.ca").status_code == 302
    client.post("/deconnexion/")
    for _ in range(throttle.ACCOUNT_LIMIT - 1):
        login(client, "camille@exemple.ca", "mauvais")
    assert login(client, "camille@exemple.ca").status_code == 302


def test_logout_requires_post(client):
    client.force_login(make_user())
    assert client.get("/deconnexion/").status_code == 405
    response = client.post("/deconnexion/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_header_shows_account_and_logout_when_logged_in(client):
    assert 'href="/connexion/"' in client.get("/").content.decode()
    client.force_login(make_user())
    html = client.get("/").content.decode()
    assert 'href="/mon-espace/"' in html
    assert 'action="/deconnexion/"' in html
    assert 'href="/connexion/"' not in html


def test_session_lasts_the_whole_week():
    assert settings.SESSION_COOKIE_AGE >= 7 * 24 * 3600


def test_password_reset_by_email(client):
    make_user("camille@exemple.ca")
    response = client.post("/mot-de-passe/oublie/", {"email": "camille@exemple.ca"})
    assert response["Location"] == "/mot-de-passe/oublie/envoye/"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "Choisir un nouveau mot de passe — École d'automne"  # no edition yet
    link = re.search(r"http://127\.0\.0\.1:8000(/mot-de-passe/nouveau/\S+/)", mail.outbox[0].body).group(1)
    form_url = client.get(link)["Location"]
    response = client.post(
        form_url, {"new_password1": "Autre-mot-de-passe-42", "new_password2": "Autre-mot-de-passe-42"}
    )
    assert response["Location"] == "/mot-de-passe/nouveau/termine/"
    assert login(client, "camille@exemple.ca", "Autre-mot-de-passe-42").status_code == 302


def test_password_reset_unknown_email_reveals_nothing(client):
    response = client.post("/mot-de-passe/oublie/", {"email": "personne@exemple.ca"})
    assert response["Location"] == "/mot-de-passe/oublie/envoye/"
    assert mail.outbox == []


def test_password_change(client):
    user = make_user("camille@exemple.ca")
    client.force_login(user)
    response = client.post(
        "/mon-espace/mot-de-passe/",
        {"old_password": PASSWORD, "new_password1": "Nouveau-secret-2025", "new_password2": "Nouveau-secret-2025"},
    )
    assert response["Location"] == "/mon-espace/mot-de-passe/change/"
    user.refresh_from_db()
    assert user.check_password("Nouveau-secret-2025")


def test_password_change_weak_password_refused_in_french(client):
    client.force_login(make_user())
    response = client.post(
        "/mon-espace/mot-de-passe/", {"old_password": PASSWORD, "new_password1": "abc", "new_password2": "abc"}
    )
    assert response.status_code == 200
    assert "Ce mot de passe est trop court." in response.content.decode()


@pytest.mark.parametrize("url", ["/mon-espace/", "/mon-espace/donnees.json", "/mon-espace/supprimer/"])
def test_account_pages_require_login(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/connexion/?next=")


def test_admin_login_throttled_too(client):
    make_user("organisatrice@enap.ca", is_staff=True)
    for _ in range(throttle.ACCOUNT_LIMIT):
        client.post(
            "/admin/login/", {"username": "organisatrice@enap.ca", "password": "mauvais"}, REMOTE_ADDR="10.1.1.1"
        )
    response = client.post(
        "/admin/login/", {"username": "organisatrice@enap.ca", "password": PASSWORD}, REMOTE_ADDR="10.1.1.2"
    )
    assert response.status_code == 200  # the form again: not logged in
    assert "_auth_user_id" not in client.session
    assert throttle.seconds_to_wait("organisatrice@enap.ca", None, None) > 0


def test_first_login_after_registering_uses_the_throttled_backend(client):
    from inscriptions.tests.factories import form_data
    from programme.tests.factories import make_open_edition

    make_open_edition()
    client.post("/inscription/", form_data())
    assert "_auth_user_backend" not in client.session  # registering does not log in (F6)
    client.post("/connexion/", {"username": "camille.cote@exemple.ca", "password": form_data()["password1"]})
    assert client.session["_auth_user_backend"] == "inscriptions.backends.ThrottledModelBackend"
    assert client.get("/mon-espace/").status_code == 200
