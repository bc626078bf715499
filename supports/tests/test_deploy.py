"""nginx lets a material of the largest size through at its two upload addresses only."""

import re

from django.conf import settings
from django.urls import reverse

from automne.tests.test_deploy import NGINX, UNITS, nginx_body_limit


def upload_location():
    text = NGINX.read_text()
    pattern, size, unit = re.search(r"location ~ (\^/\S+\$) \{\n\s*client_max_body_size (\d+)([km]);", text).groups()
    return re.compile(pattern), int(size) * UNITS[unit]


def test_the_largest_material_fits_at_the_upload_addresses_and_nowhere_else():
    pattern, limit = upload_location()
    assert limit >= settings.SUPPORTS_FILE_MAX_BYTES + 1024 * 1024  # the file and the form's other fields
    assert nginx_body_limit() == 8 * 1024 * 1024  # everywhere else
    for address in (
        reverse("intervenants:add_material", kwargs={"session": 12}),
        reverse("admin:supports_material_add"),
        reverse("admin:supports_material_change", args=[34]),
    ):
        assert pattern.match(address), address
    for address in ("/cahier/dessins/ajouter/", "/inscription/", "/admin/supports/material/", "/espace-intervenant/"):
        assert not pattern.match(address), address
