"""One site address: SITE_URL, read by automne/site.py, is the only source of the host in what leaves
the site (e-mails, PDFs, QR codes, feeds); the request's Host header and ALLOWED_HOSTS never are."""

import datetime
import email
import re
from email import policy
from pathlib import Path

import environ
import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone

from automne import environment, site
from automne.roles import ORGANIZERS_GROUP
from cahier import comments
from cahier.models import Notebook
from inscriptions import invitations
from inscriptions.tests.factories import form_data, make_registration, make_user
from programme import change_notices
from programme.models import ChangeNotice
from programme.tests.factories import make_open_edition

SITE = "https://automne.exemple.ca"
FOREIGN_HOST = "autre.exemple.org"  # a Host header the site answers to, which no link may carry
ROOT = Path(settings.BASE_DIR)


# --- The setting ---------------------------------------------------------------------------------


def read(monkeypatch, value, debug):
    if value is None:
        monkeypatch.delenv("SITE_URL", raising=False)
    else:
        monkeypatch.setenv("SITE_URL", value)
    return environment.site_url(environ.Env(), debug)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("https://automne.enap.ca", "https://automne.enap.ca"),
        ("https://automne.enap.ca/", "https://automne.enap.ca"),
        (" https://Automne.ENAP.ca ", "https://automne.enap.ca"),
        ("http://127.0.0.1:8000", "http://127.0.0.1:8000"),
        ("http://[::1]:8000/", "http://[::1]:8000"),
    ],
)
def test_site_url_is_scheme_and_host_without_a_trailing_slash(monkeypatch, value, expected):
    assert read(monkeypatch, value, debug=False) == expected


def test_site_url_defaults_to_this_machine_only_with_debug(monkeypatch):
    assert read(monkeypatch, None, debug=True) == "http://127.0.0.1:8000"
    with pytest.raises(environment.ConfigurationError) as refused:
        read(monkeypatch, None, debug=False)
    assert str(refused.value) == ("SITE_URL : obligatoire quand DEBUG est faux (exemple : https://automne.enap.ca)")


@pytest.mark.parametrize(
    "value",
    [
        "automne.enap.ca",
        "ftp://automne.enap.ca",
        "HTTPS://automne.enap.ca",
        "https://",
        "https://automne.enap.ca/programme/",
        "https://automne.enap.ca?x=1",
        "https://automne.enap.ca#haut",
        "https://user@automne.enap.ca",
        "https://*.enap.ca",
        "https://.enap.ca",
        "https://automne enap.ca",
        "https://automne.enap.ca//",
    ],
)
def test_a_site_url_that_is_not_an_address_stops_start_up(monkeypatch, value):
    with pytest.raises(environment.ConfigurationError) as refused:
        read(monkeypatch, value, debug=True)
    assert str(refused.value) == (
        f"SITE_URL : « {value.strip()} » n'est pas l'adresse du site, sans chemin (exemple : https://automne.enap.ca)"
    )


def test_absolute_joins_a_path_to_site_url_and_refuses_anything_else(settings):
    settings.SITE_URL = SITE
    assert site.absolute("/mon-programme/") == f"{SITE}/mon-programme/"
    assert site.absolute() == f"{SITE}/"
    for wrong in ["mon-programme/", "//ailleurs.example/", "https://ailleurs.example/", ""]:
        with pytest.raises(ValueError):
            site.absolute(wrong)


# --- Nothing else makes an address -----------------------------------------------------------------

APPS = ["automne", "programme", "inscriptions", "cahier", "remises", "intervenants", "supports", "appreciations"]


def project_files(*suffixes):
    for folder in [*APPS, "templates"]:
        for path in sorted((ROOT / folder).rglob("*")):
            if path.suffix in suffixes and "tests" not in path.parts and "migrations" not in path.parts:
                yield path


def lines_with(pattern, *suffixes):
    found = set()
    for path in project_files(*suffixes):
        for line in path.read_text(encoding="utf-8").splitlines():
            if re.search(pattern, line):
                found.add((str(path.relative_to(ROOT)), line.strip()))
    return found


def test_no_code_builds_an_address_from_the_request():
    assert lines_with(r"build_absolute_uri|get_current_site", ".py", ".html", ".txt") == set()


def test_the_host_header_is_read_only_to_check_redirects_and_to_key_page_caches():
    """Pages keep relative links, so a page kept per host is right; a redirect target is checked against
    the host asked for. Neither writes the host into anything that leaves the site."""
    files = {path for path, line in lines_with(r"get_host\(|request\.scheme", ".py", ".html", ".txt")}
    redirects = {path for path, line in lines_with(r"url_has_allowed_host_and_scheme\(.*get_host\(", ".py")} | {
        path for path, line in lines_with(r"allowed_hosts=\{request\.get_host\(\)\}", ".py")
    }
    assert redirects == {
        "inscriptions/views_checkin.py",
        "programme/views_choices.py",
        "appreciations/views.py",
        "automne/languages.py",
    }
    assert files - redirects == {"programme/caching.py", "programme/fragments.py", "programme/personal.py"}


def test_site_url_is_read_by_automne_site_only_and_allowed_hosts_by_the_settings_only():
    assert {path for path, line in lines_with(r"settings\.SITE_URL|\bSITE_URL =", ".py")} == {
        "automne/settings.py",  # SITE_URL = environment.site_url(…)
        "automne/test_settings.py",
        "automne/site.py",
    }
    assert {path for path, line in lines_with(r"ALLOWED_HOSTS", ".py")} == {
        "automne/environment.py",
        "automne/settings.py",
    }


def email_templates():
    return sorted(
        path for path in project_files(".txt") if "emails" in path.parts or path.name == "password_reset_email.txt"
    )


def test_every_link_in_an_email_template_starts_with_site_url():
    assert len(email_templates()) == 16
    for path in email_templates():
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"protocol|domain|base_url|request\.|https?://", text), path
        assert text.count("{% url ") == text.count("{{ site_url }}{% url "), path


# --- Every e-mail, as a mail client reads it -------------------------------------------------------


def links_of(message):
    """The links of a queued message, read back by Python's e-mail parser: absolute ones, and any path
    standing alone (« /mon-programme/ »), which a mail client cannot open."""
    parsed = email.message_from_bytes(message.message().as_bytes(), policy=policy.default)
    body = parsed.get_body(("plain",)).get_content()
    return re.findall(r"[a-z][a-z0-9+.-]*://\S+", body), re.findall(r"(?:^|[\s(])(/[^\s)]*)", body)


def assert_links_from_site_url(message, count):
    absolute, alone = links_of(message)
    assert alone == []
    assert len(absolute) == count, absolute
    for link in absolute:
        assert link.startswith(f"{SITE}/"), link


@pytest.fixture
def away(settings, client):
    """SITE_URL names one host; the requests come in under another."""
    settings.SITE_URL = SITE
    settings.ALLOWED_HOSTS = [FOREIGN_HOST]
    client.defaults["HTTP_HOST"] = FOREIGN_HOST
    return client


@pytest.mark.django_db
def test_registration_e_mails_link_to_site_url_whatever_the_host_asked(away):
    make_open_edition()
    assert away.post("/inscription/", form_data()).status_code == 302
    away.post("/inscription/", form_data())  # the same address again: its owner is told
    assert [m.subject for m in mail.outbox] == ["Inscription reçue — École de test", "Votre compte — École de test"]
    assert_links_from_site_url(mail.outbox[0], 1)
    assert_links_from_site_url(mail.outbox[1], 2)


@pytest.mark.django_db
def test_password_reset_e_mail_links_to_site_url(away):
    make_user("camille@exemple.ca")
    assert away.post("/mot-de-passe/oublie/", {"email": "camille@exemple.ca"}).status_code == 302
    [message] = mail.outbox
    assert_links_from_site_url(message, 1)
    link = links_of(message)[0][0]
    assert away.get(link.removeprefix(SITE)).status_code == 302  # the token's page, on this site


@pytest.mark.django_db
def test_invitation_change_notice_and_comment_e_mails_link_to_site_url(away):
    edition = make_open_edition()
    admin = make_user("admin@exemple.ca", is_superuser=True, is_staff=True)
    invitations.invite(email="org@exemple.ca", first_name="Org", last_name="A", role=ORGANIZERS_GROUP, by=admin)
    participant = make_registration(edition).user
    ChangeNotice.objects.create(user=participant, edition=edition, session_title="Atelier", detail="Salle B")
    assert change_notices.send_due(timezone.now() + datetime.timedelta(hours=1)) == 1
    Notebook.objects.create(user=participant, edition=edition)
    assert comments.notify(participant, edition)
    assert len(mail.outbox) == 3
    for message in mail.outbox:
        assert_links_from_site_url(message, 1)
    assert links_of(mail.outbox[1])[0] == [f"{SITE}/mon-programme/"]
    assert links_of(mail.outbox[2])[0] == [f"{SITE}/cahier/{edition.slug}/"]
