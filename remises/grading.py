"""Assessing a hand-in (« évaluation du cahier »): the grading form, the rule from points to grade, the
workflow à évaluer → en cours → prêt → publié, readers, publication and a published grade changed later.
Every write of an assessment goes through here; a refusal is a `Refused` (handing_in.py) and changes nothing.

The workflow, and nothing out of turn:
- à évaluer → en cours: the first save of the grading form, once the participant's due date has passed
  (until then they may withdraw);
- en cours → prêt: only complete (every criterion's level, the grade, the overall feedback, and the second
  reading when a second reader is assigned);
- prêt → en cours: « Reprendre »; prêt → publié: publication (one person, or every ready one of the edition);
- publié → en cours: a published grade to change, with its reason; the participant keeps seeing the
  published one until the next publication, and every publication stays as the history.
A save is based on the version the form showed: one based on an older version is a Conflict (409).
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django import forms
from django.db import transaction
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from automne import clean_input, emails, languages
from automne.french import format_moment, typeset
from automne.site import absolute
from cahier.writing import thousands
from remises.handing_in import Refused, deadline_of
from remises.models import (
    FEEDBACK_MAX_LENGTH,
    REASON_MAX_LENGTH,
    Assessment,
    Criterion,
    CriterionLevel,
    CriterionScore,
    GradeBand,
    Publication,
)

State = Assessment.State

NOT_OPEN = gettext_lazy(
    "L'évaluation commence après la date de remise de la personne ({due}) : jusque-là, elle peut retirer sa remise."
)
NOTHING_TO_GRADE = gettext_lazy("Cette personne a retiré sa remise : il n'y a rien à évaluer pour l'instant.")
NOT_EDITABLE = {
    State.READY: gettext_lazy("Cette évaluation est marquée prête : reprenez-la avant de la modifier."),
    State.PUBLISHED: gettext_lazy(
        "Cette évaluation est publiée : utilisez « Modifier la note publiée » (avec le motif) pour la changer."
    ),
}
NOT_IN_PROGRESS = gettext_lazy("Seule une évaluation en cours peut être marquée prête.")
NOT_READY = gettext_lazy("Seule une évaluation prête peut être publiée.")
NOT_READY_TO_RESUME = gettext_lazy("Seule une évaluation prête peut être reprise.")
NOT_PUBLISHED = gettext_lazy("Seule une évaluation publiée peut être modifiée après publication.")
REASON_REQUIRED = gettext_lazy("Indiquez pourquoi la note publiée change : la personne verra ce motif.")
REASON_TOO_LONG = gettext_lazy("Le motif ne doit pas dépasser {limit} caractères.")
NOT_SECOND_READER = gettext_lazy("Seule la personne désignée pour la deuxième lecture peut la confirmer.")
SECOND_READING_STATE = gettext_lazy("La deuxième lecture se confirme sur une évaluation en cours.")
READER_NOT_IN_TEAM = gettext_lazy("Cette personne ne fait pas partie de l'équipe pédagogique de l'édition.")
SAME_READERS = gettext_lazy("La deuxième lecture doit être faite par une autre personne que la première.")
READERS_LOCKED = gettext_lazy(
    "Les lecteurs se choisissent avant que l'évaluation soit prête : reprenez-la (ou modifiez la note publiée) d'abord."
)
NOTHING_READY = gettext_lazy("Aucune évaluation n'est prête à publier.")
LEVEL_OF_ANOTHER = gettext_lazy("Ce niveau n'appartient pas au critère « {criterion} » : rien n'a été enregistré.")
GRADE_OUTSIDE = gettext_lazy("Cette note n'est pas dans l'échelle de l'édition : rien n'a été enregistré.")
VERSION_MISSING = gettext_lazy("Version manquante : rechargez la page (vos valeurs sont gardées ci-dessous).")
FEEDBACK_TOO_LONG = lazy(
    lambda: _("Un commentaire ne doit pas dépasser {limit} caractères.").format(limit=thousands(FEEDBACK_MAX_LENGTH)),
    str,
)()


def criteria_of(assignment):
    """The rubric, its levels in order, in two queries."""
    return list(
        Criterion.objects.filter(assignment=assignment).prefetch_related(
            Prefetch("levels", queryset=CriterionLevel.objects.order_by("order", "points", "pk"))
        )
    )


def bands_of(assignment):
    return list(GradeBand.objects.filter(assignment=assignment).order_by("-min_percent", "pk"))


def max_points(criteria):
    return sum((max((level.points for level in c.levels.all()), default=Decimal(0)) for c in criteria), Decimal(0))


def band_for(bands, points, most):
    """The rule from points to grade: the band with the highest minimum the percentage reaches."""
    if not most:
        return None
    percent = points * 100 / most
    return next((band for band in bands if percent >= band.min_percent), None)


class GradingForm(forms.Form):
    """The grading form: a level and a feedback per criterion (rubric), the grade (holistic), the overall
    feedback, and the version it was based on. A level of another criterion, or a grade outside the
    edition's scale, is refused."""

    version = forms.CharField(error_messages={"required": VERSION_MISSING})
    commentaire = forms.CharField(
        required=False, max_length=FEEDBACK_MAX_LENGTH, error_messages={"max_length": FEEDBACK_TOO_LONG}
    )

    def __init__(self, data, *, assessment, criteria, bands):
        super().__init__(data)
        self.assessment, self.criteria, self.bands = assessment, criteria, bands
        rubric = assessment.assignment.uses_rubric
        for criterion in criteria if rubric else []:
            self.fields[f"niveau-{criterion.pk}"] = forms.CharField(required=False)
            self.fields[f"commentaire-{criterion.pk}"] = forms.CharField(
                required=False, max_length=FEEDBACK_MAX_LENGTH, error_messages={"max_length": FEEDBACK_TOO_LONG}
            )
        if not rubric and self.for_credit:
            self.fields["note"] = forms.CharField(required=False)

    @property
    def for_credit(self):
        return self.assessment.hand_in is None or self.assessment.hand_in.for_credit

    def clean_version(self):
        version = clean_input.parse_id(self.cleaned_data["version"])
        if version is None:
            raise forms.ValidationError(VERSION_MISSING)
        return version

    def clean(self):
        data = super().clean()
        for criterion in self.criteria if self.assessment.assignment.uses_rubric else []:
            name = f"niveau-{criterion.pk}"
            raw = data.get(name) or ""
            if raw == "":
                data[name] = None
                continue
            level_id = clean_input.parse_id(raw)
            level = next((level for level in criterion.levels.all() if level.pk == level_id), None)
            if level is None:
                self.add_error(name, LEVEL_OF_ANOTHER.format(criterion=criterion.title))
            else:
                data[name] = level
        if "note" in self.fields:
            raw = data.get("note") or ""
            if raw == "":
                data["note"] = None
            else:
                band_id = clean_input.parse_id(raw)
                band = next((band for band in self.bands if band.pk == band_id), None)
                if band is None:
                    self.add_error("note", GRADE_OUTSIDE)
                else:
                    data["note"] = band
        return data

    def first_error(self):
        for name in self.fields:
            if name in self.errors:
                return self.errors[name][0]
        return None


class Conflict(Exception):
    """The form was based on an older version than the saved one: nothing is written; both are shown."""

    def __init__(self, current, form):
        super().__init__("conflit")
        self.current = current
        self.form = form


def check_grading_open(assessment, now):
    if assessment.hand_in is None:
        raise Refused(NOTHING_TO_GRADE, 409)
    due = deadline_of(assessment.assignment, assessment.participant_id).due
    if now <= due:
        raise Refused(NOT_OPEN.format(due=format_moment(due)), 409)


def locked(assessment):
    """The assessment's row, locked for the rest of the transaction, with what the rules read."""
    return (
        Assessment.objects.select_for_update(of=("self",)).select_related("assignment", "hand_in").get(pk=assessment.pk)
    )


def scores_of(assessment):
    return {score.criterion_id: score for score in CriterionScore.objects.filter(assessment=assessment)}


def save(assessment, by, data, now=None):
    """Saves the grading form posted as `data`; returns the saved assessment. A stale version raises
    Conflict; a refused value or a state out of turn raises Refused; nothing is written then."""
    now = now or timezone.now()
    criteria, bands = criteria_of(assessment.assignment), bands_of(assessment.assignment)
    with transaction.atomic():
        current = locked(assessment)
        form = GradingForm(data, assessment=current, criteria=criteria, bands=bands)
        if current.state in NOT_EDITABLE:
            raise Refused(NOT_EDITABLE[current.state], 409)
        check_grading_open(current, now)
        if not form.is_valid():
            raise Refused(form.first_error(), 400)
        if form.cleaned_data["version"] != current.version:
            raise Conflict(current, form)
        chosen = {}
        for criterion in criteria if current.assignment.uses_rubric else []:
            level = form.cleaned_data[f"niveau-{criterion.pk}"]
            chosen[criterion.pk] = level
            CriterionScore.objects.update_or_create(
                assessment=current,
                criterion=criterion,
                defaults={"level": level, "feedback": form.cleaned_data[f"commentaire-{criterion.pk}"]},
            )
        current.points, current.grade = result(current, criteria, bands, chosen, form.cleaned_data.get("note"))
        current.feedback = form.cleaned_data["commentaire"]
        current.state = State.IN_PROGRESS
        current.reader = current.reader or by
        if by.pk != current.second_reader_id:
            current.second_read_at = None  # changed after the second reading: it is to be done again
        current.version += 1
        current.updated_at, current.updated_by = now, by
        current.save()
    return current


def result(assessment, criteria, bands, chosen, holistic):
    """(points, grade): the rubric's total and its grade by the rule once every level is chosen; the grade
    chosen for a holistic assessment; no grade for an attestation's hand-in (feedback only)."""
    for_credit = assessment.hand_in.for_credit
    if not assessment.assignment.uses_rubric:
        return None, holistic if for_credit else None
    levels = [level for level in chosen.values() if level is not None]
    points = sum((level.points for level in levels), Decimal(0)) if levels else None
    if not for_credit or len(levels) < len(criteria) or not criteria:
        return points, None
    return points, band_for(bands, points, max_points(criteria))


def outcome(assessment, criteria, bands, scores):
    """(points, grade) as the rule gives them now, from the levels chosen (a rubric changed in the admin
    since the last save counts): what readiness checks and what a publication says."""
    if not assessment.assignment.uses_rubric:
        return None, assessment.grade if assessment.hand_in.for_credit else None
    levels = {level.pk: level for criterion in criteria for level in criterion.levels.all()}
    chosen = {
        criterion.pk: levels.get(scores[criterion.pk].level_id) if criterion.pk in scores else None
        for criterion in criteria
    }
    return result(assessment, criteria, bands, chosen, None)


def missing(assessment, criteria=None, bands=None, scores=None):
    """What an assessment lacks to be ready, in French (empty: complete)."""
    if assessment.hand_in is None:
        return [NOTHING_TO_GRADE]
    criteria = criteria_of(assessment.assignment) if criteria is None else criteria
    bands = bands_of(assessment.assignment) if bands is None else bands
    scores = scores_of(assessment) if scores is None else scores
    lacking = []
    rubric = assessment.assignment.uses_rubric
    if rubric and not criteria:
        lacking.append(_("La grille de l'édition n'a aucun critère."))
    for criterion in criteria if rubric else []:
        score = scores.get(criterion.pk)
        if score is None or score.level_id is None:
            lacking.append(_("Aucun niveau choisi pour le critère « %(criterion)s ».") % {"criterion": criterion.title})
    if assessment.hand_in.for_credit and not lacking and outcome(assessment, criteria, bands, scores)[1] is None:
        lacking.append(
            _("Aucune note choisie.") if not rubric else _("L'échelle de l'édition ne donne aucune note à ce total.")
        )
    if not assessment.feedback.strip():
        lacking.append(_("Le commentaire général est vide."))
    if assessment.second_reader_id and assessment.second_read_at is None:
        lacking.append(_("La deuxième lecture n'est pas faite."))
    return lacking


def incomplete_message(lacking):
    return _("Cette évaluation n'est pas complète : %(lacking)s") % {"lacking": " ".join(str(item) for item in lacking)}


def mark_ready(assessment, by, now=None):
    with transaction.atomic():
        current = locked(assessment)
        if current.state != State.IN_PROGRESS:
            raise Refused(NOT_IN_PROGRESS, 409)
        lacking = missing(current)
        if lacking:
            raise Refused(incomplete_message(lacking), 400)
        bump(current, State.READY, by, now)
    return current


def resume(assessment, by, now=None):
    with transaction.atomic():
        current = locked(assessment)
        if current.state != State.READY:
            raise Refused(NOT_READY_TO_RESUME, 409)
        bump(current, State.IN_PROGRESS, by, now)
    return current


def bump(current, state, by, now=None):
    """A change of state is a new version too: a form shown before it is stale after it."""
    current.state = state
    current.version += 1
    current.updated_at, current.updated_by = now or timezone.now(), by
    current.save(update_fields=["state", "version", "updated_at", "updated_by"])


def confirm_second_reading(assessment, by, now=None):
    with transaction.atomic():
        current = locked(assessment)
        if current.second_reader_id is None or current.second_reader_id != by.pk:
            raise Refused(NOT_SECOND_READER, 403)
        if current.state != State.IN_PROGRESS:
            raise Refused(SECOND_READING_STATE, 409)
        current.second_read_at = now or timezone.now()
        current.version += 1
        current.save(update_fields=["second_read_at", "version"])
    return current


def assign_readers(assessment, team, reader_id, second_reader_id, by):
    """The first and second readers, chosen among `team` (the edition's team, a list of users); None: no one."""
    members = {member.pk: member for member in team}
    reader_id, second_reader_id = clean_input.parse_id(reader_id), clean_input.parse_id(second_reader_id)
    for chosen in (reader_id, second_reader_id):
        if chosen is not None and chosen not in members:
            raise Refused(READER_NOT_IN_TEAM, 400)
    if reader_id is not None and reader_id == second_reader_id:
        raise Refused(SAME_READERS, 400)
    with transaction.atomic():
        current = locked(assessment)
        if current.state not in (State.TO_GRADE, State.IN_PROGRESS):
            raise Refused(READERS_LOCKED, 409)
        if current.second_reader_id != second_reader_id:
            current.second_read_at = None
        current.reader_id, current.second_reader_id = reader_id, second_reader_id
        current.version += 1
        current.save(update_fields=["reader", "second_reader", "second_read_at", "version"])
    return current


@dataclass
class Published:
    done: list = field(default_factory=list)  # Publication
    left: list = field(default_factory=list)  # (assessment, what it lacks)


def publish(assessment, by, now=None):
    """Publishes one ready, complete assessment: the participant is e-mailed and sees it."""
    with transaction.atomic():
        current = locked(assessment)
        if current.state != State.READY:
            raise Refused(NOT_READY, 409)
        lacking = missing(current)
        if lacking:
            raise Refused(incomplete_message(lacking), 400)
        return _publish(current, by, now or timezone.now())


def publish_ready(assignment, by, now=None):
    """Publishes every ready assessment of the edition at once; one that is no longer complete (the rubric
    changed since) is left, with what it lacks. Nothing ready: Refused."""
    now = now or timezone.now()
    published = Published()
    criteria, bands = criteria_of(assignment), bands_of(assignment)
    with transaction.atomic():
        ready = list(
            Assessment.objects.select_for_update(of=("self",))
            .select_related("assignment__edition", "hand_in", "participant")
            .filter(assignment=assignment, state=State.READY)
            .order_by("pk")
        )
        if not ready:
            raise Refused(NOTHING_READY, 409)
        scores = {}
        for score in CriterionScore.objects.filter(assessment__in=ready):
            scores.setdefault(score.assessment_id, {})[score.criterion_id] = score
        for current in ready:
            mine = scores.get(current.pk, {})
            lacking = missing(current, criteria, bands, mine)
            if lacking:
                published.left.append((current, lacking))
            else:
                published.done.append(_publish(current, by, now, criteria, bands, mine))
    return published


def _publish(current, by, now, criteria=None, bands=None, scores=None):
    criteria = criteria_of(current.assignment) if criteria is None else criteria
    bands = bands_of(current.assignment) if bands is None else bands
    scores = scores_of(current) if scores is None else scores
    points, grade = outcome(current, criteria, bands, scores)
    levels = {level.pk: level for criterion in criteria for level in criterion.levels.all()}
    rubric = []
    for criterion in criteria if current.assignment.uses_rubric else []:
        score = scores[criterion.pk]
        level = levels[score.level_id]
        rubric.append(
            {
                "critere": criterion.title,
                "description": criterion.description,
                "niveau": level.title,
                "description_niveau": level.description,
                "points": str(level.points),
                "max": str(max(other.points for other in criterion.levels.all())),
                "commentaire": score.feedback,
            }
        )
    publication = Publication.objects.create(
        assessment=current,
        hand_in=current.hand_in,
        published_at=now,
        published_by=by,
        grade=grade.label if grade else "",
        points=points,
        max_points=max_points(criteria) if current.assignment.uses_rubric else None,
        rubric=rubric,
        feedback=current.feedback,
        reason=current.change_reason,
    )
    current.state = State.PUBLISHED
    current.points, current.grade = points, grade
    current.change_reason = ""
    current.version += 1
    current.updated_at, current.updated_by = now, by
    current.save(update_fields=["state", "points", "grade", "change_reason", "version", "updated_at", "updated_by"])
    notify(current, publication)
    return publication


def reopen(assessment, by, reason, now=None):
    """A published grade to change: back to « en cours » with its reason; the published one stays visible."""
    reason = (reason or "").strip()
    if not reason:
        raise Refused(REASON_REQUIRED, 400)
    if len(reason) > REASON_MAX_LENGTH:
        raise Refused(REASON_TOO_LONG.format(limit=REASON_MAX_LENGTH), 400)
    with transaction.atomic():
        current = locked(assessment)
        if current.state != State.PUBLISHED:
            raise Refused(NOT_PUBLISHED, 409)
        current.change_reason = reason
        current.save(update_fields=["change_reason"])
        bump(current, State.IN_PROGRESS, by, now)
    return current


@languages.writes_to(lambda assessment, publication: assessment.participant)
def notify(assessment, publication):
    """Tells the participant, through the mail queue, that their assessment is published (or changed)."""
    participant = assessment.participant
    if not participant.email:
        return
    edition = assessment.assignment.edition
    url = absolute(reverse("remises:assessment", kwargs={"edition": edition.slug}))
    changed = bool(publication.reason)
    body = render_to_string(
        "remises/emails/published.txt",
        {"edition": edition, "publication": publication, "url": url, "changed": changed, "participant": participant},
    )
    topic = _("Évaluation de votre cahier modifiée") if changed else _("Évaluation de votre cahier publiée")
    emails.send([participant.email], topic, typeset(body), edition=edition)
