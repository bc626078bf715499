"""What the inscriptions tests share."""

import pytest
from django.contrib.auth.models import Group

from automne.roles import ORGANIZERS_GROUP
from inscriptions.tests.factories import make_user


@pytest.fixture
def organizer(client):
    """An organizer, logged in with `client`."""
    user = make_user("organisatrice@enap.ca", is_staff=True)
    user.groups.add(Group.objects.get(name=ORGANIZERS_GROUP))
    client.force_login(user)
    return user
