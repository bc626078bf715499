"""Test data for the hand-in: a small cahier structure, an edition's hand-in with a rubric and a scale, a
teaching team, credit participants with writing, and the clock the dates are set against."""

import datetime
import itertools
from decimal import Decimal

from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.utils import timezone

from automne.roles import TEACHING_TEAM
from cahier.models import Drawing, Level, Page, Prompt
from cahier.tests.images import png_bytes
from cahier.writing import save_text
from inscriptions.models import Registration
from inscriptions.tests.factories import make_registration, make_user
from programme.models import Edition
from programme.tests.factories import make_edition
from remises.models import Assignment, Criterion, CriterionLevel, GradeBand

_counter = itertools.count(1)
# The edition runs 20–24 October 2025; the cahier is due on 14 November at 23 h 59, closes on the 21st.
DUE = timezone.make_aware(datetime.datetime(2025, 11, 14, 23, 59))
CUTOFF = timezone.make_aware(datetime.datetime(2025, 11, 21, 23, 59))
BEFORE_DUE = timezone.make_aware(datetime.datetime(2025, 11, 10, 10, 0))
LATE = timezone.make_aware(datetime.datetime(2025, 11, 17, 9, 30))
AFTER_CUTOFF = timezone.make_aware(datetime.datetime(2025, 11, 22, 8, 0))
LETTERS = [("A+", 90), ("A", 85), ("A-", 80), ("B+", 77), ("B", 73), ("B-", 70), ("C+", 65), ("C", 60), ("E", 0)]


def make_cahier(edition):
    """A theme with two levels, the drawings page and a closing question: the kinds of page a hand-in copies."""
    levels = [
        Level.objects.create(edition=edition, name=name, intro_label=name, intro_text="…", order=order)
        for order, name in enumerate(["En moi", "Dans mes contextes"])
    ]
    theme = Page.objects.create(
        edition=edition, kind=Page.Kind.THEME, title="Éveil", subtitle="Coproduire", slug="eveil", order=1
    )
    prompts = []
    for order, level in enumerate(levels):
        prompt = Prompt.objects.create(page=theme, level=level, order=order)
        prompt.guiding_questions.create(text=f"Question guide {order + 1} ?", order=0)
        prompts.append(prompt)
    Page.objects.create(edition=edition, kind=Page.Kind.DRAWINGS, title="Dessinez vos idées", slug="dessins", order=2)
    closing = Page.objects.create(
        edition=edition, kind=Page.Kind.CLOSING, title="Questions de clôture", slug="cloture", order=3
    )
    prompts.append(Prompt.objects.create(page=closing, label="Que retenez-vous **pour vous** ?", order=0))
    return prompts


def make_assignment(edition=None, *, grading=Assignment.Grading.RUBRIC, scale=LETTERS, criteria=2, **fields):
    """An edition with its cahier and its hand-in: due DUE, cut-off CUTOFF, a rubric of `criteria` criteria of
    three levels (0, 5, 10 points) and the letter scale."""
    if edition is None:
        edition = make_edition(
            course_code="ENP7009",
            course_title="Mobilisation des acteurs locaux",
            course_credits=3,
            is_current=not Edition.objects.filter(is_current=True).exists(),
        )
        make_cahier(edition)
    values = {"due_at": DUE, "cutoff_at": CUTOFF, "grading": grading}
    assignment = Assignment.objects.create(edition=edition, **{**values, **fields})
    for label, minimum in scale:
        GradeBand.objects.create(assignment=assignment, label=label, min_percent=Decimal(minimum))
    for n in range(criteria):
        criterion = Criterion.objects.create(
            assignment=assignment, title=f"Critère {n + 1}", description=f"Ce que mesure le critère {n + 1}.", order=n
        )
        for order, (title, points) in enumerate([("Insuffisant", 0), ("Satisfaisant", 5), ("Excellent", 10)]):
            CriterionLevel.objects.create(
                criterion=criterion,
                title=title,
                description=f"{title} pour le critère {n + 1}.",
                points=points,
                order=order,
            )
    return assignment


def make_teacher(assignment=None, **fields):
    n = next(_counter)
    values = {"first_name": "Alix", "last_name": f"Prof{n}"}
    user = make_user(f"prof{n}@exemple.ca", **{**values, **fields})
    user.groups.add(Group.objects.get_or_create(name=TEACHING_TEAM)[0])
    if assignment is not None:
        assignment.team.add(user)
    return user


def make_participant(assignment, kind=Registration.Kind.CREDIT, **fields):
    n = next(_counter)
    values = {
        "first_name": "Camille",
        "last_name": f"Remise{n}",
        "kind": kind,
        "matricule": f"000{n:05d}" if kind == Registration.Kind.CREDIT else "",
        **fields,
    }
    user = make_user(first_name=values["first_name"], last_name=values["last_name"])
    make_registration(assignment.edition, user=user, **values)
    return user


def write(user, edition, text="Une réponse de trois mots", draw=False):
    """An answer in the first writing area of `edition`'s cahier (and a drawing when asked)."""
    prompt = Prompt.objects.filter(page__edition=edition).order_by("page__order", "order").first()
    current = prompt.answers.filter(user=user).first()
    save_text(user, prompt, text, current.version if current else 0)
    if draw:
        Drawing.objects.create(
            user=user,
            edition=edition,
            image=ContentFile(png_bytes((40, 30)), name="dessin.png"),
            caption="Un croquis de la salle",
            source=Drawing.Source.CANVAS,
            width=40,
            height=30,
        )
    return prompt


def rubric_data(assessment, levels=("Excellent", "Satisfaisant"), feedback="Un cahier riche et sincère.", version=None):
    """The grading form's fields for `assessment`: the named level of each criterion in order."""
    data = {"version": str(assessment.version if version is None else version), "commentaire": feedback}
    for criterion, title in zip(assessment.assignment.criteria.order_by("order"), levels, strict=False):
        data[f"niveau-{criterion.pk}"] = str(criterion.levels.get(title=title).pk)
        data[f"commentaire-{criterion.pk}"] = f"Sur {criterion.title}."
    return data
