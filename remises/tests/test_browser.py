"""The hand-in and its assessment in a real Chromium, at 390 px and 1280 px, with axe-core and no sideways
scrolling: « Remettre mon cahier » (preview, statement, hand-in, fingerprint), « À évaluer » with its glance,
the grading form beside the hand-in (and its 409), and the published grade. Screenshots in
test-artifacts/screenshots/remises-*."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from automne.testing import assert_accessible, horizontal_overflow, save_screenshot
from cahier.tests.test_browser import log_in
from programme.tests.factories import make_edition
from remises import grading, handing_in
from remises.models import Assessment
from remises.tests.factories import make_assignment, make_cahier, make_participant, make_teacher, rubric_data, write

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
DAY = datetime.timedelta(days=1)


def check(page, name):
    assert horizontal_overflow(page) == 0
    assert_accessible(page)
    save_screenshot(page, f"remises-{name}")


def edition_around_now(**fields):
    """An edition that ended two weeks ago, its cahier due in `due_in` days (negative: past)."""
    today = timezone.localdate()
    edition = make_edition(
        starts_on=today - 18 * DAY,
        ends_on=today - 14 * DAY,
        course_code="ENP7009",
        course_title="Mobilisation des acteurs locaux",
        course_credits=3,
    )
    make_cahier(edition)
    return edition


def assignment_due(days, **fields):
    now = timezone.now()
    return make_assignment(edition_around_now(), due_at=now + days * DAY, cutoff_at=now + (days + 7) * DAY, **fields)


def graded_and_published(assignment, teacher, count=3):
    """`count` hand-ins, from before the due date; all graded, the first ones published, the last ready."""
    before_due = assignment.due_at - DAY
    people = []
    for n in range(count):
        person = make_participant(assignment, first_name=["Ana", "Béa", "Chloé", "Denis"][n % 4], last_name="Lavoie")
        write(person, assignment.edition, "Coproduire, c'est d'abord écouter les personnes que l'on sert.", draw=True)
        handing_in.hand_in(person, assignment.edition, accepted=True, now=before_due)
        assessment = Assessment.objects.get(participant=person)
        levels = [("Excellent", "Excellent"), ("Excellent", "Satisfaisant"), ("Satisfaisant", "Satisfaisant")][n % 3]
        grading.save(assessment, teacher, rubric_data(assessment, levels))
        grading.mark_ready(assessment, teacher)
        if n < count - 1:
            grading.publish(assessment, teacher)
        people.append(person)
    return people


def test_hand_in_my_cahier_from_a_phone_and_a_laptop(any_page, live_server):
    assignment = assignment_due(5)
    participant = make_participant(assignment)
    write(participant, assignment.edition, "Ce que je retiens : la coproduction commence par l'écoute.", draw=True)
    page = any_page
    log_in(page.context, live_server, participant)
    page.goto(f"{live_server.url}/cahier/{assignment.edition.slug}/")
    page.get_by_role("link", name="Remettre mon cahier").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Remettre mon cahier")
    expect(page.locator(".preview__page").first).to_contain_text("1 zone écrite sur 2")
    expect(page.locator(".preview__drawings figcaption")).to_have_text("Un croquis de la salle")
    check(page, "remettre-apercu")
    page.get_by_role("button", name="Remettre mon cahier").click()  # the statement is required: nothing happens
    expect(page.locator(".hand-in-done")).to_have_count(0)
    page.get_by_label("J'accepte cette déclaration").check()
    page.get_by_role("button", name="Remettre mon cahier").click()
    expect(page.get_by_role("heading", name="Votre cahier est remis")).to_be_visible()
    sha = assignment.hand_ins.get().sha256
    expect(page.locator(".hand-in-done .sha256")).to_have_text(sha)
    check(page, "remettre-remis")


def test_to_grade_board_with_the_glance(any_page, live_server):
    assignment = assignment_due(-3)
    teacher = make_teacher(assignment)
    graded_and_published(assignment, teacher, 4)
    make_participant(assignment, first_name="Éloïse", last_name="Sans-Remise")
    page = any_page
    log_in(page.context, live_server, teacher)
    page.goto(f"{live_server.url}/cahier/equipe/{assignment.edition.slug}/remises/")
    expect(page.locator(".counts")).to_contain_text(
        "5 personnes affichées · 4 remis à temps · 0 en retard · 1 non remis"
    )
    # Published: A+, B and E; the fourth (A+ again) is ready, not published.
    expect(page.locator(".grade-table tbody tr", has_text="A+")).to_have_text("A+1")
    expect(page.locator(".grade-table tbody tr", has_text="E")).to_have_text("E1")
    check(page, "a-evaluer")
    page.get_by_label("Remise", exact=True).select_option("non_remis")
    page.get_by_role("button", name="Afficher").click()
    expect(page.locator(".hand-in-list .team-list__item")).to_have_count(1)
    expect(page.locator(".hand-in-list")).to_contain_text("Éloïse Sans-Remise")


def test_grading_form_beside_the_hand_in_and_its_conflict(any_page, live_server):
    assignment = assignment_due(-2, anonymous=True)
    teacher = make_teacher(assignment, first_name="Alix", last_name="Tremblay")
    person = make_participant(assignment)
    write(
        person,
        assignment.edition,
        "Une réponse longue et réfléchie sur la mobilisation des acteurs locaux. " * 8,
        draw=True,
    )
    handing_in.hand_in(person, assignment.edition, accepted=True, now=assignment.due_at - DAY)
    assessment = Assessment.objects.get()
    page = any_page
    log_in(page.context, live_server, teacher)
    page.goto(f"{live_server.url}/cahier/equipe/{assignment.edition.slug}/remises/{assessment.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Évaluation du cahier — Participant·e n° {assessment.alias}"
    )
    if page.viewport_size["width"] == 1280:  # side by side on a laptop
        copy, form = page.locator(".grading-copy").bounding_box(), page.locator(".grading-side").bounding_box()
        assert copy["x"] + copy["width"] <= form["x"] and abs(copy["y"] - form["y"]) < 2
    fieldset = page.get_by_role("group", name="Critère 1")
    fieldset.get_by_label("Excellent").check()
    page.get_by_role("group", name="Critère 2").get_by_label("Satisfaisant").check()
    page.get_by_label("Commentaire général").fill("Un cahier sincère, qui relie l'expérience aux lectures.")
    check(page, "grille")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.locator(".message--success")).to_have_text("Évaluation enregistrée.")
    expect(page.locator(".total")).to_contain_text("15 sur 20 points → note B")
    # Someone else saves in the meantime: this page's form is stale.
    fresh = Assessment.objects.get()
    grading.save(fresh, make_teacher(assignment, first_name="Dominique"), rubric_data(fresh, feedback="Autre lecture."))
    page.get_by_label("Commentaire général").fill("Ma version, sur l'ancienne.")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("heading", name="Deux versions de cette évaluation")).to_be_visible()
    expect(page.locator(".conflict")).to_contain_text("Autre lecture.")
    expect(page.locator(".conflict")).to_contain_text("Ma version, sur l'ancienne.")
    check(page, "grille-conflit")


def test_published_grade_in_mon_espace_and_the_evaluation(any_page, live_server):
    assignment = assignment_due(-3)
    teacher = make_teacher(assignment)
    person = graded_and_published(assignment, teacher, 2)[0]
    page = any_page
    log_in(page.context, live_server, person)
    page.goto(f"{live_server.url}/mon-espace/")
    expect(page.locator(".hand-in-summary")).to_contain_text("Note publiée : A+")
    check(page, "mon-espace-note")
    page.get_by_role("link", name="Voir la grille et les commentaires").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Évaluation de mon cahier")
    expect(page.locator(".rubric-result__criterion")).to_have_count(2)
    expect(page.locator(".publication h2")).to_have_text("Note : A+")
    check(page, "note-publiee")
