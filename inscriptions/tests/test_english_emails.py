"""The e-mails a participant receives, in English when English is the active language (issue 24): the
same layout and line breaks as the French, every sentence of ours translated; what the organizers typed
(the edition's name, its venue) and the addresses stay as they are. Values that other parts of the site
translate (dates, the kind of registration, addresses under /en/) are computed here with the same
functions, so that the text compared is ours."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from automne import emails as site_emails
from automne.roles import TEACHING_TEAM
from automne.site import absolute
from automne.templatetags.french import date_longue
from inscriptions import emails, invitations
from inscriptions.models import Registration
from inscriptions.password_reset import PasswordResetForm, PasswordResetView
from inscriptions.tests.factories import make_registration, make_user
from programme.tests.factories import make_edition

pytestmark = pytest.mark.django_db
SITE = absolute("/").rstrip("/")


@pytest.fixture
def edition():
    return make_edition(name="Fall School 2025", venue="ENAP, Montréal", contact_email="ecole@enap.ca")


def test_waiting_list_email_in_english(edition):
    registration = make_registration(
        edition, make_user(language="en"), first_name="Ada", state=Registration.State.WAITING
    )
    with translation.override("en"):
        emails.send_confirmation(registration)
        account = SITE + reverse("inscriptions:account")
        kind = registration.kind_label()
    [message] = mail.outbox
    assert message.subject == "Waiting list — Fall School 2025"
    assert message.body == (
        "Hello Ada,\n"
        "\n"
        "We have received your registration for “Fall School 2025”, but all seats are taken: you are on the "
        "waiting list. We will write to you as soon as a seat becomes available.\n"
        "\n"
        f"Your choice: {kind}\n"
        "\n"
        "Your account (registration status, changes, cancellation, reflective journal):\n"
        f"{account}\n"
        "\n"
        f"You sign in with this email ({registration.email}) and the password you chose.\n"
        "\n"
        "A question? Write to us: ecole@enap.ca\n"
        "\n"
        "The “Fall School 2025” team\n\n"
    )
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert '<html lang="en">' in html


def test_confirmed_email_in_english(edition):
    registration = make_registration(
        edition, make_user(language="en"), first_name="Ada", state=Registration.State.CONFIRMED
    )
    with translation.override("en"):
        emails.send_confirmed(registration)
        account = SITE + reverse("inscriptions:account")
        kind = registration.kind_label()
        start, end = date_longue(edition.starts_on), date_longue(edition.ends_on)
    [message] = mail.outbox
    assert message.subject == "Registration confirmed — Fall School 2025"
    assert message.body == (
        "Hello Ada,\n"
        "\n"
        f"Your registration for “Fall School 2025” is confirmed. We look forward to seeing you from {start} to "
        f"{end}, ENAP, Montréal.\n"
        "\n"
        f"Your choice: {kind}\n"
        "\n"
        "Your account (registration status, changes, cancellation, reflective journal):\n"
        f"{account}\n"
        "\n"
        "If you can no longer come, cancel your registration in your account: the seat will go to someone else.\n"
        "\n"
        "A question? Write to us: ecole@enap.ca\n"
        "\n"
        "The “Fall School 2025” team\n\n"
    )


def test_promoted_and_cancelled_emails_in_english(edition):
    registration = make_registration(
        edition, make_user(language="en"), first_name="Ada", state=Registration.State.CONFIRMED
    )
    edition.contact_email = ""
    edition.save()
    registration.refresh_from_db()
    with translation.override("en"):
        emails.send_promotion(registration)
        registration.state = Registration.State.CANCELLED
        emails.send_left(registration)
        account = SITE + reverse("inscriptions:account")
        dates = edition.date_range_label()
    promoted, cancelled = mail.outbox
    assert promoted.subject == "A seat for you — Fall School 2025"
    assert promoted.body.startswith(
        f"Hello Ada,\n\nA seat has become available: your registration for “Fall School 2025” is confirmed. "
        f"We look forward to seeing you {dates}, ENAP, Montréal.\n\n"
    )
    assert f"\n\nYour account: {account}\n\n" in promoted.body
    assert "Write to us" not in promoted.body  # the edition gives no address
    assert cancelled.subject == "Registration cancelled — Fall School 2025"
    assert cancelled.body == (
        "Hello Ada,\n"
        "\n"
        f"The organizers have cancelled your registration for “Fall School 2025” ({dates}). Your seat is now free "
        "for someone else.\n"
        "\n"
        f"Your account and your reflective journal are kept: {account}\n"
        "\n"
        "If this is a mistake, write to the organizers.\n"
        "\n"
        "The “Fall School 2025” team\n\n"
    )


def test_account_exists_email_in_english(edition):
    with translation.override("en"):
        emails.send_account_exists(edition, "ada@example.org")
        login, reset = SITE + reverse("login"), SITE + reverse("password_reset")
    [message] = mail.outbox
    assert message.subject == "Your account — Fall School 2025"
    assert message.body == (
        "Hello,\n"
        "\n"
        "Someone, probably you, tried to register for “Fall School 2025” with this email (ada@example.org), "
        "but an account already exists at this address: nothing was saved or changed.\n"
        "\n"
        "To register, sign in, then open “Registration”:\n"
        f"{login}\n"
        "\n"
        "Forgot your password? Choose a new one:\n"
        f"{reset}\n"
        "\n"
        "If this was not you, ignore this email: your account stays as it was.\n"
        "\n"
        "A question? Write to us: ecole@enap.ca\n"
        "\n"
        "The “Fall School 2025” team\n\n"
    )


def test_password_reset_email_in_english(edition):
    user = make_user("ada@example.org", language="en")
    context = {"user": user, "uid": "MQ", "token": "abc-def", "site_url": SITE}
    with translation.override("en"):
        PasswordResetForm().send_mail(
            PasswordResetView.subject_template_name, PasswordResetView.email_template_name, context, None, user.email
        )
        link = SITE + reverse("password_reset_confirm", kwargs={"uidb64": "MQ", "token": "abc-def"})
    [message] = mail.outbox
    assert message.subject == "Choose a new password — Fall School 2025"
    assert message.body == (
        "Hello,\n"
        "\n"
        "You asked to choose a new password for your account ada@example.org.\n"
        "Open this link (valid for a few days, once only):\n"
        "\n"
        f"{link}\n"
        "\n"
        "If you did not ask for anything, ignore this email: your password does not change.\n"
        "\n"
    )


def test_subject_without_edition_names_the_school_in_english():
    with translation.override("en"):
        message = site_emails.message(["ada@example.org"], "Invitation", "Hello")
    assert message.subject == "Invitation — Fall School"
    with translation.override("fr"):
        message = site_emails.message(["ada@example.org"], "Invitation", "Bonjour")
    assert message.subject == "Invitation — École d'automne"


def test_invitation_email_in_english():
    user = make_user("ada@example.org", language="en", first_name="Ada")
    with translation.override("en"):
        invitations.send_invitation(user, TEACHING_TEAM)
    [message] = mail.outbox
    assert message.subject == "Invitation — Fall School"
    lines = message.body.split("\n")
    assert lines[:5] == [
        "Hello Ada,",
        "",
        "An account has been created for you on the Fall School’s site, with the role “Teaching team”.",
        "",
        "To choose your password, open this link (valid for 7 days, once only):",
    ]
    assert lines[7:] == [
        "",
        "You will then sign in with your email, ada@example.org.",
        "",
        "If you were not expecting this email, ignore it: the account will remain without a password.",
        "",
        "",
    ]
