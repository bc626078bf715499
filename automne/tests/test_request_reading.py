"""Requests Django will not read, and the cost of reading the others (audit F1, F6, F7; issue 25).

Each refusal is a 400 in French saying why, before any view runs, with nothing written. The test client
raises any exception a request lets through, so a 500 fails the test where it happens.
"""

import base64
import json
import os
import time

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.utils.html import escape

from automne import clean_input
from automne.french import NBSP
from automne.testing import through_wsgi_entry
from cahier.images import TOO_HEAVY
from cahier.models import Answer, Drawing, Prompt
from inscriptions.models import User
from inscriptions.tests.factories import PASSWORD, make_registration, make_user

pytestmark = pytest.mark.django_db

UNUSABLE_CHARSETS = [
    "text/plain; charset=rot13",
    "text/plain; charset=hex",
    "text/plain; charset=base64",
    "application/x-www-form-urlencoded; charset=base64",
    "application/x-www-form-urlencoded; charset=latin-1",
    "application/json; charset=rot13",
    "multipart/form-data; boundary=xyz; charset=rot13",
    "text/plain; charset=nimporte-quoi",
]  # a NUL in a header never reaches Django: gunicorn refuses it (RFC 9110 § 5.5)


@pytest.fixture
def edition(db):
    for name in ("programme.json", "cahier.json"):
        call_command("loaddata", str(settings.BASE_DIR / "fixtures" / name), verbosity=0)
    from programme.models import Edition

    return Edition.objects.get(is_current=True)


@pytest.fixture
def participant(edition):
    user = make_user("participant@exemple.ca")
    make_registration(edition, user)
    return user


def french_refusal(response, message):
    """The 400 says `message`: in JSON for a JSON request, in the page otherwise."""
    assert response.status_code == 400
    if response["Content-Type"].startswith("application/json"):
        assert response.json() == {"error": message}
    else:
        html = response.content.decode()
        assert escape(message) in html
        assert '<html lang="fr-CA">' in html


@pytest.mark.parametrize("content_type", UNUSABLE_CHARSETS)
@pytest.mark.parametrize("method", ["GET", "POST", "PUT"])
@pytest.mark.parametrize("path,query", [("/", ""), ("/sante/", ""), ("/connexion/", "next=/"), ("/programme/", "q=x")])
def test_a_charset_other_than_utf8_is_refused_in_french_on_any_method(edition, content_type, method, path, query):
    status, headers, content = through_wsgi_entry(method, path, query, content_type, b"username=x&q=y")
    assert status == 400
    if headers["Content-Type"].startswith("application/json"):
        assert json.loads(content) == {"error": clean_input.BAD_CHARSET}
    else:
        assert escape(clean_input.BAD_CHARSET) in content.decode()


@pytest.mark.parametrize("content_type", UNUSABLE_CHARSETS)
def test_the_middleware_refuses_an_unusable_charset_without_a_query_string(client, edition, content_type):
    """Requests built by another handler (the test client's) meet the same rule in the middleware."""
    for response in (
        client.generic("POST", "/connexion/", b"username=x", content_type=content_type),
        client.get("/", CONTENT_TYPE=content_type),
    ):
        french_refusal(response, clean_input.BAD_CHARSET)


def test_multipart_login_in_rot13_is_refused_and_logs_no_one_in(client, participant):
    body = (
        b'--xyz\r\nContent-Disposition: form-data; name="username"\r\n\r\nparticipant@exemple.ca\r\n'
        b'--xyz\r\nContent-Disposition: form-data; name="password"\r\n\r\n' + PASSWORD.encode() + b"\r\n--xyz--\r\n"
    )
    response = client.generic(
        "POST", "/connexion/", body, content_type="multipart/form-data; boundary=xyz; charset=rot13"
    )
    french_refusal(response, clean_input.BAD_CHARSET)
    assert "_auth_user_id" not in client.session
    assert User.objects.get(pk=participant.pk).last_login is None


def test_autosave_in_rot13_is_a_json_400_and_saves_nothing(client, participant):
    client.force_login(participant)
    prompt = Prompt.objects.first()
    response = client.generic(
        "POST",
        f"/cahier/api/reponses/{prompt.pk}/",
        json.dumps({"text": "Bonjour", "version": 0}),
        content_type="application/json; charset=rot13",
    )
    assert response.status_code == 400
    assert response.json() == {"error": clean_input.BAD_CHARSET}
    assert Answer.objects.count() == 0


@pytest.mark.parametrize("charset", ["utf-8", "UTF-8", "utf8", "US-ASCII", "ascii"])
def test_utf8_and_ascii_by_any_name_are_read(client, participant, charset):
    body = f"username=participant%40exemple.ca&password={PASSWORD}".encode()
    response = client.generic(
        "POST", "/connexion/", body, content_type=f"application/x-www-form-urlencoded; charset={charset}"
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(participant.pk)


def test_too_many_fields_is_refused_saying_so(client, participant):
    thousand_and_one = "&".join(f"champ{n}=x" for n in range(1001))
    expected = f"Le formulaire envoyé compte trop de champs (plus de 1{NBSP}000){NBSP}: rien n'a été enregistré."
    assert clean_input.reason_for(_raised(client, thousand_and_one)) == expected
    response = client.post("/connexion/", data=thousand_and_one, content_type="application/x-www-form-urlencoded")
    french_refusal(response, expected)
    french_refusal(client.get("/programme/?" + thousand_and_one), expected)


def _raised(client, body):
    """The exception Django raises reading `body` as a form."""
    from django.core.exceptions import TooManyFieldsSent
    from django.http import QueryDict

    try:
        QueryDict(body)
    except TooManyFieldsSent as exc:
        return exc
    raise AssertionError("Django read it")


def test_a_body_over_7_mib_is_refused_saying_its_limit(client, participant):
    client.force_login(participant)
    page = Prompt.objects.first().page
    body = "texte=" + "a" * (7 * 1024 * 1024 + 1)
    response = client.post(page.get_absolute_url(), data=body, content_type="application/x-www-form-urlencoded")
    french_refusal(
        response, f"Ce que vous avez envoyé dépasse 7{NBSP}Mio, la taille permise{NBSP}: rien n'a été enregistré."
    )
    assert Answer.objects.count() == 0


def test_a_drawing_over_the_body_limit_is_told_it_is_over_5_mo(client, participant, edition):
    """A canvas drawing of 5.3 MiB: its base64 text makes the body exceed Django's 7 MiB."""
    client.force_login(participant)
    data_url = "data:image/png;base64," + base64.b64encode(os.urandom(5_600_000)).decode()
    response = client.post(f"/cahier/{edition.slug}/dessins/ajouter/", {"legende": "Grand croquis", "dessin": data_url})
    french_refusal(response, TOO_HEAVY)
    assert "dépasse 5\xa0Mo" in TOO_HEAVY or "dépasse 5 Mo" in TOO_HEAVY
    assert Drawing.objects.count() == 0


def test_an_unknown_host_is_refused_in_french(client, edition):
    response = client.get("/", HTTP_HOST="ailleurs.example")
    french_refusal(response, clean_input.reason_for(_disallowed_host()))
    assert "en-tête Host inconnu" in response.content.decode()


def _disallowed_host():
    from django.core.exceptions import DisallowedHost

    return DisallowedHost("ailleurs.example")


def test_an_unknown_host_on_the_autosave_is_a_json_400(client, participant):
    client.force_login(participant)
    prompt = Prompt.objects.first()
    response = client.post(
        f"/cahier/api/reponses/{prompt.pk}/",
        data=json.dumps({"text": "x", "version": 0}),
        content_type="application/json",
        HTTP_HOST="ailleurs.example",
    )
    assert response.status_code == 400
    assert "en-tête Host inconnu" in response.json()["error"]
    assert Answer.objects.count() == 0


def test_multipart_without_boundary_is_refused_saying_so(client, participant):
    response = client.post("/connexion/", data=b"username=x", content_type="multipart/form-data")
    french_refusal(
        response,
        f"Le formulaire envoyé est illisible (envoi en plusieurs parties sans séparateur valide){NBSP}: "
        "rien n'a été enregistré. Rechargez la page, puis réessayez.",
    )


def test_a_non_utf8_form_is_refused_in_french(client, participant):
    body = "username=participant%40exemple.ca&password=é".encode("latin-1")
    response = client.generic(
        "POST", "/connexion/", body, content_type="application/x-www-form-urlencoded; charset=latin-1"
    )
    french_refusal(response, clean_input.BAD_CHARSET)
    assert User.objects.get(pk=participant.pk).last_login is None


def test_the_400_page_is_french_and_accessible_html(edition):
    response = Client().get("/", HTTP_HOST="ailleurs.example")
    html = response.content.decode()
    assert html.startswith('<!doctype html>\n<html lang="fr-CA">')
    assert "<title>Requête refusée</title>" in html
    assert "<h1>Requête refusée</h1>" in html
    assert "Bad Request" not in html


# The cost of the checks every request goes through. Not a speed measurement (bench/adversarial.py
# measures, under gunicorn): a guard, with two orders of magnitude of headroom, against a return of the
# quadratic scanner that held a worker 30 s on a 48 kB body (audit F1).
def cpu_seconds(function, *args):
    start = time.process_time()
    function(*args)
    return time.process_time() - start


@pytest.mark.parametrize(
    "raw",
    [
        '{"a": "' + '\\"' * (128 * 1024),
        '{"a": "' + '\\"' * (128 * 1024) + "\\",
        '"' * (256 * 1024),
        "[]" * (128 * 1024),
        '{"a": ["' + '\\\\"' * (85 * 1024),
    ],
    ids=["unterminated-escaped-quotes", "ending-on-a-backslash", "quotes", "brackets", "escaped-backslashes"],
)
def test_json_depth_check_of_the_largest_body_allowed_is_linear(raw):
    assert len(raw.encode()) <= clean_input.MAX_JSON_BYTES + 16
    assert cpu_seconds(clean_input.json_depth_exceeds, raw) < 2


def test_the_audit_body_to_the_health_check_is_a_french_400_at_once(client, edition):
    body = b'{"a": "' + b'\\"' * 24_000
    start = time.process_time()
    response = client.post("/sante/", data=body, content_type="application/json")
    assert time.process_time() - start < 2
    assert response.status_code == 400
    assert response.json() == {"error": clean_input.BAD_JSON}
