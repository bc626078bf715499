"""Every page the site serves is valid HTML for the Nu HTML Checker (vnu.jar, the W3C validator),
public pages and the pages of a logged-in participant alike: zero errors.

The checker comes from npm (`npm ci --prefix .ci/vnu`, pinned in .ci/vnu/package-lock.json) and runs
with Java. Without it the test is skipped with one line saying how to install it, except under CI,
where it fails.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management import call_command

from automne.roles import TEACHING_TEAM
from automne.tests.site_pages import crawl, participant_with_attestation, shared_notebook_with_a_comment
from inscriptions.tests.factories import make_user
from programme.models import Edition, Occurrence, Room

VNU_JAR = Path(os.environ.get("VNU_JAR", settings.BASE_DIR / ".ci/vnu/node_modules/vnu-jar/build/dist/vnu.jar"))
NO_VNU = (
    "Nu HTML Checker introuvable : « npm ci --prefix .ci/vnu » et Java (« sudo apt-get install default-jre-headless ») "
    "pour valider le HTML."
)


def find_vnu():
    java = shutil.which("java")
    return (java, VNU_JAR) if java and VNU_JAR.is_file() else None


if find_vnu() is None:
    if os.environ.get("CI"):
        pytest.fail(NO_VNU, pytrace=False)
    pytest.skip(NO_VNU, allow_module_level=True)


@pytest.fixture(scope="module")
def vnu():
    return find_vnu()


def validate(vnu, pages, tmp_path):
    """{path: [error messages]} for the pages with errors, from one run of the checker."""
    java, jar = vnu
    files = {}
    for number, (path, html) in enumerate(sorted(pages.items())):
        file = tmp_path / f"page-{number}.html"
        file.write_text(html, encoding="utf-8")
        files[file.name] = path
    result = subprocess.run(
        [
            java,
            "-Xss1024k",
            "-jar",
            str(jar),
            "--format",
            "json",
            "--exit-zero-always",
            *map(str, tmp_path.glob("*.html")),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )
    errors = {}
    for message in json.loads(result.stderr)["messages"]:
        if message["type"] in ("error", "non-document-error"):
            url = message.get("url", "")
            page = files.get(url.rsplit("/", 1)[-1], url)
            errors.setdefault(page, []).append(f"l. {message.get('lastLine')} : {message['message']}")
    return errors


@pytest.fixture
def school(db):
    call_command("load_initial_data", verbosity=0)
    edition = Edition.objects.current()
    # A change for « Dernières modifications » (its <time datetime> was the one error found).
    occurrence = Occurrence.objects.filter(room__isnull=True).first()
    occurrence.room = Room.objects.get(name="Verrière")
    occurrence.save()
    return edition


def test_every_page_is_valid_html(client, school, django_user_model, vnu, tmp_path, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    user, attestation = participant_with_attestation(school)
    public = crawl(
        client,
        [
            "/",
            "/programme/?kind=etude_de_cas&q=esp%C3%A9rance",
            "/programme/?q=%3Cscript%3E&kind=nimporte",
            "/intervenants/?q=tremblay",
            "/mot-de-passe/oublie/",
            "/mot-de-passe/oublie/envoye/",
            "/mot-de-passe/nouveau/termine/",
            attestation.get_absolute_url(),
            "/page-qui-n-existe-pas/",
        ],
    )
    teacher = django_user_model.objects.create_user("prof@exemple.ca", "Enseignement-2025!")
    teacher.groups.add(Group.objects.get(name=TEACHING_TEAM))
    shared_notebook_with_a_comment(school, user, teacher)
    client.force_login(user)
    participant = crawl(client, ["/", "/mon-espace/", "/cahier/", "/mon-espace/mot-de-passe/"])
    client.force_login(teacher)
    team = crawl(client, ["/cahier/equipe/", f"/cahier/equipe/{school.slug}/cahiers.zip"])
    assert len(public) > 60 and len(participant) > 20 and len(team) >= 1
    pages = {f"anonyme {p}": h for p, h in public.items()}
    pages |= {f"participant {p}": h for p, h in participant.items()}
    pages |= {f"équipe {p}": h for p, h in team.items()}
    assert validate(vnu, pages, tmp_path) == {}


def test_checker_finds_the_microseconds_of_a_time_element(vnu, tmp_path):
    html = (
        '<!doctype html><html lang="fr-CA"><head><title>Essai</title></head><body>'
        '<p><time datetime="2025-10-21T13:30:00.123456-04:00">13 h 30</time></p></body></html>'
    )
    errors = validate(vnu, {"essai": html}, tmp_path)
    assert list(errors) == ["essai"]
    assert len(errors["essai"]) == 1
    assert "datetime" in errors["essai"][0]


def admin_pages(client, edition, attestation):
    """Every page drawn by our own admin templates (templates/admin/), as an organizer sees it: the forms
    of the registrations' actions (announcement written, then previewed; a change of state to confirm),
    check-in, attestations, invitations, the programme's lists, planning and rows, the next edition."""
    registration = attestation.registration
    occurrence = Occurrence.objects.filter(session__edition=edition).first()
    day = edition.days.first()
    pages = {}
    for path in [
        "/admin/",
        "/admin/inscriptions/registration/",
        "/admin/inscriptions/registration/presences/",
        f"/admin/inscriptions/registration/presences/{day.pk}/",
        "/admin/inscriptions/attestation/",
        f"/admin/inscriptions/attestation/{attestation.pk}/change/",
        f"/admin/inscriptions/attestation/{attestation.pk}/revoquer/",
        "/admin/equipe/inviter/",
        "/admin/programme/occurrence/?q=atelier",
        "/admin/programme/occurrence/repartition/",
        f"/admin/programme/edition/{edition.pk}/change/",
        f"/admin/programme/session/{occurrence.session_id}/change/",
    ]:
        pages[f"GET {path}"] = client.get(path)
    chosen = {"_selected_action": [registration.pk], "index": 0}
    changelist = "/admin/inscriptions/registration/"
    pages["POST annonce"] = client.post(changelist, {**chosen, "action": "announce_selected"})
    pages["POST annonce, aperçu"] = client.post(
        changelist,
        {**chosen, "action": "announce_selected", "subject": "Rappel", "body": "Bonjour\nÀ lundi.", "preview": "1"},
    )
    pages["POST confirmer"] = client.post(changelist, {**chosen, "action": "confirm_selected"})
    pages["POST édition suivante"] = client.post(
        "/admin/programme/edition/", {"_selected_action": [edition.pk], "index": 0, "action": "prepare_next"}
    )
    assert {name: response.status_code for name, response in pages.items()} == dict.fromkeys(pages, 200)
    return {name: response.content.decode() for name, response in pages.items()}


def test_our_admin_pages_are_valid_html(client, school, vnu, tmp_path):
    _, attestation = participant_with_attestation(school)
    client.force_login(make_user("admin@exemple.ca", is_staff=True, is_superuser=True))
    pages = admin_pages(client, school, attestation)
    assert 'value="Rappel"' in pages["POST annonce, aperçu"]  # the preview's hidden fields
    assert validate(vnu, pages, tmp_path) == {}
