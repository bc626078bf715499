"""Every e-mail as a mail client reads it (automne/emails.py): a text and an HTML part, the school in the
subject, a Message-ID on the site's domain, the Date in Montréal time, Auto-Submitted on automatic
mail. Each message is read back by Python's own parser (`policy.default`), as a mail client would."""

import datetime
import email
import re
from email import policy
from html.parser import HTMLParser
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.utils import timezone
from django.utils.html import escape

from automne import emails
from automne.roles import ORGANIZERS_GROUP
from cahier import comments
from cahier.models import Notebook
from inscriptions import announcements, invitations
from inscriptions import emails as registration_emails
from inscriptions.models import Registration
from inscriptions.tests.factories import make_registration, make_user
from programme import change_notices
from programme.models import ChangeNotice
from programme.tests.factories import make_edition

SITE = "https://automne.exemple.ca"
MONTREAL = ZoneInfo("America/Toronto")
WRITTEN = datetime.datetime(2025, 10, 21, 13, 30, tzinfo=MONTREAL)  # daylight time: UTC−4
NAME = "École d'automne 2025"
ROOT = Path(settings.BASE_DIR)


def parse(message):
    return email.message_from_bytes(message.message().as_bytes(), policy=policy.default)


def header(parsed, name):
    """A header as a mail client shows it. Django 5.2 (its compat32 generator) folds a header whose one
    encoded word is too long for the first line right after the colon; Python's parser keeps the space
    that unfolding leaves, which mail clients drop."""
    value = parsed[name]
    return None if value is None else str(value).lstrip()


class Links(HTMLParser):
    def __init__(self, html):
        super().__init__()
        self.hrefs, self.metas, self.lang = [], {}, None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a":
            self.hrefs.append(attrs["href"])
        elif tag == "meta" and "name" in attrs:
            self.metas[attrs["name"]] = attrs["content"]
        elif tag == "html":
            self.lang = attrs.get("lang")


def parts(parsed):
    """(text, html) of a multipart/alternative message, and the content types in order."""
    assert parsed.get_content_type() == "multipart/alternative"
    kinds = [part.get_content_type() for part in parsed.iter_parts()]
    assert kinds == ["text/plain", "text/html"]
    return parsed.get_body(("plain",)).get_content(), parsed.get_body(("html",)).get_content()


def text_links(text):
    return re.findall(r"https?://[^\s»]+?(?=[.,;:!?)]?(?:\s|$))", text)


@pytest.fixture
def every_automatic_email(settings, client):
    """One of each automatic e-mail, written at WRITTEN."""
    settings.SITE_URL = SITE
    with time_machine.travel(WRITTEN, tick=False):
        edition = make_edition(name=NAME, contact_email="automne@enap.ca")
        registration = make_registration(edition, first_name="Zoé", email="zoe@exemple.ca")
        registration_emails.send_confirmation(registration)
        registration_emails.send_confirmed(registration)
        registration_emails.send_promotion(registration)
        registration.state = Registration.State.CANCELLED
        registration_emails.send_left(registration)
        registration.state = Registration.State.WAITING
        registration_emails.send_left(registration)
        registration_emails.send_account_exists(edition, "zoe@exemple.ca")
        admin = make_user("admin@exemple.ca", is_superuser=True, is_staff=True)
        invitations.invite(email="org@exemple.ca", first_name="Org", last_name="A", role=ORGANIZERS_GROUP, by=admin)
        make_user("camille@exemple.ca")
        assert client.post("/mot-de-passe/oublie/", {"email": "camille@exemple.ca"}).status_code == 302
        ChangeNotice.objects.create(user=registration.user, edition=edition, session_title="Atelier", detail="Salle B")
        ChangeNotice.objects.create(user=registration.user, edition=edition, session_title="Table", detail="Annulée")
        assert change_notices.send_due(timezone.now() + datetime.timedelta(hours=1)) == 1
        Notebook.objects.create(user=registration.user, edition=edition)
        assert comments.notify(registration.user, edition)
    return list(mail.outbox)


@pytest.mark.django_db
def test_every_automatic_email_has_both_parts_and_the_headers_clients_expect(every_automatic_email):
    assert [header(parse(m), "Subject") for m in every_automatic_email] == [
        f"Inscription reçue — {NAME}",
        f"Inscription confirmée — {NAME}",
        f"Une place pour vous — {NAME}",
        f"Inscription annulée — {NAME}",
        f"Liste d'attente — {NAME}",
        f"Votre compte — {NAME}",
        f"Invitation — {NAME}",
        f"Choisir un nouveau mot de passe — {NAME}",
        f"Changements dans votre programme — {NAME}",
        f"Nouveau commentaire sur votre cahier — {NAME}",
    ]
    message_ids = set()
    for message in every_automatic_email:
        parsed = parse(message)
        text, html = parts(parsed)
        assert text == message.body
        assert parsed["Auto-Submitted"] == "auto-generated"
        assert parsed["List-Unsubscribe"] is None and parsed["List-Unsubscribe-Post"] is None
        assert re.fullmatch(r"<[^<>@\s]+@automne\.exemple\.ca>", parsed["Message-ID"]), parsed["Message-ID"]
        message_ids.add(parsed["Message-ID"])
        assert parsed["Date"].datetime == WRITTEN
        assert parsed["Date"].datetime.utcoffset() == datetime.timedelta(hours=-4)
        assert parsed["From"].addresses[0].addr_spec == settings.DEFAULT_FROM_EMAIL.split("<")[1].rstrip(">")
        page = Links(html)
        assert page.lang == "fr-CA"
        assert page.metas["color-scheme"] == "light dark"
        assert page.hrefs == text_links(text), header(parsed, "Subject")
        assert all(href.startswith(f"{SITE}/") for href in page.hrefs), page.hrefs
        assert f"<title>{escape(header(parsed, 'Subject'))}</title>" in html
    assert len(message_ids) == len(every_automatic_email)


@pytest.mark.django_db
def test_change_email_signs_with_the_school_in_guillemets_and_lists_the_changes(every_automatic_email):
    [change] = [m for m in every_automatic_email if m.subject.startswith("Changements dans")]
    assert change.body.endswith(f"L'équipe de «\N{NO-BREAK SPACE}{NAME}\N{NO-BREAK SPACE}»\n\n")
    assert "L'équipe de École" not in change.body
    html = parse(change).get_body(("html",)).get_content()
    assert (
        '<ul style="margin:0 0 16px 0;padding:0 0 0 20px;"><li style="margin:0 0 8px 0;">Atelier<br>Salle B</li>'
        '<li style="margin:0 0 8px 0;">Table<br>Annulée</li></ul>'
    ) in html


@pytest.mark.django_db
def test_no_email_template_puts_the_school_name_right_after_de():
    templates = [p for p in ROOT.rglob("*.txt") if "emails" in p.parts and ".venv" not in p.parts]
    assert len(templates) == 15
    for path in templates:
        assert not re.search(r"\bde \{\{ [\w.]*name \}\}", path.read_text(encoding="utf-8")), path


@pytest.mark.django_db
def test_date_is_montreal_standard_time_in_winter(settings):
    settings.SITE_URL = SITE
    winter = datetime.datetime(2026, 1, 15, 9, 0, tzinfo=MONTREAL)
    with time_machine.travel(winter, tick=False):
        parsed = parse(emails.message(["a@exemple.ca"], "Essai", "Bonjour", edition=make_edition(name=NAME)))
    assert parsed["Date"].datetime == winter
    assert parsed["Date"].datetime.utcoffset() == datetime.timedelta(hours=-5)
    assert str(parsed["Date"]) == "Thu, 15 Jan 2026 09:00:00 -0500"


@pytest.mark.django_db
def test_subject_names_the_current_edition_when_the_email_is_about_none(settings):
    make_edition(name="École d'automne 2024", is_current=False)
    assert emails.message(["a@exemple.ca"], "Invitation", "Bonjour").subject == "Invitation — École d'automne"
    make_edition(name=NAME)
    assert emails.message(["a@exemple.ca"], "Invitation", "Bonjour").subject == f"Invitation — {NAME}"


@pytest.mark.django_db
def test_message_id_takes_the_host_of_site_url_without_its_port(settings):
    settings.SITE_URL = "http://127.0.0.1:8000"
    parsed = parse(emails.message(["a@exemple.ca"], "Essai", "Bonjour"))
    assert parsed["Message-ID"].endswith("@127.0.0.1>")


@pytest.mark.django_db
def test_announcement_is_not_automatic_and_offers_one_click_unsubscribe(settings):
    settings.SITE_URL = SITE
    edition = make_edition(name=NAME, contact_email="automne@enap.ca")
    registration = make_registration(edition, first_name="Zoé")
    parsed = parse(announcements.message(registration, "Salle changée", "Rendez-vous à l'auditorium."))
    text, html = parts(parsed)
    assert header(parsed, "Subject") == f"Salle changée — {NAME}"
    assert parsed["Auto-Submitted"] is None  # an organizer wrote it
    unsubscribe = re.fullmatch(r"<(.+)>", header(parsed, "List-Unsubscribe")).group(1)
    assert re.fullmatch(rf"{SITE}/annonces/desabonnement/[\w:-]+/", unsubscribe), unsubscribe
    assert parsed["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert parsed["Reply-To"] == "automne@enap.ca"
    assert Links(html).hrefs == [unsubscribe]
    assert "Ne plus recevoir ces annonces</a>" in html
    assert text.startswith("Bonjour Zoé,\n\nRendez-vous à l'auditorium.\n")


def test_html_part_escapes_the_text_and_links_only_web_addresses():
    text = (
        "Bonjour <b>Zoé</b> & Cie,\n\nVoir https://automne.exemple.ca/programme/. Ou (https://a.exemple/x?a=1&b=2).\n"
        "javascript:alert(1) ftp://x.exemple\n\n\n\n- Un\n  deux\n- Trois"
    )
    assert [str(block) for block in emails.blocks(text)] == [
        '<p style="margin:0 0 16px 0;">Bonjour &lt;b&gt;Zoé&lt;/b&gt; &amp; Cie,</p>',
        '<p style="margin:0 0 16px 0;">Voir <a href="https://automne.exemple.ca/programme/" style="'
        + emails.LINK
        + '">https://automne.exemple.ca/programme/</a>. Ou (<a href="https://a.exemple/x?a=1&amp;b=2" style="'
        + emails.LINK
        + '">https://a.exemple/x?a=1&amp;b=2</a>).<br>javascript:alert(1) ftp://x.exemple</p>',
        '<ul style="margin:0 0 16px 0;padding:0 0 0 20px;"><li style="margin:0 0 8px 0;">Un<br>deux</li>'
        '<li style="margin:0 0 8px 0;">Trois</li></ul>',
    ]


def test_html_part_of_a_long_text_is_built_in_one_pass():
    """Ten thousand characters without a space nor a blank line (an announcement's limit): one paragraph."""
    word = "a@" * 5000
    assert [str(block) for block in emails.blocks(word)] == [f'<p style="margin:0 0 16px 0;">{word}</p>']


# --- One place builds every e-mail ----------------------------------------------------------------

APPS = ["automne", "programme", "inscriptions", "cahier", "remises", "intervenants", "supports", "appreciations"]


def test_every_sender_builds_its_email_in_automne_emails():
    """Nothing but automne/emails.py makes or sends a message; the error e-mails to ADMINS are Django's own."""
    found = set()
    for folder in APPS:
        for path in (ROOT / folder).rglob("*.py"):
            if "tests" in path.parts or "migrations" in path.parts:
                continue
            for line in path.read_text(encoding="utf-8").splitlines():
                if re.search(
                    r"\b(send_mail|send_mass_mail|mail\.mail_admins|EmailMessage|EmailMultiAlternatives)\b", line
                ):
                    found.add(str(path.relative_to(ROOT)))
    assert found == {"automne/emails.py", "automne/error_mail.py", "inscriptions/password_reset.py"}
    password_reset = (ROOT / "inscriptions/password_reset.py").read_text(encoding="utf-8")
    assert (
        "def send_mail(self," in password_reset and "site_emails.send(" in password_reset
    )  # Django's hook, ours inside
