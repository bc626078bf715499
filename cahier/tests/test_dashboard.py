"""The teaching team's dashboard of an edition: progress, last change, « nouveau depuis votre dernière
lecture », sorting and filtering, the ZIP of PDFs, in a constant number of queries."""

import datetime
import io
import zipfile

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from automne.roles import TEACHING_TEAM
from cahier.models import Answer, Notebook, Prompt, TeamReading
from cahier.writing import save_text
from inscriptions.models import Registration, User

DASHBOARD = "/cahier/equipe/"


@pytest.fixture
def teacher(cahier_structure):
    user = User.objects.create_user("prof@example.org", "mot de passe du prof", first_name="Prof")
    user.groups.add(Group.objects.get(name=TEACHING_TEAM))
    client = Client()
    client.force_login(user)
    return client


def prompt(slug, order=1):
    return Prompt.objects.get(page__slug=slug, level__order=order)


def sharing_participant(edition, first_name, last_name, texts=(), kind=None):
    user = User.objects.create_user(f"{first_name.lower()}@example.org", "mot de passe", first_name=first_name)
    user.last_name = last_name
    user.save()
    for (slug, order), text in texts:
        save_text(user, prompt(slug, order), text, 0)
    Notebook.objects.create(user=user, edition=edition).share()
    if kind:
        Registration.objects.create(
            edition=edition,
            user=user,
            email=user.email,
            first_name=first_name,
            last_name=last_name,
            kind=kind,
            matricule="12345" if kind == "credit" else "",
            organisation="ENAP",
            function="Étudiant·e",
            sector="public",
            consented_at=timezone.now(),
        )
    return user


def names_in(html, names):
    return sorted(names, key=html.index)


@pytest.mark.django_db
def test_dashboard_shows_progress_words_and_last_change(teacher, edition_2025):
    total = Prompt.objects.filter(page__edition=edition_2025).count()
    sharing_participant(edition_2025, "Camille", "Roy", [(("eveil", 1), "Trois mots ici"), (("eveil", 2), "Deux mots")])
    html = teacher.get(DASHBOARD).content.decode()
    assert f"2 zones d'écriture sur {total} · 5 mots" in html
    assert "Dernière modification le" in html


@pytest.mark.django_db
def test_unshared_and_other_editions_notebooks_are_not_listed(teacher, edition_2025, edition_2026, other):
    Notebook.objects.create(user=other, edition=edition_2025)  # private
    sharing_participant(edition_2026, "Léa", "Tremblay")
    html = teacher.get(DASHBOARD).content.decode()
    assert "Dominique" not in html and "Léa" not in html
    assert "Aucun cahier de cette édition n'est partagé pour l'instant." in html


@pytest.mark.django_db
def test_new_since_last_reading_per_notebook_and_per_theme(teacher, edition_2025):
    camille = sharing_participant(edition_2025, "Camille", "Roy", [(("eveil", 1), "Début")])
    html = teacher.get(DASHBOARD).content.decode()
    assert html.count("nouveau depuis votre dernière lecture</span>") == 1  # never read: new
    teacher.get(f"/cahier/equipe/ecole-automne-2025/{camille.pk}/")
    assert "nouveau depuis votre dernière lecture" not in teacher.get(DASHBOARD).content.decode()
    TeamReading.objects.update(read_at=timezone.now() - datetime.timedelta(minutes=5))
    Answer.objects.filter(prompt=prompt("eveil", 1)).update(updated_at=timezone.now() - datetime.timedelta(minutes=10))
    save_text(camille, prompt("regards"), "Nouveau texte", 0)
    html = teacher.get(DASHBOARD).content.decode()
    assert html.count("nouveau depuis votre dernière lecture</span>") == 1
    assert '#page-regards">Regards</a></p>' in html
    assert "#page-eveil" not in html
    read = teacher.get(f"/cahier/equipe/ecole-automne-2025/{camille.pk}/").content.decode()
    assert read.count("nouveau depuis votre dernière lecture</span>") == 1
    assert read.index("nouveau depuis votre dernière lecture</span>") > read.index('id="page-regards"')


@pytest.mark.django_db
def test_dashboard_sorts_by_name_or_last_change(teacher, edition_2025):
    sharing_participant(edition_2025, "Zoé", "Bouchard", [(("eveil", 1), "Écrit en premier")])
    sharing_participant(edition_2025, "Anne", "Côté", [(("eveil", 1), "Écrit ensuite")])
    Answer.objects.filter(user__first_name="Zoé").update(updated_at=timezone.now() + datetime.timedelta(minutes=1))
    by_name = teacher.get(DASHBOARD).content.decode()
    assert names_in(by_name, ["Zoé Bouchard", "Anne Côté"]) == ["Anne Côté", "Zoé Bouchard"]
    by_change = teacher.get(DASHBOARD + "?tri=modification").content.decode()
    assert names_in(by_change, ["Zoé Bouchard", "Anne Côté"]) == ["Zoé Bouchard", "Anne Côté"]


@pytest.mark.django_db
def test_dashboard_filters_credit_or_attestation(teacher, edition_2025):
    sharing_participant(edition_2025, "Anne", "Côté", kind="credit")
    sharing_participant(edition_2025, "Zoé", "Bouchard", kind="attestation")
    credit = teacher.get(DASHBOARD + "?inscription=credit").content.decode()
    assert "Anne Côté" in credit and "Zoé Bouchard" not in credit
    attestation = teacher.get(DASHBOARD + "?inscription=attestation").content.decode()
    assert "Zoé Bouchard" in attestation and "Anne Côté" not in attestation
    assert "(ENP7009)" in credit


@pytest.mark.django_db
def test_unknown_sort_and_filter_fall_back_to_everyone_by_name(teacher, edition_2025):
    sharing_participant(edition_2025, "Anne", "Côté", kind="credit")
    response = teacher.get(DASHBOARD + "?tri=n-importe&inscription=autre")
    assert response.status_code == 200
    assert "Anne Côté" in response.content.decode()


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_dashboard_queries_are_constant_at_one_and_ten_times_the_notebooks(teacher, edition_2025):
    def grow(start, count):
        for n in range(start, start + count):
            user = sharing_participant(
                edition_2025, f"P{n}", "Nom", [(("eveil", 1), "Un texte"), (("regards", 1), "x")]
            )
            TeamReading.objects.create(
                reader=User.objects.get(email="prof@example.org"),
                notebook=Notebook.objects.get(user=user),
                read_at=timezone.now() - datetime.timedelta(days=1),
            )

    grow(0, 2)
    once = count_queries(teacher, DASHBOARD)
    grow(2, 18)
    assert count_queries(teacher, DASHBOARD) == once
    assert count_queries(teacher, DASHBOARD + "?tri=modification&inscription=credit") == once


@pytest.mark.django_db
def test_zip_holds_one_pdf_per_shared_notebook(teacher, edition_2025, other):
    anne = sharing_participant(edition_2025, "Anne", "Côté", [(("eveil", 1), "Texte d'Anne")])
    zoe = sharing_participant(edition_2025, "Zoé", "Bouchard")
    Notebook.objects.create(user=other, edition=edition_2025)  # private: not in the ZIP
    response = teacher.get("/cahier/equipe/ecole-automne-2025/cahiers.zip")
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == 'attachment; filename="cahiers-partages-ecole-automne-2025.zip"'
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert sorted(archive.namelist()) == [f"anne-cote-{anne.pk}.pdf", f"zoe-bouchard-{zoe.pk}.pdf"]
    assert archive.read(f"anne-cote-{anne.pk}.pdf").startswith(b"%PDF-")


@pytest.mark.django_db
def test_zip_with_no_shared_notebook_is_an_explanatory_page(teacher, edition_2025):
    response = teacher.get("/cahier/equipe/ecole-automne-2025/cahiers.zip")
    assert response.status_code == 404
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert "Aucun cahier partagé à télécharger" in response.content.decode()


@pytest.mark.django_db
def test_dashboard_and_zip_are_404_outside_the_teaching_team(writer, edition_2025):
    sharing_participant(edition_2025, "Anne", "Côté")
    for url in (DASHBOARD, "/cahier/equipe/ecole-automne-2025/", "/cahier/equipe/ecole-automne-2025/cahiers.zip"):
        assert writer.get(url).status_code == 404


@pytest.mark.django_db
def test_dashboard_of_an_unknown_edition_is_404(teacher):
    assert teacher.get("/cahier/equipe/edition-inconnue/").status_code == 404
    assert teacher.get("/cahier/equipe/edition-inconnue/cahiers.zip").status_code == 404


@pytest.mark.django_db
def test_header_links_the_dashboard_for_the_teaching_team_only(teacher, writer):
    assert (
        '<a href="/cahier/equipe/">Cahiers partagés</a>' in teacher.get("/cahier/ecole-automne-2025/").content.decode()
    )
    assert "Cahiers partagés</a>" not in writer.get("/cahier/ecole-automne-2025/").content.decode()
