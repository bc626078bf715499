"""The browser tests find Debian's Chromium, or say how to install it."""

import conftest


def test_find_chromium_uses_chromium_path_when_it_exists(monkeypatch, tmp_path):
    browser = tmp_path / "chromium"
    browser.write_text("")
    monkeypatch.setenv("CHROMIUM_PATH", str(browser))
    assert conftest.find_chromium() == str(browser)


def test_find_chromium_is_none_when_nothing_is_installed(monkeypatch):
    monkeypatch.setenv("CHROMIUM_PATH", "/nonexistent/chromium")
    assert conftest.find_chromium() is None


def test_find_chromium_falls_back_to_the_path(monkeypatch, tmp_path):
    browser = tmp_path / "chromium"
    browser.write_text("")
    monkeypatch.delenv("CHROMIUM_PATH", raising=False)
    monkeypatch.setattr(conftest.shutil, "which", lambda name: str(browser) if name == "chromium" else None)
    assert conftest.find_chromium() == str(browser)
