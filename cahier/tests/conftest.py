import pytest
from django.conf import settings
from django.core.management import call_command

from inscriptions.models import User


@pytest.fixture
def cahier_structure(db):
    """The printed cahier, as loaded by load_initial_data (after the programme its themes link to)."""
    for name in ("programme.json", "cahier.json"):
        call_command("loaddata", str(settings.BASE_DIR / "fixtures" / name), verbosity=0)


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


@pytest.fixture
def writer(client, participant, cahier_structure):
    client.force_login(participant)
    return client
