import html

import pytest
from django.core import mail
from django.urls import reverse

from automne.french import NBSP
from inscriptions.models import Registration, User
from inscriptions.tests.factories import PASSWORD, form_data, make_registration, make_user
from programme.tests.factories import make_open_edition

pytestmark = pytest.mark.django_db
URL = "/inscription/"


@pytest.fixture
def edition():
    return make_open_edition(course_code="ENP7009", course_title="Mobilisation des acteurs locaux", course_credits=3)


def test_register_url_name():
    assert reverse("inscriptions:register") == URL


def test_register_page_offers_both_choices_labelled_from_edition(client, edition):
    html = client.get(URL).content.decode()
    assert "Formation créditée — ENP7009 – Mobilisation des acteurs locaux – 3 crédits" in html
    assert "Attestation de formation" in html
    assert 'href="/confidentialite/"' in html
    for sector in [
        "Municipal",
        "Santé et services sociaux",
        "Gouvernement du Québec",
        "Gouvernement fédéral",
        "Communautaire",
        "Milieu universitaire",
        "Autre",
    ]:
        assert f">{sector}</option>" in html


def test_register_page_without_course_offers_attestation_only(client):
    make_open_edition()
    html = client.get(URL).content.decode()
    assert 'value="credit"' not in html
    assert 'value="attestation"' in html


def test_register_link_on_every_page(client, edition):
    for url in ["/", "/confidentialite/", "/connexion/"]:
        assert 'href="/inscription/"' in client.get(url).content.decode(), url


def test_register_for_credit_creates_account_emails_and_says_to_check_email(client, edition):
    response = client.post(URL, form_data(kind="credit", matricule=" 12345678 "))
    assert (response.status_code, response["Location"]) == (302, "/inscription/courriel-envoye/")
    registration = Registration.objects.get()
    assert registration.kind == Registration.Kind.CREDIT
    assert registration.matricule == "12345678"
    assert registration.state == Registration.State.RECEIVED
    assert registration.user.email == "camille.cote@exemple.ca"
    assert (registration.user.first_name, registration.user.last_name) == ("Camille", "Côté")
    assert len(mail.outbox) == 1
    assert "Formation créditée — ENP7009 – Mobilisation des acteurs locaux – 3 crédits" in mail.outbox[0].body
    assert "http://127.0.0.1:8000/mon-espace/" in mail.outbox[0].body
    page = html.unescape(client.get(response["Location"]).content.decode())
    assert "<h1>Vérifiez vos courriels</h1>" in page
    assert '<a href="/connexion/">Se connecter</a>' in page
    assert client.get("/mon-espace/")["Location"] == "/connexion/?next=/mon-espace/"  # not logged in
    assert client.login(username="camille.cote@exemple.ca", password=PASSWORD)


def test_register_for_attestation(client, edition):
    client.post(URL, form_data(accessibility_needs="Fauteuil roulant", dietary_restrictions="Sans gluten"))
    registration = Registration.objects.get()
    assert registration.kind == Registration.Kind.ATTESTATION
    assert registration.matricule == ""
    assert registration.accessibility_needs == "Fauteuil roulant"
    assert registration.dietary_restrictions == "Sans gluten"


def test_register_when_full_says_waiting_list(client, edition):
    edition.capacity = 1
    edition.save()
    make_registration(edition)
    assert "Toutes les places sont prises." in client.get(URL).content.decode()
    response = client.post(URL, form_data())
    assert response["Location"] == "/inscription/courriel-envoye/"
    registration = Registration.objects.get(email="camille.cote@exemple.ca")
    assert registration.state == Registration.State.WAITING
    [message] = mail.outbox
    assert message.subject == "Liste d'attente — École de test"
    assert "vous êtes sur la liste d'attente" in message.body
    client.force_login(registration.user)
    page = html.unescape(client.get("/mon-espace/").content.decode())
    assert '<strong class="badge badge--attente">Liste d\'attente</strong>' in page


def test_register_logged_in_without_registration_uses_account(client, edition):
    user = make_user("deja@exemple.ca", first_name="Dominique", last_name="Roy")
    client.force_login(user)
    page = client.get(URL).content.decode()
    assert 'name="password1"' not in page
    assert 'value="Dominique"' in page
    data = form_data(first_name="Dominique", last_name="Roy")
    response = client.post(URL, data)
    assert response.status_code == 302
    assert Registration.objects.get().user == user
    assert Registration.objects.get().email == "deja@exemple.ca"


def test_register_logged_in_and_registered_goes_to_account(client, edition):
    registration = make_registration(edition)
    client.force_login(registration.user)
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"] == "/mon-espace/"


def test_register_without_current_edition_says_closed(client):
    assert "Les inscriptions ne sont pas ouvertes" in client.get(URL).content.decode()


# Bad input: an answer in French, the form kept filled in, nothing created. -----------------


def _refused(client, data, field, message):
    response = client.post(URL, data)
    assert response.status_code == 200
    assert Registration.objects.count() == 0
    form = response.context["form"]
    assert message in " ".join(str(e) for e in form.errors[field])
    html = response.content.decode()
    assert 'value="CIUSSS du Centre-Sud"' in html  # the rest is kept
    assert "Le formulaire contient" in html
    return html


def answer_of(client, data):
    """What someone not logged in sees after sending the form: status, redirect, page, cookies."""
    client.cookies.clear()
    response = client.post(URL, data)
    page = client.get(response["Location"]).content.decode() if response.status_code == 302 else ""
    return response.status_code, response.get("Location"), page, sorted(response.cookies), sorted(client.cookies)


def test_register_answers_the_same_whether_or_not_the_address_has_an_account(client, edition):
    make_user("Camille.Cote@exemple.ca")
    existing = answer_of(client, form_data())
    new = answer_of(client, form_data(email="personne.nouvelle@exemple.ca"))
    assert existing == new
    assert existing[:2] == (302, "/inscription/courriel-envoye/")
    assert Registration.objects.filter(email__iexact="camille.cote@exemple.ca").count() == 0


def test_register_with_an_existing_address_emails_its_owner_the_way_back_in(client, edition):
    owner = make_user("Camille.Cote@exemple.ca")
    client.post(URL, form_data())
    [message] = mail.outbox
    assert (message.to, message.subject) == (["camille.cote@exemple.ca"], "Votre compte — École de test")
    assert f"un compte existe déjà à cette adresse{NBSP}: rien n'a été enregistré ni changé." in message.body
    assert "http://127.0.0.1:8000/connexion/" in message.body
    assert "http://127.0.0.1:8000/mot-de-passe/oublie/" in message.body
    owner.refresh_from_db()
    assert owner.check_password(PASSWORD)  # unchanged by the attempt
    assert Registration.objects.count() == 0


def test_register_with_an_existing_address_cannot_flood_its_owner(client, edition):
    make_user("camille.cote@exemple.ca")
    for _ in range(5):
        response = client.post(URL, form_data())
        assert response["Location"] == "/inscription/courriel-envoye/"
    assert len(mail.outbox) == 3  # RESET_ACCOUNT_LIMIT, shared with password-reset requests


def test_register_credit_without_matricule(client, edition):
    _refused(
        client,
        form_data(kind="credit", matricule="  "),
        "matricule",
        "Le matricule de l'ENAP est obligatoire pour la formation créditée.",
    )


def test_register_invalid_email(client, edition):
    html = _refused(client, form_data(email="camille.exemple.ca"), "email", "Saisissez une adresse de courriel valide.")
    assert 'value="camille.exemple.ca"' in html


def test_register_overlong_field(client, edition):
    _refused(
        client,
        form_data(function="x" * 201),
        "function",
        "Assurez-vous que cette valeur comporte au plus 200 caractères (actuellement 201).",
    )


def test_register_overlong_text(client, edition):
    _refused(
        client,
        form_data(dietary_restrictions="x" * 1001),
        "dietary_restrictions",
        "Assurez-vous que cette valeur comporte au plus 1000 caractères (actuellement 1001).",
    )


def test_register_without_consent(client, edition):
    data = form_data()
    del data["consent"]
    _refused(client, data, "consent", "Votre consentement est nécessaire pour vous inscrire.")


def test_register_weak_password(client, edition):
    _refused(
        client, form_data(password1="12345678", password2="12345678"), "password1", "Ce mot de passe est trop court."
    )


def test_register_common_password(client, edition):
    _refused(client, form_data(password1="password123", password2="password123"), "password1", "trop courant")


def test_register_passwords_differ(client, edition):
    _refused(client, form_data(password2=PASSWORD + "x"), "password2", "Les deux mots de passe ne sont pas identiques.")


def test_register_unknown_sector_and_kind(client, edition):
    response = client.post(URL, form_data(sector="prive", kind="vip"))
    assert set(response.context["form"].errors) == {"sector", "kind"}
    assert "Sélectionnez un choix valide." in str(response.context["form"].errors["sector"])


def test_register_missing_required_fields(client, edition):
    response = client.post(URL, {})
    errors = response.context["form"].errors
    required = ["first_name", "last_name", "email", "organisation", "function", "sector", "kind", "password1"]
    for name in required:
        assert errors[name] == ["Ce champ est obligatoire."], name
    assert User.objects.count() == 0


def test_register_page_query_count_constant(client, edition, django_assert_num_queries):
    make_registration(edition)
    # current edition (the view's and the header's), free seats
    with django_assert_num_queries(3):
        client.get(URL)
    for _ in range(10):
        make_registration(edition)
    with django_assert_num_queries(3):
        client.get(URL)
