"""What the teaching team of an edition reaches and sees: only that edition's team (Assignment.team, members of
the « Équipe pédagogique » group) reaches its hand-ins; anyone else gets a 404, whatever the ids. « À évaluer »:
one row per participant who hands in, with filters and counts, in a constant number of queries; names hidden
until publication when grading is anonymous. « En un coup d'œil »: counts per state, the distribution of the
published grades, the time from hand-in to publication."""

import statistics
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from automne.french import sort_key
from automne.roles import TEACHING_TEAM
from remises.handing_in import eligible_registrations
from remises.models import Assessment, Assignment, Extension, GradeBand, HandIn, Publication
from remises.snapshot import alias_label

State = Assessment.State

HAND_IN_FILTERS = {
    "": gettext_lazy("Toutes les personnes"),
    "remis": gettext_lazy("Remis à temps"),
    "en_retard": gettext_lazy("Remis en retard"),
    "non_remis": gettext_lazy("Non remis"),
    "prolongation": gettext_lazy("Avec prolongation"),
}
STATE_FILTERS = {"": gettext_lazy("Tous les états"), **{state.value: state.label for state in State}}


def assignment_or_404(user, edition_slug):
    """The assignment of edition `edition_slug` if `user` is in its teaching team; else 404."""
    if not user.is_authenticated:
        raise Http404
    assignment = (
        Assignment.objects.filter(edition__slug=edition_slug, team=user, team__groups__name=TEACHING_TEAM)
        .select_related("edition")
        .first()
    )
    if assignment is None:
        raise Http404("Cette page n'existe pas.")
    return assignment


def assessment_or_404(assignment, pk):
    """An assessment of this assignment (another edition's id: 404), with what its page reads."""
    found = (
        Assessment.objects.filter(assignment=assignment, pk=pk)
        .select_related("hand_in", "participant", "reader", "second_reader", "grade", "updated_by")
        .defer("hand_in__pdf", "hand_in__statement")
        .annotate(published_once=Exists(Publication.objects.filter(assessment=OuterRef("pk"))))
        .first()
    )
    if found is None:
        raise Http404("Cette page n'existe pas.")
    found.assignment = assignment
    return found


def shows_name(assignment, assessment):
    """Names are hidden from the team, under anonymous grading, until the assessment is published."""
    return not assignment.anonymous or assessment is None or assessment.published_once


def display_name(assignment, assessment, registration=None):
    if not shows_name(assignment, assessment):
        return alias_label(assessment.alias)
    if registration is not None:
        return registration.full_name
    participant = assessment.participant
    return participant.get_full_name() or participant.email


@dataclass
class Row:
    participant_id: int
    name: str
    sort: tuple
    for_credit: bool
    hand_in: HandIn = None
    extension: Extension = None
    assessment: Assessment = None
    named: bool = True

    @property
    def hand_in_status(self):
        if self.hand_in is None:
            return "non_remis"
        return "en_retard" if self.hand_in.is_late else "remis"

    @property
    def hand_in_label(self):
        return {"non_remis": _("Non remis"), "en_retard": _("Remis en retard"), "remis": _("Remis")}[
            self.hand_in_status
        ]

    @property
    def state(self):
        if self.hand_in is None:
            return None
        return self.assessment.state


@dataclass
class Board:
    rows: list
    shown: list
    hand_in_counts: dict = field(default_factory=dict)
    state_counts: dict = field(default_factory=dict)


def board(assignment, hand_in_filter="", state_filter="", reader=None):
    """« À évaluer »: every participant who hands in (seated credit registrations, attestation ones who
    handed in), in 5 queries whatever their number."""
    registrations = list(eligible_registrations(assignment).only("user", "first_name", "last_name", "kind"))
    hand_ins = {
        h.participant_id: h for h in HandIn.objects.active().filter(assignment=assignment).defer("pdf", "statement")
    }
    extensions = {}
    for extension in Extension.objects.filter(assignment=assignment).order_by("-granted_at", "-pk"):
        extensions.setdefault(extension.participant_id, extension)
    assessments = {
        a.participant_id: a
        for a in Assessment.objects.filter(assignment=assignment)
        .select_related("participant", "reader", "second_reader", "grade")
        .annotate(published_once=Exists(Publication.objects.filter(assessment=OuterRef("pk"))))
    }
    rows, seen = [], set()
    for registration in registrations:
        seen.add(registration.user_id)
        # An attestation participant hands in only if they wish: listed once they have.
        if registration.kind != "credit" and registration.user_id not in hand_ins:
            continue
        rows.append(row(assignment, registration.user_id, registration, hand_ins, extensions, assessments))
    for participant_id in hand_ins.keys() - seen:  # handed in, registration cancelled since
        rows.append(row(assignment, participant_id, None, hand_ins, extensions, assessments))
    rows.sort(key=lambda r: r.sort)
    result = Board(rows=rows, shown=[])
    result.hand_in_counts = dict.fromkeys(HAND_IN_FILTERS, 0)
    result.state_counts = dict.fromkeys(STATE_FILTERS, 0)
    for r in rows:
        result.hand_in_counts[""] += 1
        result.hand_in_counts[r.hand_in_status] += 1
        result.hand_in_counts["prolongation"] += r.extension is not None
        if r.state:
            result.state_counts[""] += 1
            result.state_counts[r.state] += 1
    result.shown = [
        r
        for r in rows
        if (
            not hand_in_filter
            or r.hand_in_status == hand_in_filter
            or (hand_in_filter == "prolongation" and r.extension)
        )
        and (not state_filter or r.state == state_filter)
        and (reader is None or (r.assessment and reader.pk in (r.assessment.reader_id, r.assessment.second_reader_id)))
    ]
    return result


def row(assignment, participant_id, registration, hand_ins, extensions, assessments):
    hand_in = hand_ins.get(participant_id)
    assessment = assessments.get(participant_id)
    # Hidden: a row with a hand-in under anonymous grading, until published. Those who have not handed in
    # keep their names: the team gives them extensions, and there is nothing of theirs to grade.
    named = hand_in is None or shows_name(assignment, assessment)
    if named:
        name = registration.full_name if registration else display_name(assignment, assessment)
        last = registration.last_name if registration else name
        sort = (0, sort_key(last), sort_key(name), 0)
    else:
        name = alias_label(assessment.alias)
        sort = (1, "", "", assessment.alias)
    return Row(
        participant_id=participant_id,
        name=name,
        sort=sort,
        for_credit=registration.kind == "credit" if registration else hand_in.for_credit,
        hand_in=hand_in,
        extension=extensions.get(participant_id) if named else None,
        assessment=assessment if hand_in else None,
        named=named,
    )


@dataclass
class Bar:
    """A bar of the chart; coordinates as text, written into the SVG as they are (no decimal comma)."""

    label: str
    count: int
    width: str = "0"
    y: int = 0
    text_y: int = 0
    count_x: str = "0"


@dataclass
class Glance:
    state_counts: dict
    bars: list
    published: int
    median_days: float = None
    longest_days: float = None
    chart_height: int = 0


BAR_HEIGHT, BAR_GAP, LABEL_WIDTH, CHART_WIDTH = 28, 8, 72, 400


def at_a_glance(assignment, state_counts):
    """Counts per state, the distribution of the grades published (the newest publication of each assessment,
    on the edition's scale, in its order), and the days from hand-in to first publication (median, longest)."""
    publications = list(
        Publication.objects.filter(assessment__assignment=assignment)
        .select_related("hand_in")
        .only("assessment_id", "grade", "published_at", "hand_in__handed_in_at")
        .order_by("assessment_id", "published_at", "pk")
    )
    newest, first = {}, {}
    for publication in publications:
        newest[publication.assessment_id] = publication
        first.setdefault(publication.assessment_id, publication)
    labels = list(
        GradeBand.objects.filter(assignment=assignment).order_by("-min_percent").values_list("label", flat=True)
    )
    counts = dict.fromkeys(labels, 0)
    for publication in newest.values():
        if publication.grade:
            counts[publication.grade] = counts.get(publication.grade, 0) + 1
    most = max(counts.values(), default=0)
    bars = []
    for index, (label, count) in enumerate(counts.items()):
        width = (CHART_WIDTH - LABEL_WIDTH - 40) * count / most if most else 0
        y = index * (BAR_HEIGHT + BAR_GAP)
        bars.append(
            Bar(
                label=label,
                count=count,
                width=f"{width:.1f}",
                y=y,
                text_y=y + BAR_HEIGHT - 9,
                count_x=f"{LABEL_WIDTH + width + 6:.1f}",
            )
        )
    days = [(p.published_at - p.hand_in.handed_in_at).total_seconds() / 86400 for p in first.values() if p.hand_in]
    glance = Glance(
        state_counts=state_counts,
        bars=bars,
        published=len(newest),
        chart_height=max(1, len(bars)) * (BAR_HEIGHT + BAR_GAP),
    )
    if days:
        glance.median_days = round(statistics.median(days), 1)
        glance.longest_days = round(max(days), 1)
    return glance
