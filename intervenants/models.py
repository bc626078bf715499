"""The speakers' space: a person of an edition's programme (programme.Speaker) linked to the account
that speaks for them, and the photo the speakers' pages show.

A link belongs to one edition, as the Speaker does: a speaker who comes back the next year is a new
Speaker of the new edition, linked again to the same account (intervenants/accounts.py).
"""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from programme.models import Speaker


class SpeakerAccount(models.Model):
    """This account speaks for this person of the programme: edits their biography, organisation and
    photo, adds materials to their sessions, receives their sessions' change e-mails."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="speaker_links", verbose_name=_("compte")
    )
    speaker = models.OneToOneField(
        Speaker, on_delete=models.CASCADE, related_name="account_link", verbose_name=_("personne du programme")
    )
    linked_at = models.DateTimeField(_("lié le"), auto_now_add=True)

    class Meta:
        verbose_name = _("compte d'intervenant·e")
        verbose_name_plural = _("comptes d'intervenant·e·s")
        ordering = ["speaker__sort_name", "pk"]

    def __str__(self):
        return f"{self.speaker.full_name} ({self.speaker.edition}) — {self.user.email}"


def photo_path(instance, filename):
    # A random name: the address of a photo says nothing of the person.
    return f"intervenants/{uuid.uuid4().hex}.jpg"


class SpeakerPhoto(models.Model):
    """The photo of a person of the programme, re-encoded without any metadata (intervenants/photos.py)
    and kept in the database (automne/storage.py); public, like the speakers' pages that show it."""

    speaker = models.OneToOneField(Speaker, on_delete=models.CASCADE, related_name="photo", verbose_name=_("personne"))
    image = models.FileField(upload_to=photo_path)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    # In the photo's address: a new photo has a new address, so a kept copy is never stale.
    digest = models.CharField(max_length=16)

    class Meta:
        verbose_name = _("photo")

    def __str__(self):
        return gettext("Photo de %(speaker)s") % {"speaker": self.speaker}

    def get_absolute_url(self):
        return reverse("intervenants:photo", kwargs={"pk": self.pk, "digest": self.digest})
