"""Signal receivers of the programme, connected by `connect()` from ProgrammeConfig.ready().

Every save or deletion of a programme model is a publication of its edition
(publication.programme_changed).
Changes a returning participant cares about (room, time, description, speakers) are written
to the change log (publication.log_change).
"""

from django.apps import apps
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save

from programme import calendar_revisions, change_notices, publication
from programme.models import (
    ChangeNotice,
    Choice,
    Edition,
    Occurrence,
    PersonalCalendar,
    ProgrammeChange,
    ProgrammeStamp,
    Session,
    SessionSpeaker,
    TimeSlot,
)

# Participants' own rows: not the programme, they publish nothing.
PERSONAL = (Choice, PersonalCalendar, ChangeNotice)

# What is compared before and after a save, to log what changed and to revise the calendar events.
TRACKED_FIELDS = {
    Occurrence: calendar_revisions.OCCURRENCE_FIELDS,  # room and time slot among them
    Session: ("description", "description_status", *calendar_revisions.SESSION_FIELDS),
    TimeSlot: calendar_revisions.TIME_SLOT_FIELDS,
}


def publish(sender, instance, raw=False, **kwargs):
    # Loaded data (loaddata, a restored backup) is not a change: it brings its stamps, or gets them
    # from load_initial_data.
    if not raw:
        publication.programme_changed(publication.edition_of(instance))


def edition_deletion_starts(sender, instance, **kwargs):
    publication.editions_being_deleted.add(instance.pk)


def edition_deletion_ends(sender, instance, **kwargs):
    publication.editions_being_deleted.discard(instance.pk)


def stamp_new_edition(sender, instance, created, raw=False, **kwargs):
    # Loaded data (loaddata, a restored backup) brings its own stamps, or gets them from load_initial_data.
    if created and not raw:
        publication.stamp_new_edition(instance)


def remember_previous_values(sender, instance, raw=False, **kwargs):
    """Before a session or an occurrence is saved, keep what it was, to log what changed."""
    instance._previous = None
    if raw or instance.pk is None:
        return
    instance._previous = sender.objects.filter(pk=instance.pk).values(*TRACKED_FIELDS[sender]).first()


def log_occurrence_change(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    if created:
        publication.log_change(instance.session_id, ProgrammeChange.Kind.SCHEDULED)
        return
    previous = getattr(instance, "_previous", None)
    calendar_revisions.occurrence_changed(instance, previous)
    if not previous:
        return
    if previous["room_id"] != instance.room_id:
        publication.log_change(instance.session_id, ProgrammeChange.Kind.ROOM, instance.room_label)
        change_notices.room_changed(instance)
    if previous["time_slot_id"] != instance.time_slot_id:
        publication.log_change(instance.session_id, ProgrammeChange.Kind.TIME, str(instance.time_slot))
        change_notices.time_changed([instance.pk])


def log_cancellation(sender, instance, origin=None, **kwargs):
    """An occurrence deleted: « Séance annulée » in the log (if its session stays) and a notice to
    those who chose it, both once the deletion has committed."""
    change_notices.cancelled(instance)
    session_id, detail = instance.session_id, change_notices.when(instance)
    transaction.on_commit(lambda: publication.log_cancellation(session_id, detail), robust=True)


def log_session_change(sender, instance, created, raw=False, **kwargs):
    previous = getattr(instance, "_previous", None)
    if raw or created or not previous:
        return
    calendar_revisions.session_changed(instance, previous)
    if (previous["description"], previous["description_status"]) != (
        instance.description,
        instance.description_status,
    ):
        publication.log_change(instance.pk, ProgrammeChange.Kind.DESCRIPTION, instance.get_description_status_display())


def log_speaker_added(sender, instance, created, raw=False, **kwargs):
    if raw or not created:
        return
    publication.log_change(instance.session_id, ProgrammeChange.Kind.SPEAKER, instance.speaker.full_name)


def revise_time_slot(sender, instance, created, raw=False, **kwargs):
    if raw or created:
        return
    previous = getattr(instance, "_previous", None)
    calendar_revisions.time_slot_changed(instance, previous)
    if previous and any(previous[name] != getattr(instance, name) for name in calendar_revisions.TIME_SLOT_FIELDS):
        moved = list(Occurrence.objects.filter(time_slot=instance.pk).values_list("pk", "session_id"))
        for _, session_id in moved:
            publication.log_change(session_id, ProgrammeChange.Kind.TIME, str(instance))
        change_notices.time_changed([pk for pk, _ in moved])


def revise_speakers(sender, instance, raw=False, **kwargs):
    if not raw:
        calendar_revisions.speakers_changed([instance.session_id])


def revise_speakers_m2m(sender, instance, action, reverse, pk_set, **kwargs):
    # add() creates its rows in bulk, without post_save; remove() and clear() delete them one by one (post_delete).
    if action == "post_add":
        calendar_revisions.speakers_changed((pk_set or []) if reverse else [instance.pk])


def connect():
    # Before publish: the new edition's stamp exists when its first save is published.
    post_save.connect(stamp_new_edition, sender=Edition, dispatch_uid="stamp-new-edition")
    pre_delete.connect(edition_deletion_starts, sender=Edition, dispatch_uid="edition-deletion-starts")
    for model in apps.get_app_config("programme").get_models():
        if model in (ProgrammeStamp, ProgrammeChange, *PERSONAL):
            continue
        post_save.connect(publish, sender=model, dispatch_uid=f"bump-save-{model._meta.label}")
        post_delete.connect(publish, sender=model, dispatch_uid=f"bump-delete-{model._meta.label}")
    # speakers.add()/remove() go through bulk operations: no post_save, but m2m_changed.
    m2m_changed.connect(publish, sender=Session.speakers.through, dispatch_uid="bump-speakers")
    for model in (Occurrence, Session, TimeSlot):
        pre_save.connect(remember_previous_values, sender=model, dispatch_uid=f"previous-{model._meta.label}")
    post_save.connect(log_occurrence_change, sender=Occurrence, dispatch_uid="log-occurrence")
    post_save.connect(log_session_change, sender=Session, dispatch_uid="log-session")
    post_save.connect(log_speaker_added, sender=SessionSpeaker, dispatch_uid="log-speaker")
    pre_delete.connect(log_cancellation, sender=Occurrence, dispatch_uid="log-cancellation")
    # SEQUENCE and LAST-MODIFIED of the calendar events (programme/calendar_revisions.py).
    post_save.connect(revise_time_slot, sender=TimeSlot, dispatch_uid="revise-time-slot")
    post_save.connect(revise_speakers, sender=SessionSpeaker, dispatch_uid="revise-speakers-save")
    post_delete.connect(revise_speakers, sender=SessionSpeaker, dispatch_uid="revise-speakers-delete")
    m2m_changed.connect(revise_speakers_m2m, sender=Session.speakers.through, dispatch_uid="revise-speakers-m2m")
    # Last: the edition's own deletion is not published either (its stamp is gone with it).
    post_delete.connect(edition_deletion_ends, sender=Edition, dispatch_uid="edition-deletion-ends")
