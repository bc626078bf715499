"""The pages of the site as people reach them, for the tests that read them all (HTML validity, the
French text kept unchanged): a same-site crawl, and the participant and teacher who see the most."""

from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

from automne import languages
from cahier import comments
from cahier.models import Notebook, Prompt
from cahier.writing import save_text
from inscriptions.models import Attendance, Attestation
from inscriptions.tests.factories import make_registration, make_user

NEVER_FOLLOWED = ("/admin/", "/en/admin/", "/deconnexion/", "/static/", "/media/", "/langue/")
MOST_PAGES = 400


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.found.append(href)


def crawl(client, starts, language=languages.FRENCH):
    """Every HTML page in `language` reachable from `starts` by same-site links (GET only), {path: html}:
    each crawl stays in one language (French, or English under /en/)."""
    pages, queue = {}, list(starts)
    while queue and len(pages) < MOST_PAGES:
        path = queue.pop(0)
        if path in pages or path.startswith(NEVER_FOLLOWED) or languages.of_address(path) != language:
            continue
        response = client.get(path)
        # Error pages are pages too (the 404 of a mistyped address).
        if response.status_code not in (200, 404) or not response["Content-Type"].startswith("text/html"):
            pages.setdefault(path, None)
            continue
        html = response.content.decode()
        pages[path] = html
        parser = Links()
        parser.feed(html)
        for href in parser.found:
            url = urlsplit(urldefrag(href).url)
            if url.scheme or url.netloc or not url.path.startswith("/"):
                continue
            queue.append(url.path + (f"?{url.query}" if url.query else ""))
    return {path: html for path, html in pages.items() if html is not None}


def participant_with_attestation(edition):
    user = make_user("camille@exemple.ca", first_name="Camille")
    registration = make_registration(edition, user, last_name="Tremblay")
    Attendance.objects.create(registration=registration, day=edition.days.first())
    return user, Attestation.objects.create(registration=registration)


def shared_notebook_with_a_comment(edition, user, teacher):
    """The teaching team's loop: two versions of an answer (compared), shared, commented on."""
    prompt = Prompt.objects.filter(page__edition=edition, level__isnull=False).first()
    save_text(user, prompt, "Première version", 0)
    save_text(user, prompt, "Deuxième version", 1)
    Notebook.objects.create(user=user, edition=edition).share()
    comments.add(user, prompt.page, prompt, teacher, "Très juste.")
