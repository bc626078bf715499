import pytest

from remises.tests.factories import make_assignment, make_participant, make_teacher


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def assignment(db):
    return make_assignment()


@pytest.fixture
def edition(assignment):
    return assignment.edition


@pytest.fixture
def participant(assignment):
    return make_participant(assignment)


@pytest.fixture
def teacher(assignment):
    return make_teacher(assignment)
