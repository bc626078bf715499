"""The speakers' space's signal receivers, connected by IntervenantsConfig.ready().

A photo is shown on the speakers' public pages, cached under their edition's programme version:
saving or deleting one is a publication of that edition (programme/publication.py)."""

from django.db.models.signals import post_delete, post_save

from intervenants.models import SpeakerPhoto
from programme import publication
from programme.models import Speaker


def publish(sender, instance, raw=False, **kwargs):
    if not raw:
        edition_id = Speaker.objects.filter(pk=instance.speaker_id).values_list("edition_id", flat=True).first()
        publication.programme_changed(edition_id)


def delete_file(sender, instance, **kwargs):
    if instance.image:
        instance.image.delete(save=False)


def connect():
    post_save.connect(publish, sender=SpeakerPhoto, dispatch_uid="intervenants.publish-save")
    post_delete.connect(publish, sender=SpeakerPhoto, dispatch_uid="intervenants.publish-delete")
    post_delete.connect(delete_file, sender=SpeakerPhoto, dispatch_uid="intervenants.delete-file")
