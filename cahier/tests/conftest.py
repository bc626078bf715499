import datetime

import pytest
from django.conf import settings
from django.core.management import call_command

from automne.next_edition import prepare_edition
from inscriptions.models import User
from programme.models import Edition


@pytest.fixture
def cahier_structure(db):
    """The printed cahier, as loaded by load_initial_data (after the programme its themes link to)."""
    for name in ("programme.json", "cahier.json"):
        call_command("loaddata", str(settings.BASE_DIR / "fixtures" / name), verbosity=0)


@pytest.fixture
def edition_2025(cahier_structure):
    return Edition.objects.get(slug="ecole-automne-2025")


@pytest.fixture
def edition_2026(edition_2025):
    """The next edition, prepared from 2025 in one step: its cahier a word-for-word copy; not yet current."""
    return prepare_edition(
        "ecole-automne-2025", "ecole-automne-2026", datetime.date(2026, 10, 19), datetime.date(2026, 10, 23)
    )


@pytest.fixture
def participant(db):
    return User.objects.create_user("camille@example.org", "un mot de passe solide", first_name="Camille")


@pytest.fixture
def other(db):
    return User.objects.create_user("dominique@example.org", "un autre mot de passe", first_name="Dominique")


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def register(user, edition, **fields):
    """A registration of `user` to `edition`: what lets them write in its cahier (cahier/writers.py)."""
    from inscriptions.tests.factories import make_registration

    return make_registration(edition, user=user, **fields)


@pytest.fixture
def writer(client, participant, cahier_structure):
    """The participant, registered to 2025, logged in with `client`."""
    register(participant, Edition.objects.get(slug="ecole-automne-2025"))
    client.force_login(participant)
    return client
