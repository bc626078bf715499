"""The materials' signal receivers, connected by SupportsConfig.ready().

A material is shown on its session's public page, which is cached under its edition's programme
version (programme/caching.py): every save or deletion of a material is a publication of that
edition, so a removed file or a narrowed visibility leaves the cached pages at once."""

from django.db.models.signals import post_delete, post_save

from programme import publication
from supports.models import Material


def publish(sender, instance, raw=False, **kwargs):
    if not raw:
        publication.programme_changed(publication.edition_of(instance))


def delete_file(sender, instance, **kwargs):
    # Also when the session goes (cascade): no file stays without its row.
    if instance.file:
        instance.file.delete(save=False)


def connect():
    post_save.connect(publish, sender=Material, dispatch_uid="supports.publish-save")
    post_delete.connect(publish, sender=Material, dispatch_uid="supports.publish-delete")
    post_delete.connect(delete_file, sender=Material, dispatch_uid="supports.delete-file")
