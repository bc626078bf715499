"""The programme's part of a participant's data export (gathered by automne/user_data.py): the
sessions they chose, edition by edition, and whether they have a personal calendar address."""

from programme.models import Choice, PersonalCalendar


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
