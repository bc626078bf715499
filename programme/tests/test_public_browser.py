"""The public programme in a real Chromium: axe-core clean, no horizontal scroll on a phone,
keyboard reachable with a visible focus, headings in order, one day printed cleanly."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.core.management import call_command

from automne.testing import assert_accessible, horizontal_overflow, save_screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = {
    "home": "/",
    "week": "/programme/",
    "day": "/programme/2025-10-21/",
    "session": "/seances/conflit-de-valeurs-publiques-en-coproduction-et-experimentation-reglementaire/",
    "english-session": "/seances/co-production-and-evaluation/",
    "speakers": "/intervenants/",
    "speaker": "/intervenants/audrey-lesperance/",
    "filtered": "/programme/?kind=nimporte&q=esperance",
    "changes": "/programme/modifications/",
    "now": "/maintenant/",
}

HEADING_LEVELS = "Array.from(document.querySelectorAll('h1,h2,h3,h4,h5,h6')).map(h => Number(h.tagName[1]))"


@pytest.fixture
def live_week(transactional_db, live_server):
    call_command("load_initial_data", verbosity=0)
    return live_server


@pytest.mark.parametrize("name", list(PAGES))
def test_page_is_accessible_and_fits(any_page, live_week, name):
    response = any_page.goto(live_week.url + PAGES[name])
    assert response.status == 200
    assert horizontal_overflow(any_page) == 0
    assert_accessible(any_page)
    levels = any_page.evaluate(HEADING_LEVELS)
    assert levels[0] == 1 and levels.count(1) == 1
    # Never a skipped level going down (h2 → h4).
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:], strict=False)), levels
    save_screenshot(any_page, f"programme-{name}")


def test_parallel_sessions_side_by_side_on_wide_screens_listed_on_phones(phone_page, desktop_page, live_week):
    tops = "Array.from(document.querySelectorAll('.slot--parallel')[0].querySelectorAll('.occurrence')).map(e => Math.round(e.getBoundingClientRect().top))"
    for page in (phone_page, desktop_page):
        page.goto(live_week.url + PAGES["day"])
    phone_tops = phone_page.evaluate(tops)
    desktop_tops = desktop_page.evaluate(tops)
    assert len(phone_tops) == len(desktop_tops) == 3
    assert phone_tops == sorted(phone_tops) and len(set(phone_tops)) == 3  # one under the other
    assert len(set(desktop_tops)) == 1  # side by side


def test_every_link_is_reachable_by_keyboard_with_a_visible_focus(phone_page, live_week):
    phone_page.goto(live_week.url + PAGES["day"])
    links = phone_page.evaluate("document.querySelectorAll('a[href]').length")
    seen = set()
    for _ in range(links + 30):
        phone_page.keyboard.press("Tab")
        focused = phone_page.evaluate(
            """() => {
                const e = document.activeElement;
                const style = getComputedStyle(e);
                const closed = e.tagName === 'SUMMARY' && !e.parentElement.open;
                return {tag: e.tagName, href: e.getAttribute('href'), outline: style.outlineStyle, width: style.outlineWidth, closed};
            }"""
        )
        if focused["closed"]:  # the phone header's « Menu »: a keyboard opens it, then goes on to its links
            phone_page.keyboard.press("Enter")
        if focused["tag"] == "A":
            assert focused["outline"] == "solid" and focused["width"] == "3px", focused
            seen.add(focused["href"])
    all_links = set(
        phone_page.evaluate("Array.from(document.querySelectorAll('a[href]')).map(a => a.getAttribute('href'))")
    )
    assert seen == all_links


def test_a_day_prints_cleanly(desktop_page, live_week):
    desktop_page.goto(live_week.url + PAGES["day"])
    desktop_page.emulate_media(media="print")
    hidden = desktop_page.evaluate(
        "['.site-header', '.site-footer', '.day-nav', '.pager', '.skip-link']"
        ".map(s => getComputedStyle(document.querySelector(s)).display)"
    )
    assert hidden == ["none"] * 5
    assert desktop_page.evaluate("getComputedStyle(document.querySelector('.print-only')).display") == "block"
    # Parallel sessions one under the other on paper, every slot whole on its page.
    assert (
        desktop_page.evaluate("getComputedStyle(document.querySelector('.slot--parallel .slot__list')).display")
        == "block"
    )
    assert desktop_page.evaluate("getComputedStyle(document.querySelector('.slot')).breakInside") == "avoid"
    pdf = desktop_page.pdf(format="Letter")
    assert pdf.startswith(b"%PDF")


def test_programme_is_complete_without_javascript(browser, live_week):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(live_week.url + "/programme/?kind=etude_de_cas")
    assert page.locator(".occurrence").count() == 10
    page.get_by_label("Rechercher").fill("Nicolet")
    page.get_by_role("button", name="Filtrer").click()
    assert page.url.endswith("/programme/?q=Nicolet&kind=etude_de_cas&language=&room=")
    assert (
        page.locator(".occurrence__title").all_inner_texts()
        == ["Transformer les services publics et les territoires par la coproduction et l'innovation sociale"] * 2
    )
    context.close()


def test_now_during_the_event_is_accessible_and_fits(any_page, live_week):
    moment = datetime.datetime(2025, 10, 21, 13, 40, tzinfo=zoneinfo.ZoneInfo("America/Toronto"))
    with time_machine.travel(moment, tick=True):
        any_page.goto(live_week.url + "/maintenant/")
    assert any_page.locator(".occurrence__title").count() == 7  # 3 case studies, the pause, 3 workshops
    assert horizontal_overflow(any_page) == 0
    assert_accessible(any_page)
