"""The cahier's signal receivers, connected by CahierConfig.ready()."""

from django.db.models.signals import post_delete

from cahier.models import Drawing


def delete_drawing_file(sender, instance, **kwargs):
    # Also when the account is deleted (cascade): no orphan image stays on disk.
    if instance.image:
        instance.image.delete(save=False)


def connect():
    post_delete.connect(delete_drawing_file, sender=Drawing, dispatch_uid="cahier.delete_drawing_file")
