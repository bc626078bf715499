"""Signal receivers of the programme, connected by `connect()` from ProgrammeConfig.ready().

Every save or deletion of a programme model is a publication of its edition
(publication.programme_changed).
Changes a returning participant cares about (room, time, description, speakers) are written
to the change log (publication.log_change).
"""

from django.apps import apps
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from programme import calendar_revisions, publication
from programme.models import (
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
PERSONAL = (Choice, PersonalCalendar)

# What is compared before and after a save, to log what changed and to revise the calendar events.
TRACKED_FIELDS = {
    Occurrence: calendar_revisions.OCCURRENCE_FIELDS,  # room and time slot among them
    Session: ("description", "description_status", *calendar_revisions.SESSION_FIELDS),
    TimeSlot: calendar_revisions.TIME_SLOT_FIELDS,
}


def publish(sender, instance, **kwargs):
    publication.programme_changed(publication.edition_of(instance))


def stamp_new_edition(sender, instance, created, **kwargs):
    if created:
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
    if previous["time_slot_id"] != instance.time_slot_id:
        publication.log_change(instance.session_id, ProgrammeChange.Kind.TIME, str(instance.time_slot))


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
    if not raw and not created:
        calendar_revisions.time_slot_changed(instance, getattr(instance, "_previous", None))


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
    # SEQUENCE and LAST-MODIFIED of the calendar events (programme/calendar_revisions.py).
    post_save.connect(revise_time_slot, sender=TimeSlot, dispatch_uid="revise-time-slot")
    post_save.connect(revise_speakers, sender=SessionSpeaker, dispatch_uid="revise-speakers-save")
    post_delete.connect(revise_speakers, sender=SessionSpeaker, dispatch_uid="revise-speakers-delete")
    m2m_changed.connect(revise_speakers_m2m, sender=Session.speakers.through, dispatch_uid="revise-speakers-m2m")
