"""Handing in a cahier: who hands in, the participant's dates (an extension included), handing in and
withdrawing, and the extensions the teaching team gives. Every write of a hand-in goes through here; a
refusal is a `Refused` with a French sentence and the HTTP status that says it, and then nothing is written.

- Credit registrations hand in; attestation ones may, for feedback only, when the edition allows it.
- From the edition's first day until the participant's due date: hand in, withdraw, hand in again (each hand-in is kept). After it and
  until the cut-off: handing in is « en retard ». After the cut-off: refused, with the dates.
- Withdrawing is possible until the due date and while the assessment has not begun; the teaching team
  grades only once the participant's due date has passed (grading.py), so both rules meet.
"""

import datetime
import hashlib
import secrets
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from automne import emails, languages
from automne.french import format_moment, typeset
from automne.site import absolute
from inscriptions.models import Registration
from remises.models import REASON_MAX_LENGTH, Assessment, Assignment, Extension, HandIn

NO_HAND_IN = gettext_lazy("Cette édition ne prévoit pas de remise du cahier.")
NOT_ELIGIBLE = gettext_lazy(
    "Seules les personnes inscrites à la formation créditée de cette édition remettent leur cahier."
)
NOT_ELIGIBLE_ATTESTATION = gettext_lazy(
    "Seules les personnes inscrites à cette édition (formation créditée, ou attestation pour une rétroaction) "
    "remettent leur cahier."
)
NOT_YET = gettext_lazy("La remise ouvrira le {opens}, premier jour de l'école : rien n'a été remis.")
STATEMENT_REQUIRED = gettext_lazy("Cochez la déclaration pour remettre votre cahier : rien n'a été remis.")
EMPTY = gettext_lazy("Votre cahier est vide : écrivez au moins une réponse avant de le remettre.")
CHANGED = gettext_lazy(
    "Votre cahier a changé depuis l'aperçu (un autre onglet ou un autre appareil) : rien n'a été remis. "
    "Relisez l'aperçu ci-dessous, puis remettez-le de nouveau."
)
NOT_FOUND = gettext_lazy("Cette remise n'existe pas.")
WITHDRAW_AFTER_DUE = gettext_lazy("La date de remise est passée : la remise ne peut plus être retirée.")
WITHDRAW_GRADING = gettext_lazy("L'équipe pédagogique a commencé l'évaluation : la remise ne peut plus être retirée.")
ALREADY_WITHDRAWN = gettext_lazy("Cette remise est déjà retirée.")
EXTENSION_REASON = gettext_lazy("Indiquez le motif de la prolongation.")
EXTENSION_REASON_TOO_LONG = gettext_lazy("Le motif ne doit pas dépasser {limit} caractères.")
EXTENSION_NOT_LATER = gettext_lazy(
    "La nouvelle date de remise doit venir après la date de remise de l'édition ({due})."
)
EXTENSION_PAST = gettext_lazy("La nouvelle date de remise doit être à venir.")
EXTENSION_NOT_CANDIDATE = gettext_lazy("Cette personne ne remet pas de cahier dans cette édition.")


class Refused(Exception):
    """A write refused: `message` in French, `status` the HTTP status that answers it."""

    def __init__(self, message, status=400):
        super().__init__(message)
        self.message = typeset(message)
        self.status = status


class Phase:
    NOT_YET = "a_venir"
    ON_TIME = "a_temps"
    LATE = "en_retard"
    CLOSED = "close"


def assignment_of(edition):
    return Assignment.objects.filter(edition=edition).select_related("edition").first()


def eligible_registrations(assignment):
    """The registrations of the edition that hand in: seated credit ones, and seated attestation ones when
    the edition allows a hand-in for feedback."""
    kinds = [Registration.Kind.CREDIT]
    if assignment.attestation_may_hand_in:
        kinds.append(Registration.Kind.ATTESTATION)
    return Registration.objects.filter(edition=assignment.edition_id, kind__in=kinds).holding_a_seat()


def registration_of(assignment, participant):
    """The participant's registration that hands in, or None."""
    if not participant.is_authenticated:
        return None
    return eligible_registrations(assignment).filter(user=participant).first()


def not_eligible_message(assignment):
    return NOT_ELIGIBLE_ATTESTATION if assignment.attestation_may_hand_in else NOT_ELIGIBLE


@dataclass
class Deadline:
    opens: datetime.datetime
    due: datetime.datetime
    cutoff: datetime.datetime
    extension: Extension = None

    def phase(self, now):
        if now < self.opens:
            return Phase.NOT_YET
        if now <= self.due:
            return Phase.ON_TIME
        if now <= self.cutoff:
            return Phase.LATE
        return Phase.CLOSED


def deadline(assignment, extension=None):
    """The participant's dates: the edition's, or their newest extension's (which moves the cut-off too
    when it goes beyond it)."""
    opens = assignment.opens_at()
    if extension is None:
        return Deadline(opens, assignment.due_at, assignment.cutoff_at)
    return Deadline(opens, extension.until, max(assignment.cutoff_at, extension.until), extension)


def latest_extension(assignment, participant):
    return Extension.objects.filter(assignment=assignment, participant=participant).first()


def deadline_of(assignment, participant):
    return deadline(assignment, latest_extension(assignment, participant))


def closed_message(assignment, dates):
    moments = {"cutoff": format_moment(dates.cutoff), "due": format_moment(dates.due)}
    if dates.extension:
        return (
            _(
                "La remise est close depuis le %(cutoff)s (avec votre prolongation jusqu'au %(due)s) : aucune remise "
                "n'est plus acceptée. La date de remise était le %(due)s. Écrivez à l'équipe pédagogique si "
                "vous pensez avoir droit à une prolongation."
            )
            % moments
        )
    return (
        _(
            "La remise est close depuis le %(cutoff)s : aucune remise n'est plus "
            "acceptée. La date de remise était le %(due)s. Écrivez à l'équipe pédagogique si "
            "vous pensez avoir droit à une prolongation."
        )
        % moments
    )


def already_message(active):
    return _(
        "Votre cahier est déjà remis (remise n° %(number)s, le %(when)s) : "
        "rien n'a été remis de nouveau. Pour remettre une nouvelle version, retirez d'abord celle-ci."
    ) % {"number": active.number, "when": format_moment(active.handed_in_at)}


def fingerprint(views, drawings):
    """What the preview showed, in a few bytes: every answer's version, the case studies picked and the drawings.
    A hand-in refuses a cahier that changed since its preview."""
    parts = []
    for view in views:
        parts.append(f"p{view.page.pk}:{view.case_study.pk if view.case_study else ''}")
        parts.extend(f"a{entry.prompt.pk}:{entry.answer.version}" for entry in view.entries)
    parts.extend(f"d{drawing.pk}" for drawing in drawings)
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:32]


def new_alias(assignment):
    """A number for anonymous grading, unique in the assignment, that says nothing about the person."""
    taken = set(Assessment.objects.filter(assignment=assignment).values_list("alias", flat=True))
    while True:
        alias = 1000 + secrets.randbelow(9000)
        if alias not in taken:
            return alias


def check_open(assignment, participant, now):
    """The participant's dates, and the phase at `now`, if a hand-in is possible then; Refused otherwise."""
    active = HandIn.objects.active().filter(assignment=assignment, participant=participant).first()
    if active is not None:
        raise Refused(already_message(active), 409)
    dates = deadline_of(assignment, participant)
    phase = dates.phase(now)
    if phase == Phase.CLOSED:
        raise Refused(closed_message(assignment, dates), 403)
    if phase == Phase.NOT_YET:
        raise Refused(NOT_YET.format(opens=format_moment(dates.opens)), 403)
    return dates, phase


def next_number(assignment, participant):
    latest = HandIn.objects.filter(assignment=assignment, participant=participant).aggregate(n=Max("number"))["n"]
    return (latest or 0) + 1


def hand_in(participant, edition, *, accepted, seen=None, now=None):
    """Hands in `participant`'s cahier of `edition` as it is at this second. `accepted`: the statement was
    ticked; `seen`: the preview's fingerprint (None skips that check). Returns the HandIn; Refused otherwise.

    The PDF (seconds of work for a whole cahier) is rendered before the write transaction, which is then
    short: it locks the participant's registration, checks everything again, and refuses a cahier that
    changed while its PDF was being made. On SQLite, whose write lock is the whole database, the other
    participants' autosaves wait milliseconds, not the PDF."""
    from remises import snapshot

    now = now or timezone.now()
    assignment = assignment_of(edition)
    if assignment is None:
        raise Refused(NO_HAND_IN, 404)
    if registration_of(assignment, participant) is None:
        raise Refused(not_eligible_message(assignment), 403)
    if not accepted:
        raise Refused(STATEMENT_REQUIRED, 400)
    check_open(assignment, participant, now)
    cahier = snapshot.read(participant, edition)
    read = fingerprint(cahier.views, cahier.drawings)
    if seen is not None and seen != read:
        raise Refused(CHANGED, 409)
    if not cahier.has_answers:
        raise Refused(EMPTY, 400)
    assessment = Assessment.objects.filter(assignment=assignment, participant=participant).first()
    alias = assessment.alias if assessment else new_alias(assignment)
    number = next_number(assignment, participant)
    pdf = snapshot.render_pdf(cahier, number=number, now=now, alias=alias if assignment.anonymous else None)
    try:
        with transaction.atomic():
            # One participant's hand-ins, one at a time: a second request waits, then finds the first.
            registration = eligible_registrations(assignment).select_for_update().filter(user=participant).first()
            if registration is None:
                raise Refused(not_eligible_message(assignment), 403)
            dates, phase = check_open(assignment, participant, now)
            cahier = snapshot.read(participant, edition)
            if fingerprint(cahier.views, cahier.drawings) != read or next_number(assignment, participant) != number:
                raise Refused(CHANGED, 409)
            if assessment is None:
                assessment = Assessment.objects.create(assignment=assignment, participant=participant, alias=alias)
            handed_in = snapshot.fix(
                cahier,
                pdf=pdf,
                assignment=assignment,
                number=number,
                now=now,
                dates=dates,
                is_late=phase == Phase.LATE,
                for_credit=registration.kind == Registration.Kind.CREDIT,
            )
            assessment.hand_in = handed_in
            assessment.save(update_fields=["hand_in"])
            send_receipt(handed_in, edition)
    except IntegrityError as error:  # the same second, on a database that did not wait on the lock
        active = HandIn.objects.active().filter(assignment=assignment, participant=participant).first()
        raise Refused(already_message(active) if active else CHANGED, 409) from error
    return handed_in


def withdraw(participant, edition, hand_in_id, now=None):
    """Withdraws the participant's own active hand-in `hand_in_id` of `edition` (kept, marked withdrawn)."""
    now = now or timezone.now()
    assignment = assignment_of(edition)
    if assignment is None:
        raise Refused(NO_HAND_IN, 404)
    with transaction.atomic():
        found = (
            HandIn.objects.select_for_update()
            .filter(pk=hand_in_id, assignment=assignment, participant=participant)
            .first()
        )
        if found is None:
            raise Refused(NOT_FOUND, 404)
        if found.is_withdrawn:
            raise Refused(ALREADY_WITHDRAWN, 409)
        if now > deadline_of(assignment, participant).due:
            raise Refused(WITHDRAW_AFTER_DUE, 403)
        # The assessment's state is read under the lock of its row: grading cannot begin in between.
        assessment = Assessment.objects.select_for_update().get(hand_in=found)
        if assessment.state != Assessment.State.TO_GRADE:
            raise Refused(WITHDRAW_GRADING, 403)
        found.withdrawn_at = now
        found.save(update_fields=["withdrawn_at"])
        assessment.hand_in = None
        assessment.save(update_fields=["hand_in"])
    return found


def grant_extension(assignment, participant_id, *, until, reason, by, now=None):
    """A new due date for one participant, with who gives it, when and why. Earlier ones stay as history."""
    now = now or timezone.now()
    reason = (reason or "").strip()
    if not reason:
        raise Refused(EXTENSION_REASON, 400)
    if len(reason) > REASON_MAX_LENGTH:
        raise Refused(EXTENSION_REASON_TOO_LONG.format(limit=REASON_MAX_LENGTH), 400)
    if until <= assignment.due_at:
        raise Refused(EXTENSION_NOT_LATER.format(due=format_moment(assignment.due_at)), 400)
    if until <= now:
        raise Refused(EXTENSION_PAST, 400)
    registration = eligible_registrations(assignment).filter(user=participant_id).first()
    if registration is None:
        raise Refused(EXTENSION_NOT_CANDIDATE, 404)
    return Extension.objects.create(
        assignment=assignment, participant_id=participant_id, until=until, reason=reason, granted_by=by, granted_at=now
    )


@languages.writes_to(lambda handed_in, edition: handed_in.participant)
def send_receipt(handed_in, edition):
    """The participant's receipt, through the mail queue: when, and the SHA-256 of the PDF handed in."""
    participant = handed_in.participant
    if not participant.email:
        return
    url = absolute(reverse("remises:hand_in", kwargs={"edition": edition.slug}))
    body = render_to_string(
        "remises/emails/receipt.txt", {"hand_in": handed_in, "edition": edition, "url": url, "participant": participant}
    )
    emails.send([participant.email], _("Cahier remis"), typeset(body), edition=edition)


@dataclass
class Status:
    """Where a participant stands: their dates, what they may do now, their hand-ins and what is published."""

    assignment: Assignment
    registration: Registration
    dates: Deadline
    phase: str
    active: HandIn = None
    hand_ins: list = field(default_factory=list)
    assessment: Assessment = None
    publication: object = None

    @property
    def may_hand_in(self):
        return self.active is None and self.phase in (Phase.ON_TIME, Phase.LATE)

    @property
    def may_withdraw(self):
        return (
            self.active is not None
            and self.phase == Phase.ON_TIME
            and self.assessment is not None
            and self.assessment.state == Assessment.State.TO_GRADE
        )


def status(participant, edition, now=None):
    """The participant's hand-in status in `edition`, or None when there is no hand-in for them there."""
    now = now or timezone.now()
    assignment = Assignment.objects.filter(edition=edition).select_related("edition").first()
    if assignment is None:
        return None
    registration = registration_of(assignment, participant)
    hand_ins = list(
        HandIn.objects.filter(assignment=assignment, participant=participant).defer("pdf").order_by("number")
    )
    if registration is None and not hand_ins:
        return None
    dates = deadline_of(assignment, participant)
    assessment = (
        Assessment.objects.filter(assignment=assignment, participant=participant)
        .prefetch_related("publications")
        .first()
    )
    publications = list(assessment.publications.all()) if assessment else []
    return Status(
        assignment=assignment,
        registration=registration,
        dates=dates,
        phase=dates.phase(now),
        active=next((h for h in hand_ins if not h.is_withdrawn), None),
        hand_ins=hand_ins,
        assessment=assessment,
        publication=publications[-1] if publications else None,
    )
