"""The cahier follows the registration (issue 19, Deliver 7): every write in an edition's notebook needs a
registration in that edition that is not cancelled (cahier/writers.py); anyone else gets a 403 in French
and nothing is saved. The teaching team and the organizers write in no notebook."""

import base64
import json

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext

from automne.roles import ORGANIZERS_GROUP, TEACHING_TEAM
from cahier import writers
from cahier.models import Answer, CaseStudyChoice, Drawing, Page, Prompt
from cahier.tests.conftest import register
from cahier.tests.images import png_bytes
from cahier.writing import save_text
from inscriptions.models import Registration
from inscriptions.tests.factories import make_user
from programme.tests.html_text import text

pytestmark = pytest.mark.django_db
NOTEBOOK = "/cahier/ecole-automne-2025/"


@pytest.fixture
def prompt(edition_2025):
    return Prompt.objects.get(page__edition=edition_2025, page__slug="eveil", level__order=1)


def autosave(client, prompt, text="Mon texte", version=0):
    body = json.dumps({"text": text, "version": version})
    return client.post(f"/cahier/api/reponses/{prompt.pk}/", body, content_type="application/json")


def staff(role):
    user = make_user(is_staff=role == ORGANIZERS_GROUP)
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.mark.parametrize("state", ["recue", "confirmee", "attente"])
def test_a_registration_not_cancelled_writes(client, participant, edition_2025, prompt, state):
    register(participant, edition_2025, state=state)
    client.force_login(participant)
    assert autosave(client, prompt).status_code == 200
    assert Answer.objects.get(user=participant).text == "Mon texte"


@pytest.mark.parametrize(
    ("who", "message"),
    [
        ("nobody", writers.NOT_REGISTERED),
        ("cancelled", writers.CANCELLED),
        ("other_edition", writers.NOT_REGISTERED),
        (TEACHING_TEAM, writers.TEAM),
        (ORGANIZERS_GROUP, writers.TEAM),
    ],
)
def test_every_write_refused_with_a_french_403_and_nothing_saved(
    client, participant, edition_2025, edition_2026, prompt, media_root, who, message
):
    if who == "cancelled":
        register(participant, edition_2025, state=Registration.State.CANCELLED)
        user = participant
    elif who == "other_edition":
        register(participant, edition_2026)
        user = participant
    elif who == "nobody":
        user = participant
    else:
        user = staff(who)
    client.force_login(user)
    response = autosave(client, prompt)
    assert response.status_code == 403
    assert response.json() == {"error": message, "code": "ecriture_refusee"}
    page = Page.objects.get(edition=edition_2025, slug="eveil")
    response = client.post(f"{NOTEBOOK}eveil/", {f"texte-{prompt.pk}": "Par le bouton", f"version-{prompt.pk}": "0"})
    assert response.status_code == 403
    assert message in text(response.content.decode(), tag="main")
    regards = Page.objects.get(edition=edition_2025, slug="regards")
    response = client.post(
        f"/cahier/api/etude-de-cas/{regards.pk}/", json.dumps({"session": None}), content_type="application/json"
    )
    assert response.status_code == 403
    data = "data:image/png;base64," + base64.b64encode(png_bytes()).decode()
    assert client.post(f"{NOTEBOOK}dessins/ajouter/", {"legende": "Non", "dessin": data}).status_code == 403
    assert (Answer.objects.count(), CaseStudyChoice.objects.count(), Drawing.objects.count()) == (0, 0, 0)
    # The notebook still reads, and says why it does not write.
    shown = client.get(page.get_absolute_url())
    assert shown.status_code == 200
    assert message.replace(" Rien n'a été enregistré.", "") in text(shown.content.decode(), tag="main")


def test_a_cancelled_registration_keeps_reading_but_neither_restores_nor_deletes(
    client, participant, edition_2025, prompt, media_root
):
    registration = register(participant, edition_2025)
    client.force_login(participant)
    save_text(participant, prompt, "Premier", 0)
    save_text(participant, prompt, "Second", 1)
    data = "data:image/png;base64," + base64.b64encode(png_bytes()).decode()
    client.post(f"{NOTEBOOK}dessins/ajouter/", {"legende": "Croquis", "dessin": data})
    drawing = Drawing.objects.get()
    registration.state = Registration.State.CANCELLED
    registration.save()
    assert client.post(f"/cahier/reponses/{prompt.pk}/versions/1/restaurer/").status_code == 403
    assert client.post(f"/cahier/dessins/{drawing.pk}/supprimer/").status_code == 403
    assert Answer.objects.get().text == "Second" and Drawing.objects.count() == 1
    assert client.get(f"/cahier/reponses/{prompt.pk}/versions/").status_code == 200
    assert client.get(f"{NOTEBOOK}cahier.md").status_code == 200
    client.post(f"{NOTEBOOK}partage/", {"partager": "non"})  # stopping a share always works


def test_the_write_check_costs_one_query(participant, edition_2025, django_assert_num_queries):
    register(participant, edition_2025)
    with django_assert_num_queries(1):
        assert writers.refusal(participant, edition_2025.pk) is None


def test_the_autosave_asks_the_write_rule_inside_its_own_query(
    client, participant, edition_2025, edition_2026, prompt, django_assert_num_queries
):
    """The writing area and the rule in one query: a round trip fewer on the hot path of PostgreSQL, whose
    process competes with the workers for the same cores. Only a refusal asks again, for its reason."""
    register(participant, edition_2026)  # another edition's registration does not count
    client.force_login(participant)
    autosave(client, prompt)  # this process now knows whose session it is (automne/session_user.py)
    with django_assert_num_queries(4):  # session and account; writing area and rule; the reason (2)
        response = autosave(client, prompt)
    assert (response.status_code, response.json()["error"]) == (403, writers.NOT_REGISTERED)
    register(participant, edition_2025, state="attente")
    for written, version in [("Premier jet", 0), ("Premier jet, repris", 1)]:
        with CaptureQueriesContext(connection) as queries:
            assert autosave(client, prompt, written, version).status_code == 200
        reads = [query["sql"] for query in queries if query["sql"].startswith("SELECT")]
        assert len(reads) == 2  # the session and its account; the writing area and the rule
        assert reads[1].startswith('SELECT "cahier_prompt"') and "inscriptions_registration" in reads[1]
        assert [query["sql"] for query in queries if "inscriptions_registration" in query["sql"]] == [reads[1]]
    assert Answer.objects.get(user=participant).text == "Premier jet, repris"
