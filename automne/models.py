"""What the site itself keeps, apart from each app's data: the stored files (automne/storage.py)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class StoredFile(models.Model):
    """A file of the default storage (the cahier's drawings), kept in the database.

    Every application server reads the same database, so a drawing received by one is served by
    all, and a backup of the database is a backup of the files (automne/backup.py)."""

    name = models.CharField(max_length=255, unique=True)
    content = models.BinaryField()
    size = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("fichier")

    def __str__(self):
        return self.name
