"""What of an edition's hand-in carries over to the next (automne/next_edition.py): its rules, statement,
team, grade scale and rubric, with the dates moved by as many days as the edition moves (same time of day
in Montréal). Hand-ins, extensions and assessments stay with their own edition."""

import datetime

from django.utils import timezone

from remises.models import Assignment, Criterion, CriterionLevel, GradeBand


def shifted(moment, days):
    """`moment` `days` later, at the same wall-clock time in Montréal (across a change of hour too)."""
    local = timezone.localtime(moment).replace(tzinfo=None) + datetime.timedelta(days=days)
    return timezone.make_aware(local)


def copy_assignment(source, target):
    """Copies edition `source`'s hand-in into edition `target`; nothing when `source` has none."""
    assignment = Assignment.objects.filter(edition=source).prefetch_related("team").first()
    if assignment is None:
        return None
    days = (target.starts_on - source.starts_on).days
    team = list(assignment.team.all())
    bands = list(assignment.bands.all())
    criteria = list(assignment.criteria.prefetch_related("levels"))
    copy = Assignment.objects.create(
        edition=target,
        due_at=shifted(assignment.due_at, days),
        cutoff_at=shifted(assignment.cutoff_at, days),
        attestation_may_hand_in=assignment.attestation_may_hand_in,
        statement=assignment.statement,
        grading=assignment.grading,
        anonymous=assignment.anonymous,
    )
    copy.team.set(team)
    GradeBand.objects.bulk_create(
        GradeBand(assignment=copy, label=band.label, min_percent=band.min_percent) for band in bands
    )
    for criterion in criteria:
        levels = list(criterion.levels.all())
        new = Criterion.objects.create(
            assignment=copy, title=criterion.title, description=criterion.description, order=criterion.order
        )
        CriterionLevel.objects.bulk_create(
            CriterionLevel(
                criterion=new, title=level.title, description=level.description, points=level.points, order=level.order
            )
            for level in levels
        )
    return copy
