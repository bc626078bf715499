"""The `servers` tests start two application servers (gunicorn) against one PostgreSQL and one Redis.

They run only when asked for (`pytest -m servers`, as .ci/run does); any other run sets them aside
and says so in one line.
"""

import pytest

SET_ASIDE = pytest.StashKey[int]()


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "servers: starts two gunicorn servers against one PostgreSQL and one Redis (pytest -m servers)"
    )


def asked_for(config):
    expression = config.option.markexpr or ""
    return "servers" in expression and "not servers" not in expression


def pytest_collection_modifyitems(config, items):
    if asked_for(config):
        return
    servers = [item for item in items if item.get_closest_marker("servers")]
    if servers:
        items[:] = [item for item in items if item not in servers]
        config.hook.pytest_deselected(items=servers)
        config.stash[SET_ASIDE] = len(servers)


def pytest_terminal_summary(terminalreporter, config):
    # Under pytest-xdist the workers set them aside; the controller, which prints, knows only that.
    count = config.stash.get(SET_ASIDE, 0)
    if count or (config.pluginmanager.has_plugin("dsession") and not asked_for(config)):
        terminalreporter.write_line(
            f"{count or 'Les'} tests à deux serveurs mis de côté : "
            "lancez-les avec « pytest -m servers » (PostgreSQL et Redis, voir .ci/run)."
        )
