"""A participant's hand-in at a glance, for « Mon espace » and the cahier's overview: the due date (an
extension included), the hand-in, the grade published. One query for all of a person's editions."""

from dataclasses import dataclass

from django.db.models import OuterRef, Subquery

from inscriptions.models import Registration
from remises.models import Assignment, Extension, HandIn, Publication


@dataclass
class Summary:
    due_at: object
    handed_in_at: object = None
    is_late: bool = False
    grade: str = ""
    published_at: object = None


def for_editions(user, edition_ids):
    """{edition id: Summary} for the editions of `edition_ids` where `user` hands in or has handed in."""
    if not user.is_authenticated or not edition_ids:
        return {}
    active = HandIn.objects.filter(assignment=OuterRef("pk"), participant=user, withdrawn_at__isnull=True)
    newest = Publication.objects.filter(assessment__assignment=OuterRef("pk"), assessment__participant=user).order_by(
        "-published_at", "-pk"
    )
    extension = Extension.objects.filter(assignment=OuterRef("pk"), participant=user).order_by("-granted_at", "-pk")
    kind = Registration.objects.filter(edition=OuterRef("edition"), user=user).holding_a_seat().values("kind")[:1]
    assignments = Assignment.objects.filter(edition__in=edition_ids).annotate(
        handed_in_at=Subquery(active.values("handed_in_at")[:1]),
        late=Subquery(active.values("is_late")[:1]),
        grade=Subquery(newest.values("grade")[:1]),
        published_at=Subquery(newest.values("published_at")[:1]),
        extended_until=Subquery(extension.values("until")[:1]),
        kind=Subquery(kind),
    )
    found = {}
    for assignment in assignments:
        hands_in = assignment.kind == Registration.Kind.CREDIT or (
            assignment.kind == Registration.Kind.ATTESTATION and assignment.attestation_may_hand_in
        )
        if not (hands_in or assignment.handed_in_at or assignment.published_at):
            continue
        found[assignment.edition_id] = Summary(
            due_at=assignment.extended_until or assignment.due_at,
            handed_in_at=assignment.handed_in_at,
            is_late=bool(assignment.late),
            grade=assignment.grade or "",
            published_at=assignment.published_at,
        )
    return found
