"""The English catalogue (locale/en/LC_MESSAGES/django.po) is complete and well formed (issue 24): no
entry left empty or fuzzy, every placeholder of the French kept in the English (msgfmt --check), and the
compiled file the site reads is the catalogue's. .ci/run also checks that makemessages finds nothing new."""

import shutil
import subprocess

import pytest
from django.conf import settings
from django.utils import translation

CATALOGUE = settings.BASE_DIR / "locale" / "en" / "LC_MESSAGES" / "django.po"
COMPILED = CATALOGUE.with_suffix(".mo")

if shutil.which("msgattrib") is None:
    pytest.skip(
        "gettext introuvable : « sudo apt-get install gettext » (make test l'installe).", allow_module_level=True
    )


def entries(*options):
    found = subprocess.run(
        ["msgattrib", "--no-wrap", *options, str(CATALOGUE)], capture_output=True, text=True, check=True
    ).stdout
    return [line for line in found.splitlines() if line.startswith("msgid ") and line != 'msgid ""']


def test_no_entry_is_left_empty_or_fuzzy():
    assert entries("--untranslated") == []
    assert entries("--only-fuzzy") == []
    assert len(entries("--translated")) > 1500


def test_every_placeholder_is_kept_and_the_compiled_catalogue_is_current():
    subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(CATALOGUE)], check=True)
    assert COMPILED.stat().st_mtime >= CATALOGUE.stat().st_mtime, "make locale/en/LC_MESSAGES/django.mo"


def test_the_site_reads_the_catalogue_in_english_only():
    with translation.override("en"):
        assert translation.gettext("Dernières modifications") == "Latest changes"
    with translation.override("fr-ca"):
        assert translation.gettext("Dernières modifications") == "Dernières modifications"


def test_a_bad_catalogue_is_caught(tmp_path):
    """The check above fails on a translation that drops a placeholder."""
    bad = tmp_path / "bad.po"
    bad.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        '#, python-format\nmsgid "Bonjour %(name)s"\nmsgstr "Hello"\n',
        encoding="utf-8",
    )
    result = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(bad)], capture_output=True, text=True)
    assert result.returncode != 0
