"""Inviting a teacher or an organizer: an account without a password and without a registration,
in one group, and an e-mail whose link lets the person choose a password. The link is Django's
password-reset token with its own salt (a reset link does not accept an invitation, nor the
reverse), valid for INVITATION_DAYS, and used up once the password is chosen."""

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.crypto import constant_time_compare
from django.utils.encoding import force_bytes
from django.utils.http import base36_to_int, urlsafe_base64_encode
from django.utils.translation import gettext_lazy, gettext_noop

from automne import emails, languages
from automne.roles import ORGANIZERS_GROUP, SPEAKERS, TEACHING_TEAM
from automne.site import absolute
from inscriptions import staff
from inscriptions.models import User
from inscriptions.staff import INVITABLE_ROLES

INVITATION_DAYS = 7
# French, as the admin (inscriptions/admin_invitations.py) shows it; gettext(EMAIL_IN_USE) for English.
EMAIL_IN_USE = gettext_noop("Un compte existe déjà avec ce courriel. Rien n'a été créé.")
TOPIC = gettext_lazy("Invitation")  # the school named by automne/emails.py
# The roles as the invitation names them: the groups' names are French data (automne/roles.py).
ROLE_NAMES = {
    TEACHING_TEAM: gettext_lazy("Équipe pédagogique"),
    ORGANIZERS_GROUP: gettext_lazy("Organisateurs"),
    SPEAKERS: gettext_lazy("Intervenant·e·s"),
}


class EmailInUse(Exception):
    pass


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "inscriptions.invitations.InvitationTokenGenerator"
    valid_for = INVITATION_DAYS * 24 * 3600

    def check_token(self, user, token):
        """Django's check, with the invitation's own lifetime instead of PASSWORD_RESET_TIMEOUT."""
        if not (user and token) or token.count("-") != 1:
            return False
        try:
            timestamp = base36_to_int(token.split("-")[0])
        except ValueError:
            return False
        if self._num_seconds(self._now()) - timestamp > self.valid_for:
            return False
        return any(
            constant_time_compare(self._make_token_with_timestamp(user, timestamp, secret), token)
            for secret in [self.secret, *self.secret_fallbacks]
        )


token_generator = InvitationTokenGenerator()


def invite(*, email, first_name, last_name, role, by, language=None):
    """Creates the account in `role` (given by `by`, kept by staff.grant) and e-mails its link. Raises
    EmailInUse, creating nothing, when an account already has this address (whatever its case), and
    PermissionDenied when `by` may not give that role (the teaching team: a superuser only)."""
    if role not in INVITABLE_ROLES:
        raise ValueError(role)
    if role not in staff.roles_given_by(by):
        raise PermissionDenied(role)
    try:
        with transaction.atomic():
            if User.objects.with_email(email) is not None:
                raise EmailInUse
            # No password (unusable) until the person chooses one through the link.
            user = User.objects.create_user(
                email,
                None,
                first_name=first_name,
                last_name=last_name,
                is_staff=role == ORGANIZERS_GROUP,
                language=languages.known(language or settings.LANGUAGE_CODE),  # its e-mails are in it
            )
            staff.grant(user, role, by=by)
    except IntegrityError as error:  # the same address invited twice at once
        raise EmailInUse from error
    send_invitation(user, role)
    return user


def resend_if_pending(email):
    """Sends a new link to an invited person who never chose a password (the first link may have
    expired). Returns the account, or None when the address is not a pending invitation."""
    user = (
        User.objects.filter(email=User.objects.normalize_email(email), last_login=None)
        .prefetch_related("groups")
        .first()
    )
    if user is None or user.has_usable_password():
        return None
    roles = [group.name for group in user.groups.all() if group.name in INVITABLE_ROLES]
    if not roles:
        return None
    send_invitation(user, roles[0])
    return user


def accept_path(user):
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return reverse("invitation_accept", kwargs={"uidb64": uid, "token": token_generator.make_token(user)})


@languages.writes_to(lambda user, role: user)
def send_invitation(user, role):
    context = {
        "user": user,
        "role": ROLE_NAMES.get(role, role),
        "link": absolute(accept_path(user)),
        "days": INVITATION_DAYS,
    }
    body = render_to_string("inscriptions/emails/invitation.txt", context)
    emails.send([user.email], TOPIC, body)
