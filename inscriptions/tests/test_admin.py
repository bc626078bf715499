import csv
import datetime
import io

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from automne.french import NBSP
from automne.roles import ORGANIZERS_GROUP
from inscriptions.models import Attendance, Registration, Sector
from inscriptions.tests.factories import make_registration, make_user
from programme.models import Day
from programme.tests.factories import make_edition

pytestmark = pytest.mark.django_db
LIST = "/admin/inscriptions/registration/"


@pytest.fixture
def edition():
    return make_edition(course_code="ENP7009", course_title="Mobilisation des acteurs locaux", course_credits=3)


def action(client, name, registrations):
    """The action, its confirmation page, then « Oui »: what an organizer does."""
    data = {"action": name, "_selected_action": [r.pk for r in registrations]}
    page = client.post(LIST, data)
    assert page.status_code == 200
    assert page.templates[0].name == "admin/inscriptions/registration/state_confirmation.html"
    return client.post(LIST, {**data, "post": "oui"}, follow=True)


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


def state(registration):
    registration.refresh_from_db()
    return registration.state


def test_organizers_group_has_registration_permissions_and_no_accounts():
    codenames = set(Group.objects.get(name=ORGANIZERS_GROUP).permissions.values_list("codename", flat=True))
    assert {"view_registration", "change_registration", "add_attendance", "view_attestation"} <= codenames
    assert not {c for c in codenames if c.endswith("_user")}
    assert "delete_registration" not in codenames


def test_organizer_sees_list_with_filters_and_counts(client, organizer, edition):
    make_registration(edition, kind="credit", matricule="1", sector=Sector.HEALTH)
    make_registration(edition, sector=Sector.HEALTH)
    make_registration(edition, sector=Sector.MUNICIPAL, state=Registration.State.WAITING)
    response = client.get(LIST)
    assert response.status_code == 200
    counts = response.context_data["counts"]
    assert counts["Par type"] == [("Formation créditée", 1), ("Attestation de formation", 2)]
    assert dict(counts["Par secteur"])["Santé et services sociaux"] == 2
    assert dict(counts["Par secteur"])["Municipal"] == 1
    assert dict(counts["Par état"])["Liste d'attente"] == 1
    html = response.content.decode()
    for title in ["Par type", "Par secteur", "Par état", "Exporter cette liste en CSV", "Présences par journée"]:
        assert title in html
    assert "École de test</strong>&nbsp;: 2 places prises sur 100, 1 personne sur la liste d'attente." in html
    filtered = client.get(LIST, {"state__exact": "attente"})
    assert filtered.context_data["counts"]["Par type"] == [("Formation créditée", 0), ("Attestation de formation", 1)]


def test_organizer_search(client, organizer, edition):
    make_registration(edition, last_name="Gagnon")
    make_registration(edition, last_name="Bouchard")
    response = client.get(LIST, {"q": "gagnon"})
    assert [r.last_name for r in response.context_data["cl"].result_list] == ["Gagnon"]


def test_bulk_confirm_within_capacity(client, organizer, edition):
    edition.capacity = 2
    edition.save()
    received = make_registration(edition)
    waiting = [make_registration(edition, state=Registration.State.WAITING) for _ in range(2)]
    response = action(client, "confirm_selected", [received, *waiting])
    assert [state(r) for r in [received, *waiting]] == ["confirmee", "confirmee", "attente"]
    assert messages_of(response) == [
        "2 inscription(s) confirmée(s) et prévenue(s) par courriel.",
        f"1 inscription(s) laissée(s) sur la liste d'attente{NBSP}: il n'y a plus de place.",
    ]
    assert sorted(m.to[0] for m in mail.outbox) == sorted([received.email, waiting[0].email])


def test_bulk_confirm_says_why_each_registration_was_left_unchanged(client, organizer, edition):
    edition.capacity = 3
    edition.save()
    already = [make_registration(edition, state=Registration.State.CONFIRMED) for _ in range(3)]
    cancelled = make_registration(edition, state=Registration.State.CANCELLED)
    waiting = make_registration(edition, state=Registration.State.WAITING)
    response = action(client, "confirm_selected", [*already, cancelled, waiting])
    assert messages_of(response) == [
        "Aucune inscription confirmée.",
        f"3 inscription(s) laissée(s) telles quelles{NBSP}: déjà confirmée(s).",
        f"1 inscription(s) laissée(s) telles quelles{NBSP}: annulée(s).",
        f"1 inscription(s) laissée(s) sur la liste d'attente{NBSP}: il n'y a plus de place.",
    ]
    assert (state(cancelled), state(waiting)) == ("annulee", "attente")
    assert mail.outbox == []


def test_bulk_waiting_list_and_cancel(client, organizer, edition):
    a, b = make_registration(edition), make_registration(edition)
    action(client, "waitlist_selected", [a])
    action(client, "cancel_selected", [b])
    assert (state(a), state(b)) == ("attente", "annulee")


def test_promote_from_waiting_list_emails_each_promoted(client, organizer, edition):
    edition.capacity = 2
    edition.save()
    make_registration(edition)
    first = make_registration(edition, state=Registration.State.WAITING)
    second = make_registration(edition, state=Registration.State.WAITING)
    response = action(client, "promote_selected", [first, second])
    assert (state(first), state(second)) == ("confirmee", "attente")
    assert [m.to for m in mail.outbox] == [[first.email]]
    assert "Une place s'est libérée" in mail.outbox[0].body
    assert "http://127.0.0.1:8000/mon-espace/" in mail.outbox[0].body
    assert messages_of(response) == [
        "1 inscription(s) confirmée(s) et prévenue(s) par courriel.",
        f"1 inscription(s) laissée(s) sur la liste d'attente{NBSP}: il n'y a plus de place.",
    ]


def test_csv_export_opens_in_excel_and_neutralises_formulas(client, organizer, edition):
    make_registration(
        edition,
        first_name='=HYPERLINK("http://x")',
        last_name="+Côté",
        organisation="-2+3",
        function="@SUM(A1)",
        kind="credit",
        matricule="123",
        dietary_restrictions="Sans lactose; sans noix\nmerci",
    )
    make_registration(edition, last_name="Zéphir", state=Registration.State.CANCELLED)
    response = client.get("/admin/inscriptions/registration/export.csv", {"state__exact": "recue"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:4] == ["Nom", "Prénom", "Courriel", "Type"]
    assert len(rows) == 2  # the cancelled one is filtered out
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["Nom"] == "'+Côté"
    assert row["Prénom"] == '\'=HYPERLINK("http://x")'
    assert row["Organisation"] == "'-2+3"
    assert row["Fonction"] == "'@SUM(A1)"
    assert row["Type"] == "Formation créditée — ENP7009 – Mobilisation des acteurs locaux – 3 crédits"
    assert row["Restrictions alimentaires"] == "Sans lactose; sans noix\nmerci"
    assert row["État"] == "Reçue"


def test_csv_export_action_on_selection(client, organizer, edition):
    chosen = make_registration(edition, last_name="Choisi")
    make_registration(edition, last_name="Autre")
    response = client.post(LIST, {"action": "export_selected", "_selected_action": [chosen.pk]})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert [r[0] for r in rows[1:]] == ["Choisi"]


def test_checkin_marks_present_in_bulk_and_corrects(client, organizer, edition):
    day = Day.objects.create(edition=edition, date=edition.starts_on)
    a, b, c = (make_registration(edition, last_name=n) for n in ["Arsenault", "Bédard", "Caron"])
    waiting = make_registration(edition, last_name="Dion", state=Registration.State.WAITING)
    url = f"/admin/inscriptions/registration/presences/{day.pk}/"
    page = client.get(url).content.decode()
    assert "Arsenault" in page and "Caron" in page
    assert "Dion" not in page  # only people holding a seat are expected
    response = client.post(url, {"ids": [a.pk, b.pk], "action": "present"}, follow=True)
    assert "2 personne(s) marquée(s) présente(s)" in response.content.decode()
    assert set(day.attendances.values_list("registration", flat=True)) == {a.pk, b.pk}
    client.post(url, {"ids": [b.pk], "action": "absent"})
    assert set(day.attendances.values_list("registration", flat=True)) == {a.pk}
    assert waiting.attendances.count() == 0 and c.attendances.count() == 0


def test_checkin_search_by_name(client, organizer, edition):
    day = Day.objects.create(edition=edition, date=edition.starts_on)
    make_registration(edition, last_name="Arsenault")
    make_registration(edition, last_name="Bédard")
    response = client.get(f"/admin/inscriptions/registration/presences/{day.pk}/", {"q": "béd"})
    assert [p.last_name for p in response.context_data["people"]] == ["Bédard"]


def test_checkin_days_list(client, organizer, edition):
    day = Day.objects.create(edition=edition, date=edition.starts_on)
    Attendance.objects.create(registration=make_registration(edition), day=day)
    response = client.get("/admin/inscriptions/registration/presences/")
    assert [(d.pk, d.present) for d in response.context_data["days"]] == [(day.pk, 1)]


def test_checkin_and_export_refused_to_staff_outside_group(client, edition):
    client.force_login(make_user(is_staff=True))
    day = Day.objects.create(edition=edition, date=edition.starts_on)
    assert client.get(f"/admin/inscriptions/registration/presences/{day.pk}/").status_code == 403
    assert client.get("/admin/inscriptions/registration/presences/").status_code == 403
    assert client.get("/admin/inscriptions/registration/export.csv").status_code == 403
    assert client.get(LIST).status_code == 403


def test_organizer_cannot_open_accounts(client, organizer):
    assert client.get("/admin/inscriptions/user/").status_code == 403


def _grow(edition, times):
    day = edition.days.first()
    for n in range(times):
        registration = make_registration(edition, sector=list(Sector.values)[n % 7])
        Attendance.objects.create(registration=registration, day=day)


def test_admin_lists_query_count_constant(client, organizer, edition):
    day = Day.objects.create(edition=edition, date=datetime.date(2025, 10, 20))
    _grow(edition, 3)
    counts = {}
    for label in ["1x", "10x"]:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(LIST).status_code == 200
        counts[("list", label)] = len(captured)
        with CaptureQueriesContext(connection) as captured:
            client.get(f"/admin/inscriptions/registration/presences/{day.pk}/")
        counts[("checkin", label)] = len(captured)
        _grow(edition, 27)
    assert counts[("list", "1x")] == counts[("list", "10x")] == 16
    assert counts[("checkin", "1x")] == counts[("checkin", "10x")] == 6


def test_change_form_state_read_only_and_matricule_checked(client, organizer, edition):
    registration = make_registration(edition, last_name="Gagnon")
    url = f"{LIST}{registration.pk}/change/"
    page = client.get(url).content.decode()
    assert 'name="state"' not in page
    data = {
        "state": "confirmee",
        "kind": "credit",
        "matricule": "",
        "first_name": "Camille",
        "last_name": "Gagnon",
        "organisation": "Ville",
        "function": "Analyste",
        "sector": "municipal",
        "accessibility_needs": "",
        "dietary_restrictions": "",
        "attendances-TOTAL_FORMS": "0",
        "attendances-INITIAL_FORMS": "0",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Le matricule de l&#x27;ENAP est obligatoire pour la formation créditée." in response.content.decode()
    response = client.post(url, {**data, "matricule": "123"})
    assert response.status_code == 200
    assert "Le matricule de l&#x27;ENAP a 8\xa0chiffres (par exemple 12345678)." in response.content.decode()
    response = client.post(url, {**data, "matricule": "12345678"})
    assert response.status_code == 302
    registration.refresh_from_db()
    assert (registration.kind, registration.matricule, registration.state) == ("credit", "12345678", "recue")
