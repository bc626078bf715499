"""save_screenshot tries again when Chromium cannot capture a page (a failure of the camera, seen once in
CI), and never hides any other error."""

import pytest
from playwright.sync_api import Error as PlaywrightError

from automne import testing


class Page:
    viewport_size = {"width": 390}

    def __init__(self, *failures):
        self.failures = list(failures)
        self.shots = 0
        self.frames = 0

    def screenshot(self, path, full_page):
        self.shots += 1
        if self.failures:
            raise self.failures.pop(0)

    def evaluate(self, script):
        self.frames += 1


def test_a_capture_failure_is_tried_again_on_the_next_frame(tmp_path, monkeypatch):
    monkeypatch.setattr(testing, "SCREENSHOTS", tmp_path)
    page = Page(
        PlaywrightError("Page.screenshot: Protocol error (Page.captureScreenshot): Unable to capture screenshot")
    )
    assert testing.save_screenshot(page, "Mon espace") == tmp_path / "mon-espace-390.png"
    assert (page.shots, page.frames) == (2, 1)


def test_three_capture_failures_and_any_other_error_are_raised(tmp_path, monkeypatch):
    monkeypatch.setattr(testing, "SCREENSHOTS", tmp_path)
    camera = PlaywrightError("Unable to capture screenshot")
    page = Page(camera, camera, camera)
    with pytest.raises(PlaywrightError):
        testing.save_screenshot(page, "x")
    assert page.shots == 3
    page = Page(PlaywrightError("Target page, context or browser has been closed"))
    with pytest.raises(PlaywrightError, match="closed"):
        testing.save_screenshot(page, "x")
    assert page.shots == 1
