"""The programme's part of a participant's data: its export (gathered by automne/user_data.py), the
sessions they chose, edition by edition, and whether they have a personal calendar address; and
its deletion edition by edition, when the retention period ends (inscriptions/retention.py)."""

from programme.models import ChangeNotice, Choice, PersonalCalendar


def export_user_data(user):
    chosen = Choice.objects.filter(user=user).select_related(
        "occurrence__session__edition", "occurrence__time_slot__day", "occurrence__room"
    )
    return {
        "seances_choisies": [_choice(choice) for choice in chosen],
        "agenda_personnel": PersonalCalendar.objects.filter(user=user).exists(),
    }


def _choice(choice):
    occurrence = choice.occurrence
    slot = occurrence.time_slot
    return {
        "edition": occurrence.session.edition.name,
        "seance": occurrence.session.title,
        "debut": occurrence.start_datetime().isoformat(),
        "fin": occurrence.end_datetime().isoformat(),
        "salle": occurrence.room_label,
        "jour": slot.day.date.isoformat(),
        "choisie_le": choice.created_at.isoformat(),
    }


def delete_of_editions(editions):
    """Every participant's choices of sessions of `editions` (a queryset), and the change notices
    waiting for them. The calendar address stays: it is the account's, for every edition."""
    ChangeNotice.objects.filter(edition__in=editions).delete()
    Choice.objects.filter(occurrence__time_slot__day__edition__in=editions).delete()
