"""Publication: an organizer's change reaches the public programme at once.

`programme_changed()` is the one operation behind every save or deletion of programme data
(called by programme/receivers.py): it advances the programme's stamp (ProgrammeStamp), whose
revision is the ETag, Last-Modified and cache key of the public pages (programme/caching.py), and
makes this process forget the version it remembered, so that its next request sees the change.

`log_change()` writes the change log a returning participant reads on « Dernières modifications »
(room, time, description, speaker).
"""

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from programme.caching import forget_version
from programme.models import ProgrammeChange, ProgrammeStamp


def programme_changed():
    """After a save or a deletion: a new revision of the programme, seen at once by this process
    and within PROGRAMME_VERSION_TTL seconds by the others."""
    # Forget the version now, and again once the transaction commits, in case a request of this
    # thread read it in between.
    forget_version()
    transaction.on_commit(forget_version)
    now = timezone.now()
    if ProgrammeStamp.objects.filter(pk=1).update(revision=F("revision") + 1, changed_at=now):
        return
    try:
        with transaction.atomic():
            ProgrammeStamp.objects.create(pk=1, revision=1, changed_at=now)
    except IntegrityError:  # another process created it first
        ProgrammeStamp.objects.filter(pk=1).update(revision=F("revision") + 1, changed_at=now)


def log_change(session_id, kind, detail=""):
    """One line of « Dernières modifications »: what changed in a session (a ProgrammeChange.Kind)."""
    ProgrammeChange.objects.create(session_id=session_id, kind=kind, detail=detail)
