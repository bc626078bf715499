import pytest

from programme.models import Day, Occurrence, Session, Speaker
from programme.tests.factories import grow_programme, make_programme


@pytest.mark.django_db
def test_grow_programme_multiplies_days_sessions_and_speakers():
    edition = make_programme()
    before = (Day.objects.count(), Occurrence.objects.count(), Session.objects.count(), Speaker.objects.count())
    grow_programme(edition, times=10)
    after = (Day.objects.count(), Occurrence.objects.count(), Session.objects.count(), Speaker.objects.count())
    assert after == tuple(10 * n for n in before)
