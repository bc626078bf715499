"""What the organizers read after a bulk action on registrations, in their words."""

from django.contrib import messages

from automne.french import NBSP


def confirmation_messages(result):
    """What a confirmation did, in the organizers' words: who was confirmed and e-mailed, and why
    the others were left as they were."""
    found = []
    if result.confirmed:
        found.append(
            (messages.SUCCESS, f"{len(result.confirmed)} inscription(s) confirmée(s) et prévenue(s) par courriel.")
        )
    else:
        found.append((messages.WARNING, "Aucune inscription confirmée."))
    if result.already:
        found.append(
            (messages.INFO, f"{len(result.already)} inscription(s) laissée(s) telles quelles{NBSP}: déjà confirmée(s).")
        )
    if result.cancelled:
        found.append(
            (messages.WARNING, f"{len(result.cancelled)} inscription(s) laissée(s) telles quelles{NBSP}: annulée(s).")
        )
    if result.no_seat:
        found.append(
            (
                messages.WARNING,
                f"{len(result.no_seat)} inscription(s) laissée(s) sur la liste d'attente{NBSP}: il n'y a plus de place.",
            )
        )
    return found
