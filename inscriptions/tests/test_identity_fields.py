"""Identity fields (issue 19, finding 12): the matricule's shape is checked in one place against
MATRICULE_FORMAT; a name is any printable text, kept as typed, or refused with a French message.
The same rules hold on the registration form, in « Mon espace » and in the admin."""

import environ
import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from automne import environment
from automne.french import NBSP
from inscriptions import identity
from inscriptions.models import Registration
from inscriptions.tests.factories import form_data, make_registration
from programme.tests.factories import make_open_edition

pytestmark = pytest.mark.django_db
EIGHT_DIGITS = f"Le matricule de l'ENAP a 8{NBSP}chiffres (par exemple 12345678)."


@pytest.fixture
def edition():
    return make_open_edition(course_code="ENP7009", course_title="Mobilisation des acteurs locaux", course_credits=3)


def errors(response, field):
    return [str(error) for error in response.context["form"].errors.get(field, [])]


# The finding, replayed: « abc!! » was accepted for the credit course.


def test_register_with_malformed_matricule_refused_in_french_nothing_created(client, edition):
    response = client.post("/inscription/", form_data(kind="credit", matricule="abc!!"))
    assert response.status_code == 200
    assert errors(response, "matricule") == [EIGHT_DIGITS]
    assert Registration.objects.count() == 0


@pytest.mark.parametrize("matricule", ["1234567", "123456789", "1234 5678", "１２３４５６７８", "12345678\u0301"])
def test_register_matricule_of_another_shape_refused(client, edition, matricule):
    response = client.post("/inscription/", form_data(kind="credit", matricule=matricule))
    assert errors(response, "matricule") == [EIGHT_DIGITS]
    assert Registration.objects.count() == 0


def test_register_matricule_of_the_format_accepted(client, edition):
    client.post("/inscription/", form_data(kind="credit", matricule="00012345"))
    assert Registration.objects.get().matricule == "00012345"


def test_matricule_format_from_the_setting(settings):
    settings.MATRICULE_FORMAT = ("AAAA99999999", "99999999")
    identity.validate_matricule("TREC12345678")
    identity.validate_matricule("12345678")
    with pytest.raises(ValidationError) as refused:
        identity.validate_matricule("trec12345678")
    assert refused.value.messages == [
        f"Le matricule de l'ENAP a la forme AAAA99999999 (par exemple ABCD12345678) ou 8{NBSP}chiffres "
        f"(par exemple 12345678){NBSP}; 9 est un chiffre, A une lettre majuscule."
    ]


def test_matricule_format_setting_read_from_the_environment(monkeypatch):
    monkeypatch.setenv("MATRICULE_FORMAT", " 99999999 | AAAA-9999 ")
    assert environment.matricule_format(environ.Env(), default="9") == ("99999999", "AAAA-9999")
    monkeypatch.delenv("MATRICULE_FORMAT")
    assert environment.matricule_format(environ.Env(), default="99999999") == ("99999999",)


@pytest.mark.parametrize("value", ["", "99||9", "\\d{8}", "9" * 21, "99999999x"])
def test_matricule_format_setting_invalid_stops_start_up_naming_it(monkeypatch, value):
    monkeypatch.setenv("MATRICULE_FORMAT", value)
    with pytest.raises(environment.ConfigurationError) as stopped:
        environment.matricule_format(environ.Env(), default="99999999")
    assert stopped.value.variable == "MATRICULE_FORMAT"
    assert "n'est pas un format de matricule" in str(stopped.value)


@given(st.text(max_size=40))
def test_matricule_check_answers_yes_or_a_french_no_for_any_text(text):
    from django.conf import settings

    fits = any(len(text) == len(shape) and all(c in "0123456789" for c in text) for shape in settings.MATRICULE_FORMAT)
    try:
        identity.validate_matricule(text)
    except ValidationError as error:
        assert not fits and text
        assert error.messages == [EIGHT_DIGITS]
    else:
        assert fits or not text


# Names: emoji were accepted, then dropped on the attestation. Now any printable text is kept whole.


@pytest.mark.parametrize(
    "name",
    ["Zoé 🌳", "👩🏽‍🔬 Chercheuse", "Nguyễn Thị Minh Khai", "Łukasz Żółć", "محمد", "王小明", "O'Neil-Ăn", "Ⅻ"],
)
def test_register_name_of_any_printable_text_kept_exactly(client, edition, name):
    client.post("/inscription/", form_data(first_name=name, email="x@exemple.ca"))
    registration = Registration.objects.get()
    assert registration.first_name == name
    assert registration.user.first_name == name


@pytest.mark.parametrize(
    ("name", "code"),
    [("Ca\u202emille", "U+202E"), ("Cam\x07ille", "U+0007"), ("Ca\ue000mille", "U+E000"), ("Ca\u2028mille", "U+2028")],
)
def test_register_name_with_an_unprintable_character_refused_naming_it(client, edition, name, code):
    response = client.post("/inscription/", form_data(last_name=name))
    assert errors(response, "last_name") == [
        f"Ce nom contient un caractère qui ne s'imprime pas ({code}){NBSP}: retirez-le. Les lettres de toutes les "
        "langues, les accents, les traits d'union, les apostrophes et les émojis sont acceptés."
    ]
    assert Registration.objects.count() == 0


@given(st.text(alphabet=st.characters(exclude_categories=["Cc", "Cs", "Co", "Cn", "Zl", "Zp", "Cf"]), max_size=30))
def test_any_printable_name_is_accepted(name):
    if name.strip():
        identity.validate_name(name)
    else:
        with pytest.raises(ValidationError):
            identity.validate_name(name)


def test_edit_in_my_space_checks_the_same_rules(client, edition):
    registration = make_registration(edition, kind="credit", matricule="12345678")
    client.force_login(registration.user)
    data = {
        "first_name": "Ca\u202emille",
        "last_name": registration.last_name,
        "organisation": "Ville",
        "function": "Agente",
        "sector": "municipal",
        "kind": "credit",
        "matricule": "abc!!",
    }
    response = client.post(f"/mon-espace/inscriptions/{registration.pk}/modifier/", data)
    assert response.status_code == 200
    assert errors(response, "matricule") == [EIGHT_DIGITS]
    assert "U+202E" in errors(response, "first_name")[0]
    before = Registration.objects.values().get(pk=registration.pk)
    registration.refresh_from_db()
    assert (registration.first_name, registration.matricule, registration.organisation) == (
        "Camille",
        "12345678",
        "Ville de Montréal",
    )
    assert Registration.objects.values().get(pk=registration.pk) == before


def test_invitation_form_checks_names_too(admin_client):
    response = admin_client.post(
        "/admin/equipe/inviter/",
        {"email": "x@enap.ca", "first_name": "A\u202eB", "last_name": "C", "role": "Organisateurs"},
    )
    assert response.status_code == 200
    assert "U+202E" in str(response.context["form"].errors["first_name"])
