"""Who speaks for whom: the accounts of the speakers (« intervenant·e·s »), linked each to a person of
an edition's programme, and the one rule of what a speaker may reach.

- A speaker's account is invited by an organizer (the admin's invitation, role « Intervenant·e·s »)
  and linked to one person of the programme of one edition. It holds no seat (it never registers:
  inscriptions/staff.py) and sees no participant's data: only its own sessions, their materials and,
  after the edition's last day, their evaluations' results.
- A speaker who comes back the next year is linked again, to the new edition's person, from the same
  account: inviting an address that already is a speaker's account adds the link and says so by e-mail.
- An address that already belongs to a participant or to the team is refused: a speaker's account
  must be one that holds no seat and reads no cahier.
"""

from django.db import IntegrityError, transaction
from django.http import Http404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from automne import emails, languages
from automne.roles import SPEAKERS
from automne.site import absolute
from intervenants.models import SpeakerAccount
from programme.models import Session, SessionSpeaker

# The messages: lazy, in the language of the page or e-mail that shows them (the msgids hold U+00A0).
NOT_A_SPEAKER_ACCOUNT = gettext_lazy(
    "Ce courriel est déjà celui d'un compte de participant·e ou de l'équipe : un compte d'intervenant·e "
    "ne tient aucune place et ne voit aucune donnée de participant·e. Invitez cette personne avec une autre "
    "adresse. Rien n'a été créé."
)
ALREADY_LINKED = gettext_lazy("{name} a déjà un compte d'intervenant·e ({email}). Rien n'a été créé.")
NOT_YOUR_SESSION = gettext_lazy(
    "Vous n'intervenez pas dans cette séance : seules les personnes qui y interviennent, et les "
    "organisateurs, y ajoutent des supports."
)
LINKED_TOPIC = gettext_lazy("Votre espace d'intervenant·e")


class Refused(Exception):
    """A link that cannot be made, with the reason (translated; `field`: the invitation's field it concerns)."""

    def __init__(self, message, field="speaker"):
        super().__init__(message)
        self.message, self.field = message, field


def is_speaker(user):
    """Whether the account is a speaker's (the group; 1 query, none for an anonymous visitor)."""
    return user.is_authenticated and user.groups.filter(name=SPEAKERS).exists()


def links_of(user):
    """The persons of the programme `user` speaks for, newest edition first, each with its edition."""
    if not user.is_authenticated:
        return SpeakerAccount.objects.none()
    return (
        SpeakerAccount.objects.filter(user=user)
        .select_related("speaker__edition")
        .order_by("-speaker__edition__starts_on", "speaker__sort_name")
    )


def session_ids(user, edition=None):
    """The ids of the sessions where a person `user` speaks for intervenes (in `edition` only, if given)."""
    if not user.is_authenticated:
        return set()
    rows = SessionSpeaker.objects.filter(speaker__account_link__user=user)
    if edition is not None:
        rows = rows.filter(session__edition=edition)
    return set(rows.values_list("session_id", flat=True))


def own_session(user, session_id):
    """The session `session_id` if `user` speaks in it; Http404 for no such session, Refused (403) for
    another's session."""
    session = Session.objects.select_related("edition").filter(pk=session_id).first()
    if session is None:
        raise Http404("Cette séance n'existe pas.")
    if session.pk not in session_ids(user, session.edition):
        raise Refused(NOT_YOUR_SESSION)
    return session


def user_ids_by_session(session_ids):
    """{session id: {user id}} of the accounts speaking in these sessions: they receive their change
    e-mails (programme/change_notices.told)."""
    rows = SpeakerAccount.objects.filter(speaker__session_speakers__session_id__in=list(session_ids))
    found = {}
    for session_id, user_id in rows.values_list("speaker__session_speakers__session_id", "user_id"):
        found.setdefault(session_id, set()).add(user_id)
    return found


def link(user, speaker):
    """Links `user` (a speaker's account) to `speaker`; Refused when the person already has an account."""
    existing = SpeakerAccount.objects.filter(speaker=speaker).select_related("user").first()
    if existing:
        raise Refused(ALREADY_LINKED.format(name=speaker.full_name, email=existing.user.email))
    try:
        with transaction.atomic():
            return SpeakerAccount.objects.create(user=user, speaker=speaker)
    except IntegrityError as error:  # linked by someone else at the same moment
        raise Refused(ALREADY_LINKED.format(name=speaker.full_name, email=_("un autre compte"))) from error


def invite(*, email, first_name, last_name, speaker, by, language=None):
    """An account for a person of the programme: a new one, invited by `by` to choose a password
    (inscriptions/invitations.py, which keeps who gave the role), or the speaker's account this address already has, linked to one
    more person (the next edition's). Returns (account, created). Refused, creating nothing, for an
    address of a participant or of the team, or a person who already has an account."""
    from inscriptions import invitations
    from inscriptions.models import User

    with transaction.atomic():
        account = User.objects.with_email(email)
        if account is not None:
            if not is_speaker(account):
                raise Refused(NOT_A_SPEAKER_ACCOUNT, "email")
            link(account, speaker)
            send_linked(account, speaker)
            return account, False
        try:
            account = invitations.invite(
                email=email, first_name=first_name, last_name=last_name, role=SPEAKERS, by=by, language=language
            )
        except invitations.EmailInUse as error:  # the same address invited twice at once
            raise Refused(invitations.EMAIL_IN_USE, "email") from error
        link(account, speaker)
        return account, True


@languages.writes_to(lambda user, speaker: user)
def send_linked(user, speaker):
    context = {
        "user": user,
        "speaker": speaker,
        "edition": speaker.edition,
        "link": absolute(reverse("intervenants:space")),
    }
    text = render_to_string("intervenants/emails/linked.txt", context)
    emails.send([user.email], str(LINKED_TOPIC), text, edition=speaker.edition)
