"""No 500 from input (audit F3, F4): every form and JSON endpoint, fed the audit's payloads.

A table of payloads, sent in every field of every form and JSON endpoint (and in addresses), on
SQLite and, with DATABASE_URL pointing at PostgreSQL, on PostgreSQL. The test client raises any
exception a view lets through, so a 500 fails the test where it happens. Text with a NUL or a
lone surrogate is refused with a 400 in French (automne/clean_input.py) and never stored.
"""

import json
from urllib.parse import quote

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils.html import escape

from automne import clean_input
from automne.roles import TEACHING_TEAM
from cahier.models import Answer, Comment, Drawing, Notebook, Page, Prompt
from cahier.tests.images import png_bytes
from inscriptions.models import Registration, User
from inscriptions.tests.factories import PASSWORD, form_data, make_registration, make_user

pytestmark = pytest.mark.django_db

NUL = "a\x00b"
LONE_SURROGATE = "a\ud800b"
PAYLOADS = [
    NUL,
    "\x00",
    "²",
    "٣",
    "9" * 20,
    str(2**63),
    str(2**64 + 1),
    "-1",
    "",
    " ",
    "x" * 30_000,
    "<script>alert(1)</script>",
    "../../../etc/passwd",
    "😀 l'été « ô »",
    "1e999",
]
JSON_VALUES = [
    *PAYLOADS,
    LONE_SURROGATE,
    "\udfff",
    2**63,
    2**64,
    -(2**63) - 1,
    10**30,
    1.5,
    float("1e308"),
    True,
    None,
    [],
    {},
    ["a\x00"],
    {"\x00": 1},
]
RAW_JSON_BODIES = [
    b"[" * 100_000 + b"]" * 100_000,
    b'{"text": ' + b"[" * 5000 + b"]" * 5000 + b"}",
    b"[]",
    b"null",
    b'"texte"',
    b"12",
    b"1" * 5000,
    b'{"text": "a\\u0000b", "version": 0}',
    b'{"text": "a\\ud800b", "version": 0}',
    b'{"text": "\\udc00", "version": 0}',
    b'{"text": "x", "version": 18446744073709551616}',
    b'{"text": "x", "version": 9223372036854775808}',
    b'{"session": "\\u00b2"}',
    b"\xff\xfe",
    b"{",
    b"",
]
# Form-encoded bytes that decode to lone surrogates in other parsers (Django replaces them with U+FFFD).
RAW_FORM_VALUES = ["%ED%A0%80", "%00", "%C0%80", "%FF"]


def stored_with_nul(rows):
    """Each stored row holding a NUL (read in Python: SQLite's LIKE stops at a NUL)."""
    return ["\x00" in value for row in rows for value in row]


def assert_not_server_error(response, what):
    assert response.status_code < 500, f"{what} → {response.status_code}"
    if response.status_code == 400 and response.get("Content-Type", "").startswith("text/html"):
        assert "Requête refusée" in response.content.decode() or "<form" in response.content.decode()


def post_each_field(client, url, base, fields=None):
    """Every payload in every field (and in an unexpected one), the other fields left valid."""
    for name in fields or base:
        for payload in PAYLOADS:
            data = {**base, name: payload}
            response = client.post(url, data)
            assert_not_server_error(response, f"POST {url} {name}={payload[:30]!r}")
            if "\x00" in payload:
                assert response.status_code == 400
                assert escape(clean_input.BAD_TEXT) in response.content.decode()
        for raw in RAW_FORM_VALUES:
            body = "&".join(f"{quote(k)}={quote(str(v))}" for k, v in base.items() if k != name) + f"&{name}={raw}"
            response = client.post(url, body, content_type="application/x-www-form-urlencoded")
            assert_not_server_error(response, f"POST {url} {name}={raw}")
    response = client.post(url, {**base, "champ\x00inconnu": "x"})
    assert response.status_code == 400


def post_json_each_field(client, url, base):
    for name in base:
        for value in JSON_VALUES:
            response = client.post(url, json.dumps({**base, name: value}), content_type="application/json")
            assert_not_server_error(response, f"POST {url} {name}={str(value)[:30]!r}")
            if clean_input.is_bad_text(value) or value in (["a\x00"], {"\x00": 1}):
                assert response.status_code == 400
                assert response.json()["error"] == clean_input.BAD_TEXT
    for body in RAW_JSON_BODIES:
        response = client.post(url, body, content_type="application/json")
        assert_not_server_error(response, f"POST {url} {body[:30]!r}")
        assert response.status_code in (200, 400, 409), body[:40]
        if response.status_code == 400:
            assert response.json()["error"]


@pytest.fixture
def structure(db):
    from django.conf import settings

    for name in ("programme.json", "cahier.json"):
        call_command("loaddata", str(settings.BASE_DIR / "fixtures" / name), verbosity=0)


@pytest.fixture
def edition(structure):
    from programme.models import Edition

    return Edition.objects.get(is_current=True)


@pytest.fixture
def participant(edition):
    user = make_user("participant@exemple.ca")
    make_registration(edition, user)
    return user


@pytest.fixture
def logged_in(client, participant):
    client.force_login(participant)
    return client


@pytest.fixture
def shared_owner(edition):
    owner = make_user("partage@exemple.ca")
    Notebook.objects.create(user=owner, edition=edition).share()
    return owner


@pytest.fixture
def teacher(edition):
    user = make_user("prof@exemple.ca")
    user.groups.add(Group.objects.get(name=TEACHING_TEAM))
    return user


def test_registration_form_with_bad_input_answers_without_server_error(client, edition):
    post_each_field(client, "/inscription/", form_data())
    assert not any(stored_with_nul(Registration.objects.values_list("first_name", "last_name", "organisation")))


def test_registration_while_logged_in_with_bad_input_answers_without_server_error(client, edition):
    client.force_login(make_user("sans.inscription@exemple.ca"))
    base = {k: v for k, v in form_data().items() if k not in ("email", "password1", "password2")}
    post_each_field(client, "/inscription/", base)


def test_login_form_with_bad_input_answers_without_server_error(client, participant):
    post_each_field(client, "/connexion/", {"username": participant.email, "password": "faux mot de passe"})


def test_admin_login_with_bad_input_answers_without_server_error(client, participant):
    post_each_field(client, "/admin/login/", {"username": participant.email, "password": "faux mot de passe"})


def test_password_reset_with_bad_input_answers_without_server_error(client, participant):
    post_each_field(client, "/mot-de-passe/oublie/", {"email": participant.email})


def test_new_password_form_with_bad_input_answers_without_server_error(client, participant):
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    uid = urlsafe_base64_encode(force_bytes(participant.pk))
    token = default_token_generator.make_token(participant)
    set_password_url = client.get(f"/mot-de-passe/nouveau/{uid}/{token}/")["Location"]
    post_each_field(client, set_password_url, {"new_password1": "Un-nouveau-2026!", "new_password2": "Autre-2026!"})
    for path in (f"/mot-de-passe/nouveau/{uid}%00/{token}/", f"/mot-de-passe/nouveau/{'9' * 30}/{token}/"):
        assert_not_server_error(client.get(path), path)


def test_account_edit_and_delete_with_bad_input_answer_without_server_error(logged_in, participant):
    registration = participant.registrations.get()
    base = {
        name: getattr(registration, name)
        for name in ("first_name", "last_name", "organisation", "function", "sector", "kind", "matricule")
    }
    post_each_field(logged_in, f"/mon-espace/inscriptions/{registration.pk}/modifier/", base)
    post_each_field(
        logged_in,
        "/mon-espace/mot-de-passe/",
        {"old_password": "faux", "new_password1": "x", "new_password2": "y"},
    )
    post_each_field(logged_in, "/mon-espace/supprimer/", {"password": "pas le bon mot de passe"})
    assert User.objects.filter(pk=participant.pk).exists()


def test_cahier_page_form_with_bad_input_answers_without_server_error(logged_in, participant):
    page = Page.objects.filter(picks_case_study=True).first()
    prompt = page.prompts.first()
    base = {f"texte-{prompt.pk}": "Mon texte", f"version-{prompt.pk}": "0", "etude_de_cas": ""}
    post_each_field(logged_in, page.get_absolute_url(), base)
    assert not any(stored_with_nul(Answer.objects.values_list("text")))


def test_autosave_api_with_bad_input_answers_without_server_error(logged_in):
    prompt = Prompt.objects.first()
    post_json_each_field(logged_in, f"/cahier/api/reponses/{prompt.pk}/", {"text": "Mon texte", "version": 0})
    assert not any(stored_with_nul(Answer.objects.values_list("text")))


def test_case_study_api_with_bad_input_answers_without_server_error(logged_in):
    page = Page.objects.filter(picks_case_study=True).first()
    post_json_each_field(logged_in, f"/cahier/api/etude-de-cas/{page.pk}/", {"session": 1})


def test_comment_form_with_bad_input_answers_without_server_error(client, teacher, shared_owner):
    client.force_login(teacher)
    page = Page.objects.filter(kind=Page.Kind.THEME).first()
    post_each_field(client, f"/cahier/equipe/{shared_owner.pk}/commentaires/{page.pk}/", {"commentaire": "Bravo"})
    assert not any(stored_with_nul(Comment.objects.values_list("text")))


def test_sharing_form_with_bad_input_answers_without_server_error(logged_in):
    post_each_field(logged_in, "/cahier/partage/", {"partager": "oui"})


def test_drawing_upload_with_bad_input_answers_without_server_error(logged_in, participant, media_store):
    post_each_field(logged_in, "/cahier/dessins/ajouter/", {"legende": "Mon croquis", "dessin": ""})
    response = logged_in.post(
        "/cahier/dessins/ajouter/", {"legende": NUL, "dessin": "data:image/png;base64," + png_bytes().hex()}
    )
    assert response.status_code == 400
    assert Drawing.objects.count() == 0
    assert media_store() == []


def test_drawing_with_nul_caption_leaves_no_row_and_no_file(logged_in, media_store):
    import base64

    data_url = "data:image/png;base64," + base64.b64encode(png_bytes()).decode()
    response = logged_in.post("/cahier/dessins/ajouter/", {"legende": NUL, "dessin": data_url})
    assert response.status_code == 400
    assert Drawing.objects.count() == 0
    assert media_store() == []


@pytest.mark.parametrize(
    "path",
    [
        "/attestations/a%00b/",
        "/attestations/%00/",
        "/seances/a%00b/",
        "/programme/?q=a%00b",
        "/programme/?salle=%00",
        "/cahier/a%00b/",
        "/intervenants/?q=%00",
    ],
)
def test_nul_in_address_is_refused_in_french(client, edition, path):
    response = client.get(path)
    assert response.status_code == 400
    assert escape(clean_input.BAD_TEXT) in response.content.decode()


@pytest.mark.parametrize(
    "path",
    [
        "/cahier/dessins/{n}/image/",
        "/cahier/reponses/{n}/versions/",
        "/cahier/equipe/{n}/",
        "/cahier/equipe/{n}/dessins/{n}/",
        "/mon-espace/inscriptions/{n}/modifier/",
        "/mon-espace/inscriptions/{n}/attestation.pdf",
    ],
)
@pytest.mark.parametrize("number", ["9" * 20, "1" + "0" * 40, str(2**63), str(2**63 - 1)])
def test_huge_id_in_address_is_404(logged_in, path, number):
    response = logged_in.get(path.format(n=number))
    assert response.status_code == 404


def test_huge_version_in_restore_address_is_404(logged_in):
    prompt = Prompt.objects.first()
    for number in ("9" * 20, str(2**63), str(2**63 - 1)):
        response = logged_in.post(f"/cahier/reponses/{prompt.pk}/versions/{number}/restaurer/")
        assert response.status_code == 404


def test_autosave_version_beyond_64_bits_is_400_in_french(logged_in):
    prompt = Prompt.objects.first()
    response = logged_in.post(
        f"/cahier/api/reponses/{prompt.pk}/", {"text": "x", "version": 2**63}, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json() == {"error": "Le champ « version » doit être un entier positif ou nul."}


def test_autosave_lone_surrogate_is_400_in_french_and_not_stored(logged_in):
    prompt = Prompt.objects.first()
    body = b'{"text": "a\\ud800b", "version": 0}'
    response = logged_in.post(f"/cahier/api/reponses/{prompt.pk}/", body, content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"error": clean_input.BAD_TEXT}
    assert Answer.objects.count() == 0


def test_autosave_nul_is_400_in_french_and_not_stored(logged_in):
    prompt = Prompt.objects.first()
    response = logged_in.post(
        f"/cahier/api/reponses/{prompt.pk}/", {"text": NUL, "version": 0}, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json() == {"error": clean_input.BAD_TEXT}
    assert Answer.objects.count() == 0


def test_autosave_deeply_nested_json_is_400_in_french(logged_in):
    prompt = Prompt.objects.first()
    body = b'{"text": ' + b"[" * 100_000 + b"]" * 100_000 + b', "version": 0}'
    response = logged_in.post(f"/cahier/api/reponses/{prompt.pk}/", body, content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"error": clean_input.TOO_DEEP}


def test_autosave_body_not_an_object_is_400_in_french(logged_in):
    prompt = Prompt.objects.first()
    response = logged_in.post(f"/cahier/api/reponses/{prompt.pk}/", b"[1, 2]", content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"error": clean_input.BAD_JSON}


def test_case_study_superscript_two_is_treated_as_no_choice(logged_in, participant):
    page = Page.objects.filter(picks_case_study=True).first()
    response = logged_in.post(f"/cahier/api/etude-de-cas/{page.pk}/", {"session": "²"}, content_type="application/json")
    assert response.status_code == 200
    assert response.json()["session"] is None


def test_cahier_form_with_huge_version_keeps_the_text_with_a_message(logged_in):
    page = Page.objects.filter(kind=Page.Kind.THEME).first()
    prompt = page.prompts.first()
    response = logged_in.post(
        page.get_absolute_url(), {f"texte-{prompt.pk}": "Mon texte", f"version-{prompt.pk}": str(2**64)}
    )
    assert response.status_code == 400
    assert "Version manquante" in response.content.decode()
    assert Answer.objects.count() == 0


def test_parse_id_accepts_only_bounded_ascii_digits():
    assert [clean_input.parse_id(v) for v in ("12", 12, "²", "٣", "-1", " 1", "1_0", str(2**63), 2**63, True)] == [
        12,
        12,
        None,
        None,
        None,
        None,
        None,
        None,
        None,
        None,
    ]


def test_json_depth_ignores_brackets_inside_strings():
    assert clean_input.json_depth_exceeds('{"a": "' + "[" * 50 + '"}') is False
    assert clean_input.json_depth_exceeds("[" * 21 + "]" * 21) is True
    assert clean_input.json_depth_exceeds("[" * 20 + "]" * 20) is False


def test_login_with_right_password_still_works_after_the_checks(client, participant):
    response = client.post("/connexion/", {"username": participant.email, "password": PASSWORD})
    assert response.status_code == 302


@pytest.fixture
def media_store(settings, tmp_path):
    """The drawings' files in the default storage, as a function (listed each time it is called)."""
    from django.core.files.storage import default_storage

    settings.MEDIA_ROOT = tmp_path / "media"

    def listing():
        return default_storage.listdir("cahier")[1] if default_storage.exists("cahier") else []

    return listing


def test_json_body_beyond_256_kib_is_refused_before_parsing(logged_in):
    prompt = Prompt.objects.first()
    body = b'{"text": "' + b"a" * (256 * 1024) + b'", "version": 0}'
    response = logged_in.post(f"/cahier/api/reponses/{prompt.pk}/", body, content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"error": clean_input.TOO_BIG}


def test_json_depth_counts_escaped_quotes_inside_strings():
    assert clean_input.json_depth_exceeds(r'{"a": "\"[[[[[[[[[[[[[[[[[[[[[[[[\\"}') is False
    assert clean_input.json_depth_exceeds(r'{"a": "\\"' + "[" * 25 + "]" * 25 + "}") is True
