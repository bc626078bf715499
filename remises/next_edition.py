"""What of the hand-in carries over to the next edition (automne/next_edition.py): its rules, readers
and rubric, dated as far into the new edition (remises/preparation.py); never a hand-in nor a grade."""

from remises.preparation import copy_assignment


def copy_to_next_edition(source, edition):
    return copy_assignment(source, edition)
