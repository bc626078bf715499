"""The deployment files agree with the settings they serve."""

import re

from django.conf import settings

from cahier import drawings

NGINX = settings.BASE_DIR / "deploy" / "nginx" / "automne.conf"
SYSTEMD = settings.BASE_DIR / "deploy" / "systemd"
UNITS = {"m": 1024 * 1024, "k": 1024}


def nginx_body_limit():
    size, unit = re.search(r"^\s*client_max_body_size (\d+)([km]);$", NGINX.read_text(), re.M).groups()
    return int(size) * UNITS[unit]


def test_largest_drawing_fits_every_request_limit():
    as_form_field = len(drawings.DATA_URL_PREFIX) + 4 * -(-drawings.MAX_BYTES // 3)  # base64
    assert as_form_field <= settings.DATA_UPLOAD_MAX_MEMORY_SIZE < nginx_body_limit()
    assert drawings.MAX_BYTES <= settings.FILE_UPLOAD_MAX_MEMORY_SIZE < nginx_body_limit()


def test_nginx_limit_is_the_documented_eight_mebibytes():
    assert nginx_body_limit() == 8 * 1024 * 1024


def test_nginx_appends_the_client_address_as_proxy_count_1_expects():
    text = NGINX.read_text()
    assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;" in text
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in text


def test_systemd_units_run_commands_that_exist():
    """Every `manage.py <command>` of the units is a command of this project."""
    from django.core.management import get_commands

    commands = {
        match for unit in SYSTEMD.glob("*.service") for match in re.findall(r"manage\.py (\w+)", unit.read_text())
    }
    assert commands == {"send_mail_queue", "clearsessions", "apply_retention", "backup", "send_hand_in_reminders"}
    assert commands - set(get_commands()) == set()


def test_every_service_of_a_timer_exists():
    timers = sorted(path.stem for path in SYSTEMD.glob("*.timer"))
    assert timers == ["automne-backup", "automne-clearsessions", "automne-reminders", "automne-retention"]
    assert all((SYSTEMD / f"{name}.service").exists() for name in timers)
