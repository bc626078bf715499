"""Publication: an organizer's change reaches the public programme at once.

`programme_changed(edition_id)` is the one operation behind every save or deletion of programme
data (called by programme/receivers.py with the edition the data belongs to, `edition_of`): it
advances that edition's stamp (ProgrammeStamp), whose revision is the ETag, Last-Modified and
cache key of the edition's public pages (programme/caching.py), and makes this process forget the
versions it remembered, so that its next request sees the change. Other editions' pages stay
cached as they were.

`log_change()` writes the change log a returning participant reads on « Dernières modifications »
(room, time, description, speaker), and `recently_changed()` reads the « Modifié » badges from it:
which change writes which line and which word is said by programme/change_effects.py.
"""

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from programme import change_effects
from programme.caching import forget_version
from programme.models import Day, Edition, ProgrammeChange, ProgrammeStamp, Session, TimeSlot


def edition_of(row):
    """The id of the edition a programme row belongs to (None once its edition is gone)."""
    if isinstance(row, Edition):
        return row.pk
    if hasattr(row, "edition_id"):  # partners, days, rooms, people, sessions
        return row.edition_id
    if isinstance(row, TimeSlot):
        return Day.objects.filter(pk=row.day_id).values_list("edition_id", flat=True).first()
    # occurrences and speakers' places in a session
    return Session.objects.filter(pk=row.session_id).values_list("edition_id", flat=True).first()


def stamp_new_edition(edition):
    """Every edition has its stamp from the start (programme_changed only advances it)."""
    ProgrammeStamp.objects.get_or_create(edition=edition, defaults={"changed_at": timezone.now()})


# Editions whose deletion is under way: their rows' deletions publish nothing (no stamp is
# written again for an edition about to disappear).
editions_being_deleted = set()


def programme_changed(edition_id):
    """After a save or a deletion in edition `edition_id`: a new revision of its programme, seen
    at once by this process and within PROGRAMME_VERSION_TTL seconds by the others."""
    # Forget the versions now, and again once the transaction commits, in case a request of
    # this thread read them in between.
    forget_version()
    transaction.on_commit(forget_version)
    if edition_id is None or edition_id in editions_being_deleted:
        return
    now = timezone.now()
    if ProgrammeStamp.objects.filter(edition_id=edition_id).update(revision=F("revision") + 1, changed_at=now):
        return
    # An edition loaded from data (loaddata) has no stamp yet: its first change creates it.
    try:
        with transaction.atomic():
            ProgrammeStamp.objects.create(edition_id=edition_id, revision=1, changed_at=now)
    except IntegrityError:  # another process created it first
        ProgrammeStamp.objects.filter(edition_id=edition_id).update(revision=F("revision") + 1, changed_at=now)


def log_change(session_id, kind, detail=""):
    """One line of « Dernières modifications »: what changed in a session (a ProgrammeChange.Kind)."""
    ProgrammeChange.objects.create(session_id=session_id, kind=kind, detail=detail)


def log_cancellation(session_id, detail):
    """« Séance annulée », once an occurrence is deleted, if its session is still there."""
    if Session.objects.filter(pk=session_id).exists():
        log_change(session_id, ProgrammeChange.Kind.CANCELLED, detail)


RECENT = ProgrammeChange.RECENT


def recently_changed(edition, moment):
    """{session id: badge}: « Nouveau » for a session put on the programme in the 48 hours before
    `moment`, else « Modifié : horaire, salle », what changed in it (change_effects.badge): 1 query."""
    found = {}
    rows = ProgrammeChange.objects.filter(
        session__edition=edition, changed_at__gt=moment - RECENT, kind__in=list(change_effects.BADGE_WORDS)
    ).values_list("session_id", "kind")
    for session_id, kind in rows.order_by("changed_at", "pk"):
        found.setdefault(session_id, []).append(kind)
    return {session_id: change_effects.badge(kinds) for session_id, kinds in found.items()}
