"""Signal receivers of the programme, connected by `connect()` from ProgrammeConfig.ready().

Every save or deletion of a programme model is a publication of its edition
(publication.programme_changed): the edition's version stamp, the one effect of a change that
stays a signal, since it follows any write whatever. What else a change does (the change log, the
« Modifié » badge, the calendars' SEQUENCE, the notices) is said by the table of
programme/change_effects.py, which every writer calls explicitly.
"""

from django.apps import apps
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete

from programme import publication
from programme.models import (
    ChangeNotice,
    Choice,
    Edition,
    PersonalCalendar,
    ProgrammeChange,
    ProgrammeStamp,
    Session,
)

# Participants' own rows: not the programme, they publish nothing.
PERSONAL = (Choice, PersonalCalendar, ChangeNotice)


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
    # Last: the edition's own deletion is not published either (its stamp is gone with it).
    post_delete.connect(edition_deletion_ends, sender=Edition, dispatch_uid="edition-deletion-ends")
