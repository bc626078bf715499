"""Grade scales to start from: the edition's scale is its own data (GradeBand rows), and an organizer may
fill it from one of these in one step, as long as nothing has been graded with the current one."""

from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext_lazy

from remises.handing_in import Refused
from remises.models import Assessment, GradeBand, Publication

PRESETS = {
    # ENAP's graduate letter grades; the thresholds are a starting point for the teaching team to adjust.
    "lettres": (
        gettext_lazy("A+ à E"),
        [("A+", 90), ("A", 85), ("A-", 80), ("B+", 77), ("B", 73), ("B-", 70), ("C+", 65), ("C", 60), ("E", 0)],
    ),
    "succes": (gettext_lazy("Succès / Échec"), [("Succès", 60), ("Échec", 0)]),
}
ALREADY_GRADED = gettext_lazy(
    "Des évaluations de « {edition} » ont déjà une note : son échelle ne peut plus être remplacée."
)


def apply(assignment, preset):
    """Replaces the assignment's scale by `preset`; refused once any of its assessments has a grade."""
    _, bands = PRESETS[preset]
    with transaction.atomic():
        graded = Assessment.objects.filter(assignment=assignment, grade__isnull=False).exists()
        if graded or Publication.objects.filter(assessment__assignment=assignment).exclude(grade="").exists():
            raise Refused(ALREADY_GRADED.format(edition=assignment.edition.name), 409)
        GradeBand.objects.filter(assignment=assignment).delete()
        GradeBand.objects.bulk_create(
            GradeBand(assignment=assignment, label=label, min_percent=Decimal(minimum)) for label, minimum in bands
        )
