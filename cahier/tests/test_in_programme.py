"""The cahier knows the participant's programme: on « Regards », the case studies they chose come
first, under « Dans mon programme »; « Séances liées » mark the sessions they chose. Only their own
choices, in the notebook's edition."""

import datetime
import html
import re

import pytest

from automne.french import typography
from cahier.models import CaseStudyChoice, Page
from programme.models import Choice, Day, Session
from programme.tests.factories import make_session, schedule

pytestmark = pytest.mark.django_db

REGARDS = "/cahier/ecole-automne-2025/regards/"
EVEIL = "/cahier/ecole-automne-2025/eveil/"
NOTHING_PICKED = "— Choisir une étude de cas —"
MARK = '<span class="cahier-related__chosen"><span aria-hidden="true">✓ </span>Dans mon programme</span>'


def choose(user, session):
    """`user` adds `session` (its first occurrence) to their programme."""
    return Choice.objects.create(user=user, occurrence=session.occurrences.order_by("pk").first())


def case_study_select(page_html):
    """The case study list as a reader meets it: each group's label, ("groupe", label), and each option."""
    select = re.search(r'<select id="etude-de-cas".*?</select>', page_html, re.S).group(0)
    pattern = r'<optgroup label="([^"]*)">|<option value="\d*"[^>]*>([^<]*)</option>'
    return [("groupe", html.unescape(m[1])) if m[1] else html.unescape(m[2]) for m in re.finditer(pattern, select)]


@pytest.fixture
def regards(edition_2025):
    return Page.objects.get(edition=edition_2025, slug="regards")


@pytest.fixture
def titles(regards):
    """The case studies of « Regards », in the order offered to a participant without choices (by title), as
    shown: French titles typeset (automne.french.typography), English ones as typed."""
    return [session.title if session.is_in_english else typography(session.title) for session in regards.case_studies()]


def test_regards_offers_the_chosen_case_studies_first(writer, participant, regards, titles):
    sessions = list(regards.case_studies())
    choose(participant, sessions[5])
    choose(participant, sessions[2])
    response = writer.get(REGARDS)
    others = [title for n, title in enumerate(titles) if n not in (2, 5)]
    assert case_study_select(response.content.decode()) == [
        NOTHING_PICKED,
        ("groupe", "Dans mon programme"),
        titles[2],
        titles[5],
        ("groupe", "Autres études de cas"),
        *others,
    ]
    assert len(others) == 7


def test_regards_keeps_the_picked_case_study_selected_inside_the_group(writer, participant, regards, titles):
    sessions = list(regards.case_studies())
    choose(participant, sessions[3])
    regards.choose_case_study(participant, sessions[3].pk)
    page_html = writer.get(REGARDS).content.decode()
    assert f'<optgroup label="Dans mon programme"><option value="{sessions[3].pk}" selected' in page_html
    assert page_html.count(" selected") == 1


def test_regards_without_choices_offers_the_case_studies_by_title_without_groups(writer, titles):
    page_html = writer.get(REGARDS).content.decode()
    assert case_study_select(page_html) == [NOTHING_PICKED, *titles]
    assert titles == sorted(titles)
    assert len(titles) == 9
    assert "<optgroup" not in page_html
    assert "Dans mon programme" not in page_html


def test_regards_with_only_other_kinds_chosen_offers_the_list_as_without_choices(writer, participant, titles):
    choose(participant, Session.objects.get(kind=Session.Kind.OPENING_LECTURE))
    page_html = writer.get(REGARDS).content.decode()
    assert case_study_select(page_html) == [NOTHING_PICKED, *titles]
    assert "<optgroup" not in page_html


def test_regards_with_every_case_study_chosen_has_no_empty_group(writer, participant, regards, titles):
    for session in regards.case_studies():
        choose(participant, session)
    assert case_study_select(writer.get(REGARDS).content.decode()) == [
        NOTHING_PICKED,
        ("groupe", "Dans mon programme"),
        *titles,
    ]


def test_picking_a_case_study_from_the_group_without_javascript(writer, participant, regards):
    session = regards.case_studies()[4]
    choose(participant, session)
    response = writer.post(REGARDS, {"etude_de_cas": str(session.pk)})
    assert response.status_code == 302
    assert CaseStudyChoice.objects.get(user=participant, page=regards).session == session


def test_related_sessions_mark_the_sessions_in_the_programme(writer, participant):
    opening = Session.objects.get(kind=Session.Kind.OPENING_LECTURE)
    choose(participant, opening)
    response = writer.get(EVEIL)
    marked = [(session.title, session.in_programme) for session in response.context["related_sessions"]]
    assert marked == [
        (Session.objects.get(pk=2).title, False),
        ("Rethinking Public Management Through Co-Production", True),
        ("Coproduction sous l'angle du politique", False),
    ]
    page_html = response.content.decode()
    assert f'lang="en">{opening.title}</a> {MARK}</li>' in page_html
    assert page_html.count("Dans mon programme") == 1


def test_related_sessions_of_regards_mark_the_chosen_case_studies(writer, participant, regards):
    chosen = list(regards.case_studies())[:2]
    for session in chosen:
        choose(participant, session)
    response = writer.get(REGARDS)
    assert {s.pk for s in response.context["related_sessions"] if s.in_programme} == {s.pk for s in chosen}
    assert response.content.decode().count(MARK) == 2


def test_related_sessions_without_choices_carry_no_mark(writer):
    response = writer.get(EVEIL)
    assert [session.in_programme for session in response.context["related_sessions"]] == [False, False, False]
    assert "Dans mon programme" not in response.content.decode()


def test_another_participants_choices_mark_nothing(writer, other, regards, titles):
    choose(other, Session.objects.get(kind=Session.Kind.OPENING_LECTURE))
    for session in regards.case_studies():
        choose(other, session)
    assert "Dans mon programme" not in writer.get(EVEIL).content.decode()
    page_html = writer.get(REGARDS).content.decode()
    assert case_study_select(page_html) == [NOTHING_PICKED, *titles]
    assert "Dans mon programme" not in page_html


def test_another_editions_choices_are_ignored(writer, participant, edition_2025, edition_2026, titles):
    day = Day.objects.create(edition=edition_2026, date=datetime.date(2026, 10, 20))
    case_2026 = make_session(Session.Kind.CASE_STUDY, title="Étude de cas de 2026", edition=edition_2026)
    schedule(case_2026, day, datetime.time(13, 30), datetime.time(14, 45))
    choose(participant, case_2026)
    page_html = writer.get(REGARDS).content.decode()
    assert case_study_select(page_html) == [NOTHING_PICKED, *titles]
    assert "Dans mon programme" not in page_html
    # In its own notebook, the same choice counts.
    assert case_study_select(writer.get("/cahier/ecole-automne-2026/regards/").content.decode()) == [
        NOTHING_PICKED,
        ("groupe", "Dans mon programme"),
        "Étude de cas de 2026",
    ]


def test_a_page_without_related_sessions_or_case_studies_reads_no_choice(
    writer, participant, django_assert_num_queries
):
    """« Questions de clôture » links no session: the choices are not even read."""
    choose(participant, Session.objects.get(kind=Session.Kind.OPENING_LECTURE))
    page = Page.objects.get(slug="questions-de-cloture")
    assert not page.sessions.exists() and not page.picks_case_study
    # 12 of before, and who may write in this notebook (cahier/writers.py).
    with django_assert_num_queries(13):
        writer.get("/cahier/ecole-automne-2025/questions-de-cloture/")
