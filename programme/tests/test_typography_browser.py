"""What organizers typed, typeset, in a real Chromium at 390 and 1280 px: a colon or a question mark never
starts a line alone (the finding: « objectifs suivants : » wrapped its colon at 1280 px), the pages stay
axe-core clean without sideways scroll, and the screenshots are kept to look at."""

import pytest
from django.core.management import call_command

from automne.testing import assert_accessible, horizontal_overflow, save_screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SESSION = "/seances/lexperimentation-reglementaire-un-levier-dinnovation-pour-les-municipalites/"
# Each page and words on it whose mark must stay on the line of the word before it.
PAGES = {
    "home": ("/", "suivants\xa0:"),
    "week": ("/programme/", "réglementaire\xa0:"),
    "session": (SESSION, "d'innovation\xa0?"),
}
# The line boxes a piece of text takes: one when its words cannot be split by a line break.
LINES = """(words) => {
  const walker = document.createTreeWalker(document.querySelector("main"), NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const at = node.data.indexOf(words);
    if (at < 0) continue;
    const range = document.createRange();
    range.setStart(node, at);
    range.setEnd(node, at + words.length);
    return new Set([...range.getClientRects()].map((rect) => Math.round(rect.top))).size;
  }
  return 0;
}"""


@pytest.fixture
def live_week(transactional_db, live_server):
    call_command("load_initial_data", verbosity=0)
    return live_server


@pytest.mark.parametrize("name", list(PAGES))
def test_marks_stay_with_their_word_and_pages_stay_clean(any_page, live_week, name):
    path, words = PAGES[name]
    assert any_page.goto(live_week.url + path).status == 200
    assert any_page.evaluate(LINES, words) == 1
    assert horizontal_overflow(any_page) == 0
    assert_accessible(any_page)
    save_screenshot(any_page, f"typographie-{name}")
