import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from inscriptions.models import Attendance, Attestation, Registration, credit_label
from inscriptions.tests.factories import make_registration, make_user
from programme.models import Day
from programme.tests.factories import make_edition

pytestmark = pytest.mark.django_db


def test_registration_second_for_same_email_in_other_case_refused_by_database():
    edition = make_edition()
    make_registration(edition, user=make_user("Camille@Exemple.ca"))
    with pytest.raises(IntegrityError), transaction.atomic():
        make_registration(edition, user=make_user("autre@exemple.ca"), email="camille@EXEMPLE.ca")


def test_registration_same_email_allowed_in_another_edition():
    user = make_user("camille@exemple.ca")
    make_registration(make_edition(), user=user)
    make_registration(make_edition(slug="autre", is_current=False), user=user)
    assert Registration.objects.filter(email="camille@exemple.ca").count() == 2


def test_registration_credit_without_matricule_refused_by_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_registration(make_edition(), kind=Registration.Kind.CREDIT, matricule="")


def test_attendance_twice_same_day_refused_by_database():
    edition = make_edition()
    day = Day.objects.create(edition=edition, date=edition.starts_on)
    registration = make_registration(edition)
    Attendance.objects.create(registration=registration, day=day)
    with pytest.raises(IntegrityError), transaction.atomic():
        Attendance.objects.create(registration=registration, day=day)


def test_attestation_code_is_long_random_and_unique():
    edition = make_edition()
    codes = {Attestation.objects.create(registration=make_registration(edition)).code for _ in range(20)}
    assert len(codes) == 20
    assert all(len(code) == 20 and code.isalnum() for code in codes)


def test_attestation_valid_until_revoked_whatever_the_registration_becomes():
    registration = make_registration(make_edition())
    attestation = Attestation.objects.create(registration=registration)
    assert attestation.is_valid is True
    registration.state = Registration.State.CANCELLED  # refused by seats.cancel; never silently invalid
    assert attestation.is_valid is True
    attestation.revoked_at = timezone.now()
    assert attestation.is_valid is False


def test_credit_label_built_from_edition():
    edition = make_edition(course_code="ENP7009", course_title="Mobilisation des acteurs locaux", course_credits=3)
    assert credit_label(edition) == "Formation créditée — ENP7009 – Mobilisation des acteurs locaux – 3 crédits"
    other = make_edition(slug="x", is_current=False, course_code="ENP9999", course_title="Autre", course_credits=1)
    assert credit_label(other) == "Formation créditée — ENP9999 – Autre – 1 crédit"


def test_holding_a_seat_counts_received_and_confirmed_only():
    edition = make_edition()
    for state in Registration.State.values:
        make_registration(edition, state=state)
    assert sorted(edition.registrations.holding_a_seat().values_list("state", flat=True)) == ["confirmee", "recue"]
