"""The French pages say exactly what they said before the English interface (issue 24): the text of
every page a visitor, a participant and a teacher reach on the 2025 data, frozen during the week, and
of the organizers' own admin pages, compared with the text recorded before any string was marked for
translation (`data/french_pages.json.gz`).

« Text » is what a person reads or hears: the page's text nodes, and the `title`, `alt`, `aria-label`,
`placeholder` and `value` (of buttons) attributes, with runs of white space collapsed; the language
switch (`.language-switch`), which the French pages gained, is left out. When a French string is changed
on purpose, write the file again with `FRENCH_PAGES_WRITE=1 .venv/bin/pytest automne/tests/test_french_unchanged.py`
and say why in the commit.
"""

import datetime
import gzip
import json
import os
import re
import zoneinfo
from html.parser import HTMLParser
from pathlib import Path

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core.management import call_command

from automne.roles import TEACHING_TEAM
from automne.tests.site_pages import crawl, participant_with_attestation, shared_notebook_with_a_comment
from programme.models import Edition, Occurrence, Room

RECORDED = Path(__file__).parent / "data" / "french_pages.json.gz"
DURING_THE_WEEK = datetime.datetime(2025, 10, 21, 10, 15, tzinfo=zoneinfo.ZoneInfo("America/Toronto"))
READ_ATTRIBUTES = ("title", "alt", "aria-label", "placeholder")
SILENT = {"script", "style", "template"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class ReadText(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []
        self.skipping = []  # the depth of each open element whose text is not read

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in READ_ATTRIBUTES:
            if attrs.get(name) and not self.skipping:
                self.parts.append(f" [{name}={attrs[name]}] ")
        if tag == "input" and attrs.get("type") in ("submit", "button") and attrs.get("value") and not self.skipping:
            self.parts.append(f" [value={attrs['value']}] ")
        if tag in VOID:
            return
        if self.skipping or tag in SILENT or "language-switch" in (attrs.get("class") or "").split():
            self.skipping.append(tag)
        self.parts.append(" ")

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if self.skipping:
            self.skipping.pop()
        self.parts.append(" ")

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def text_of(html):
    reader = ReadText()
    reader.feed(html)
    return re.sub(r"[ \t\r\n]+", " ", "".join(reader.parts)).strip()


def french_pages(client, school, django_user_model):
    """{« who path »: text} of every page reached, as test_html_validity crawls them, at one moment."""
    user, attestation = participant_with_attestation(school)
    pages = {}
    public = crawl(
        client,
        [
            "/",
            "/programme/?kind=etude_de_cas",
            "/intervenants/?q=tremblay",
            attestation.get_absolute_url(),
            "/page-qui-n-existe-pas/",
            "/connexion/",
            "/mot-de-passe/oublie/",
        ],
    )
    pages |= {f"anonyme {path}": html for path, html in public.items()}
    teacher = django_user_model.objects.create_user("prof@exemple.ca", "Enseignement-2025!")
    teacher.groups.add(Group.objects.get(name=TEACHING_TEAM))
    shared_notebook_with_a_comment(school, user, teacher)
    client.force_login(user)
    participant = crawl(client, ["/", "/mon-espace/", "/cahier/", "/mon-espace/mot-de-passe/", "/inscription/"])
    pages |= {f"participant {path}": html for path, html in participant.items()}
    client.force_login(teacher)
    pages |= {f"équipe {path}": html for path, html in crawl(client, ["/cahier/equipe/"]).items()}
    # The attestation's code is drawn at random: the same placeholder in every run.
    pages = {
        name.replace(attestation.code, "CODE"): html.replace(attestation.code, "CODE") for name, html in pages.items()
    }
    return {name: text_of(html) for name, html in sorted(pages.items())}


NUMBER = re.compile(r"(?<=/)[0-9]+(?=/|\.|$)")


def stable_names(pages):
    """The pages named without their database ids, which depend on the database (PostgreSQL's sequences go
    on from test to test): each id becomes its rank among the ids in the same place of addresses of the
    same shape (/salles/171/ and /salles/175/ are /salles/#1/ and /salles/#2/, as 1 and 5 would be)."""
    shapes = {}
    for name in pages:
        shape = NUMBER.sub("#", name)
        for place, number in enumerate(NUMBER.findall(name)):
            shapes.setdefault((shape, place), set()).add(int(number))
    ranks = {key: {n: rank for rank, n in enumerate(sorted(numbers), 1)} for key, numbers in shapes.items()}

    def stable(name):
        shape, places = NUMBER.sub("#", name), iter(range(len(NUMBER.findall(name))))
        return NUMBER.sub(lambda match: f"#{ranks[(shape, next(places))][int(match.group())]}", name)

    return {stable(name): text for name, text in pages.items()}


@pytest.fixture
def frozen_week():
    with time_machine.travel(DURING_THE_WEEK, tick=False):
        yield


def test_the_french_pages_say_what_they_said(db, frozen_week, client, django_user_model, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("load_initial_data", verbosity=0)
    school = Edition.objects.current()
    occurrence = Occurrence.objects.filter(room__isnull=True).first()
    occurrence.room = Room.objects.get(name="Verrière")
    occurrence.save()
    pages = french_pages(client, school, django_user_model)
    assert len(pages) > 80
    if os.environ.get("FRENCH_PAGES_WRITE"):
        RECORDED.parent.mkdir(exist_ok=True)
        RECORDED.write_bytes(gzip.compress(json.dumps(pages, ensure_ascii=False, indent=0).encode(), mtime=0))
    recorded = stable_names(json.loads(gzip.decompress(RECORDED.read_bytes())))
    pages = stable_names(pages)
    assert sorted(pages) == sorted(recorded)
    changed = {name: (recorded[name], text) for name, text in pages.items() if text != recorded[name]}
    for name, (before, after) in changed.items():  # where each page first differs, for whoever reads the failure
        start = next(
            (i for i, (a, b) in enumerate(zip(before, after, strict=False)) if a != b), min(len(before), len(after))
        )
        print(
            f"{name}: …{before[max(0, start - 80) : start + 80]!r} devenu …{after[max(0, start - 80) : start + 80]!r}"
        )
    assert changed == {}


def test_pages_are_named_without_their_database_ids():
    named = stable_names({"a /salles/171/": "x", "a /salles/175/": "y", "a /r/9/v/3/": "z", "a /r/9/v/40/": "w"})
    assert named == {"a /salles/#1/": "x", "a /salles/#2/": "y", "a /r/#1/v/#1/": "z", "a /r/#1/v/#2/": "w"}


def test_the_reader_leaves_out_the_language_switch_and_reads_labels():
    html = (
        '<p>Bonjour <b>Camille</b></p><nav class="language-switch"><a href="/en/">English</a></nav>'
        '<button aria-label="Fermer le menu">×</button><img alt="Logo de l\'ENAP">'
        '<input type="submit" value="Envoyer"><script>var x = "non";</script>'
    )
    assert text_of(html) == "Bonjour Camille [aria-label=Fermer le menu] × [alt=Logo de l'ENAP] [value=Envoyer]"
