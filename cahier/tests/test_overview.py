"""The overview: progress per theme, in a constant number of queries."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from automne.french import NBSP
from cahier.models import Page, Prompt
from cahier.writing import save_text
from inscriptions.tests.factories import make_registration
from programme.models import Choice, Occurrence, Session


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


def fill(user, edition, times=1):
    for prompt in Prompt.objects.filter(page__edition=edition):
        save_text(user, prompt, "mot " * times, 0)


def grow_cahier(user, edition, times=10):
    """(times - 1) more theme pages in `edition`'s cahier, each with three answered writing areas."""
    for n in range(times - 1):
        page = Page.objects.create(
            edition=edition, kind=Page.Kind.THEME, title=f"Thème {n}", slug=f"theme-{n}", order=100 + n
        )
        for order in range(3):
            save_text(user, Prompt.objects.create(page=page, order=order), "mot", 0)


def grow_case_studies(edition, times=10):
    """(times - 1) copies of each case study of `edition`, scheduled beside it."""
    for session in Session.objects.filter(edition=edition, kind=Session.Kind.CASE_STUDY):
        slot = session.occurrences.first().time_slot
        for n in range(1, times):
            copy = Session.objects.create(
                edition=edition, kind=session.kind, title=f"{session.title} ({n})", slug=f"{session.slug}-{n}"
            )
            Occurrence.objects.create(session=copy, time_slot=slot, order=n)


def choose_case_studies(user, page, count):
    """`user` has the first `count` case studies of `page` in their programme."""
    for session in page.case_studies()[:count]:
        Choice.objects.get_or_create(user=user, occurrence=session.occurrences.first())


@pytest.fixture
def both_written(participant, edition_2025, edition_2026):
    """Two editions, the participant registered to the second and writing in both notebooks."""
    make_registration(edition_2026, participant)
    fill(participant, edition_2025)
    fill(participant, edition_2026)
    return edition_2025, edition_2026


@pytest.mark.django_db
def test_overview_queries_constant_with_two_editions(writer, participant, both_written, django_assert_num_queries):
    # 15: the twelfth of before, « N nouveaux commentaires » (one query, whatever their number), the
    # hand-in of this cahier (remises, one query) and who may write in this notebook (cahier/writers.py).
    with django_assert_num_queries(15):
        writer.get("/cahier/ecole-automne-2025/")
    for edition in both_written:
        grow_cahier(participant, edition)
    with django_assert_num_queries(15):
        response = writer.get("/cahier/ecole-automne-2025/")
    assert len(response.context["views"]) == 10 + 9


@pytest.mark.django_db
def test_notebook_list_queries_constant(writer, participant, both_written, django_assert_num_queries):
    with django_assert_num_queries(5):
        writer.get("/cahier/")
    for edition in both_written:
        grow_cahier(participant, edition)
    with django_assert_num_queries(5):
        response = writer.get("/cahier/")
    assert [edition.slug for edition in response.context["notebook_editions"]] == [
        "ecole-automne-2026",
        "ecole-automne-2025",
    ]


@pytest.mark.django_db
def test_theme_page_queries_constant_with_two_editions(
    writer, participant, both_written, edition_2025, django_assert_num_queries
):
    # 18: the thirteen of before, the sessions in the participant's programme (one query, whatever their
    # number), the materials beside « Séances liées » (supports: who the viewer is, 3 queries) and who
    # may write in this notebook (cahier/writers.py).
    regards = Page.objects.get(edition=edition_2025, slug="regards")
    choose_case_studies(participant, regards, 1)
    with django_assert_num_queries(18):
        writer.get("/cahier/ecole-automne-2025/regards/")
    grow_case_studies(edition_2025)
    regards.sessions.set(Session.objects.filter(edition=edition_2025, kind=Session.Kind.CASE_STUDY))
    grow_cahier(participant, edition_2025)
    choose_case_studies(participant, regards, 10)
    with django_assert_num_queries(18):
        response = writer.get("/cahier/ecole-automne-2025/regards/")
    html = response.content.decode()
    assert html.count("<option value=") == 1 + regards.case_studies().count() == 1 + 90
    assert len(response.context["case_studies"].chosen) == 10
    assert html.count("✓ </span>Dans mon programme") == 10


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
