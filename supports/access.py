"""Who sees which material: the one rule, used by every page that lists materials and by the view
that serves a file.

- « Tout le monde » (public): everyone, logged in or not.
- « Les personnes inscrites à l'édition »: participants holding a seat in the material's edition
  (registration received or confirmed: not on the waiting list, not cancelled), the speakers of that
  edition's programme, the teaching team and the organizers.
- « L'équipe pédagogique »: the teaching team, the organizers, and the speakers of the session.

A participant of another edition sees only public materials of this one.
"""

from dataclasses import dataclass, field

from django.contrib.auth.models import Group
from django.db.models import Exists, OuterRef

from automne.roles import ORGANIZERS_GROUP, TEACHING_TEAM
from supports.models import Material, Visibility

EVERYONE = frozenset({Visibility.PUBLIC})
EDITION = frozenset({Visibility.PUBLIC, Visibility.PARTICIPANTS})
ALL = frozenset(Visibility.values)


@dataclass(frozen=True)
class Viewer:
    """What one person may see of one edition's materials."""

    is_organizer: bool = False
    is_teacher: bool = False
    is_participant: bool = False  # holds a seat in the edition
    speaker_sessions: frozenset = field(default_factory=frozenset)  # sessions of the edition they speak in

    @property
    def is_anonymous(self):
        return not (self.is_organizer or self.is_teacher or self.is_participant or self.speaker_sessions)

    def visibilities(self, session_id):
        """The visibilities of the materials of session `session_id` this person sees."""
        if self.is_organizer or self.is_teacher or session_id in self.speaker_sessions:
            return ALL
        if self.is_participant or self.speaker_sessions:
            return EDITION
        return EVERYONE

    def may_see(self, material):
        return material.visibility in self.visibilities(material.session_id)

    def widest(self):
        """Every visibility this person sees in at least one session of the edition."""
        if self.is_organizer or self.is_teacher or self.speaker_sessions:
            return ALL
        return EDITION if self.is_participant else EVERYONE


ANONYMOUS = Viewer()


def viewer(user, edition):
    """`user` as a viewer of `edition`'s materials: 2 queries for an account, none for a visitor."""
    if not user.is_authenticated:
        return ANONYMOUS
    from inscriptions.models import Registration, User
    from programme.models import SessionSpeaker

    def in_group(name):
        return Exists(Group.objects.filter(user=OuterRef("pk"), name=name))

    seated = Registration.objects.filter(user=OuterRef("pk"), edition=edition, state__in=Registration.SEATED)
    flags = (
        User.objects.filter(pk=user.pk)
        .annotate(organizer=in_group(ORGANIZERS_GROUP), teacher=in_group(TEACHING_TEAM), participant=Exists(seated))
        .values("organizer", "teacher", "participant")
        .first()
    ) or {}
    sessions = SessionSpeaker.objects.filter(speaker__account_link__user=user, session__edition=edition)
    return Viewer(
        is_organizer=user.is_superuser or bool(flags.get("organizer")),
        is_teacher=bool(flags.get("teacher")),
        is_participant=bool(flags.get("participant")),
        speaker_sessions=frozenset(sessions.values_list("session_id", flat=True)),
    )


def visible(materials, viewer):
    """The materials among `materials` (a queryset) that `viewer` sees: filtered in the database as far
    as one filter can, then session by session."""
    return [m for m in materials.filter(visibility__in=viewer.widest()) if viewer.may_see(m)]


def visible_by_session(user, edition, session_ids=None):
    """{session id: [the materials of `edition` that `user` sees]}, for the sessions `session_ids`
    (all when None): 1 query for a visitor, 3 for an account."""
    rows = Material.objects.filter(session__edition=edition)
    if session_ids is not None:
        rows = rows.filter(session_id__in=session_ids)
    found = {}
    for material in visible(rows, viewer(user, edition)):
        found.setdefault(material.session_id, []).append(material)
    return found
