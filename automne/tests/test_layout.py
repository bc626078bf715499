"""The README's one command runs every app's tests: an app with a tests/ folder is in pytest's testpaths."""

import tomllib
from pathlib import Path

from django.apps import apps
from django.conf import settings

ROOT = Path(settings.BASE_DIR)


def test_every_app_with_tests_is_collected_by_make_test():
    testpaths = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["pytest"]["ini_options"]["testpaths"]
    ours = sorted(
        config.label
        for config in apps.get_app_configs()
        if Path(config.path).parent == ROOT and (Path(config.path) / "tests").is_dir()
    )
    assert sorted(testpaths) == ours
