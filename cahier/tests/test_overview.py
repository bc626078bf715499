"""The overview: progress per theme, in a constant number of queries."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from automne.french import NBSP
from cahier.models import Page, Prompt
from cahier.writing import save_text
from programme.models import Edition
from programme.tests.factories import grow_programme, make_programme


def overview_progress(client):
    return {view.page.slug: view.progress for view in client.get("/cahier/ecole-automne-2025/").context["views"]}


@pytest.mark.django_db
def test_overview_progress_per_theme(writer, participant, cahier_structure):
    eveil = list(Prompt.objects.filter(page__slug="eveil"))
    moment = timezone.make_aware(datetime.datetime(2025, 10, 21, 14, 32))
    with time_machine.travel(moment, tick=False):
        save_text(participant, eveil[0], "Trois mots ici", 0)
        save_text(participant, eveil[1], "Deux mots", 0)
        save_text(participant, eveil[2], "   ", 0)
    progress = overview_progress(writer)
    assert (progress["eveil"].answered, progress["eveil"].to_answer, progress["eveil"].words) == (2, 1, 5)
    assert (progress["regards"].answered, progress["regards"].to_answer, progress["regards"].words) == (0, 3, 0)
    assert progress["eveil"].last_edited == moment
    html = writer.get("/cahier/ecole-automne-2025/").content.decode()
    assert "2 sur 3 écrites · 1 à écrire\n            · 5 mots" in html
    assert f"modifié le mardi 21 octobre 2025 à 14{NBSP}h{NBSP}32" in html
    assert '<p class="cahier-toc__progress">0 image</p>' in html
    assert "0 sur 3 écrite · 3 à écrire\n            · 0 mot\n" in html


@pytest.mark.django_db
def test_overview_counts_only_the_participants_own_answers(writer, other, cahier_structure):
    prompt = Prompt.objects.filter(page__slug="eveil").first()
    save_text(other, prompt, "Pas à moi", 0)
    assert overview_progress(writer)["eveil"].answered == 0


def fill(user, times):
    for prompt in Prompt.objects.all():
        save_text(user, prompt, "mot " * times, 0)


@pytest.mark.django_db
def test_overview_queries_constant(writer, participant, cahier_structure, django_assert_num_queries):
    fill(participant, 1)
    with django_assert_num_queries(11):
        writer.get("/cahier/")
    for n in range(9):
        page = Page.objects.create(kind=Page.Kind.THEME, title=f"Thème {n}", slug=f"theme-{n}", order=100 + n)
        for order in range(3):
            prompt = Prompt.objects.create(page=page, order=order)
            save_text(participant, prompt, "mot", 0)
    with django_assert_num_queries(11):
        writer.get("/cahier/")


@pytest.mark.django_db
def test_theme_page_queries_constant(writer, participant, cahier_structure, django_assert_num_queries):
    Edition.objects.update(is_current=False)  # a synthetic week instead of the fixture's
    edition = make_programme()
    regards = Page.objects.get(slug="regards")
    from programme.models import Session

    regards.sessions.set(Session.objects.filter(kind=Session.Kind.CASE_STUDY))
    fill(participant, 1)
    with django_assert_num_queries(12):
        writer.get("/cahier/ecole-automne-2025/regards/")
    grow_programme(edition, times=10)
    regards.sessions.set(Session.objects.filter(kind=Session.Kind.CASE_STUDY))
    with django_assert_num_queries(12):
        response = writer.get("/cahier/ecole-automne-2025/regards/")
    assert response.content.decode().count("<option value=") == 1 + regards.case_studies().count() == 61


@pytest.mark.django_db
def test_theme_page_lists_related_sessions(writer, cahier_structure):
    from programme.models import Session

    html = writer.get("/cahier/ecole-automne-2025/eveil/").content.decode()
    assert "Séances liées" in html
    opening = Session.objects.get(kind=Session.Kind.OPENING_LECTURE)
    # 2025 is the current edition: its sessions at their short address.
    assert f'<a href="/seances/{opening.slug}/" lang="en">{opening.title}</a>' in html
    # In the order of the week: Monday's opening activity, opening lecture, then round table.
    titles = [s.title for s in writer.get("/cahier/ecole-automne-2025/eveil/").context["page"].sessions.all()]
    assert titles == [
        Session.objects.get(pk=2).title,
        "Rethinking Public Management Through Co-Production",
        "Coproduction sous l'angle du politique",
    ]
    Page.objects.get(slug="eveil").sessions.clear()
    assert "Séances liées" not in writer.get("/cahier/ecole-automne-2025/eveil/").content.decode()
