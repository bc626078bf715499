"""Every e-mail the site writes to a person is built here, as mail clients expect it.

Each sender renders its own plain-text template and calls `message()` (or `send()`): the text is the
first part, and the same words laid out by the one HTML template (templates/emails/message.html:
styled inline, readable in the light and the dark colour scheme) are the second. The headers are set
here once, so that a message queued now and delivered later (automne/mail_queue.py keeps the whole
message) is the same message:

- the subject names the school (the edition's name, or the current edition's when the e-mail is
  about none, as « Sujet — École d'automne 2025 »);
- `Message-ID` on the site's own domain (SITE_URL, automne/site.py), never the machine's name;
- `Date` when the message was written, in Montréal time (TIME_ZONE);
- `Auto-Submitted: auto-generated` on every automatic e-mail (RFC 3834), so that vacation
  responders stay quiet; an announcement, written by an organizer, is not automatic;
- `List-Unsubscribe` and `List-Unsubscribe-Post` (RFC 8058 one-click) when the sender gives an
  unsubscribe address (announcements: inscriptions/unsubscribe.py).

The error e-mails to ADMINS (automne/error_mail.py) are Django's own, plain text, for developers.
"""

from email.utils import format_datetime, make_msgid
from urllib.parse import urlsplit

from django.core import mail
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from automne import languages
from automne.site import absolute

SCHOOL = gettext_lazy("École d'automne")  # when no edition exists yet
LINK_ENDINGS = ".,;:!?)»"
LINK_OPENINGS = "(«"


def school_name(edition=None):
    """The name a subject carries: the edition's, else the current edition's, else the school's."""
    if edition is None:
        from programme.models import Edition

        edition = Edition.objects.current()
    return edition.name if edition is not None else SCHOOL


def site_domain():
    """The host of SITE_URL without its port: the right-hand side of every Message-ID."""
    return urlsplit(absolute("/")).hostname


def headers(*, automatic=True, unsubscribe_url=None, now=None):
    written = timezone.localtime(now or timezone.now())
    values = {"Message-ID": make_msgid(domain=site_domain()), "Date": format_datetime(written)}
    if automatic:
        values["Auto-Submitted"] = "auto-generated"
    if unsubscribe_url:
        values["List-Unsubscribe"] = f"<{unsubscribe_url}>"
        values["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    return values


def message(to, topic, text, *, edition=None, automatic=True, unsubscribe_url=None, reply_to=None):
    """The e-mail (text and HTML parts, headers) to the addresses `to`, about `topic`; `text` is the
    rendered plain-text template."""
    school = school_name(edition)
    subject = _("%(topic)s — %(school)s") % {"topic": topic, "school": school}
    email = mail.EmailMultiAlternatives(
        subject,
        text,
        None,
        list(to),
        reply_to=reply_to,
        # The language it is written in, kept with the message in the queue (issue 24).
        headers={
            **headers(automatic=automatic, unsubscribe_url=unsubscribe_url),
            "Content-Language": languages.TAG[languages.current()],
        },
    )
    email.attach_alternative(html(text, subject=subject, school=school, unsubscribe_url=unsubscribe_url), "text/html")
    return email


def send(to, topic, text, **options):
    """Builds the e-mail and queues it (settings.EMAIL_BACKEND, the mail queue)."""
    email = message(to, topic, text, **options)
    email.send()
    return email


def send_all(messages):
    """Queues messages built by `message()` through one connection; returns how many."""
    messages = list(messages)
    with mail.get_connection() as connection:
        connection.send_messages(messages)
    return len(messages)


def html(text, *, subject, school, unsubscribe_url=None):
    """The HTML part: the text's words in the one e-mail layout."""
    context = {"subject": subject, "school": school, "blocks": blocks(text), "unsubscribe_url": unsubscribe_url}
    return render_to_string("emails/message.html", context)


def blocks(text):
    """The text's paragraphs (separated by a blank line) as HTML: a paragraph whose lines start with
    « - » is a list (an indented line continues the item); other line breaks are kept; web addresses
    become links. Linear in the text's length (no regular expression on it)."""
    grouped = []  # (is a list, lines); the items of a list may be separated by blank lines
    for paragraph in text.replace("\r\n", "\n").strip().split("\n\n"):
        lines = [line.rstrip() for line in paragraph.strip("\n").split("\n")]
        if not any(lines):
            continue
        is_list = lines[0].startswith("- ")
        if is_list and grouped and grouped[-1][0]:
            grouped[-1][1].extend(lines)
        else:
            grouped.append((is_list, lines))
    return [
        _list(lines) if is_list else format_html('<p style="{}">{}</p>', PARAGRAPH, _lines(lines))
        for is_list, lines in grouped
    ]


PARAGRAPH = "margin:0 0 16px 0;"


def _list(lines):
    items, current = [], None
    for line in lines:
        if line.startswith("- "):
            current = [line[2:]]
            items.append(current)
        elif current is not None:
            current.append(line.strip())
    inner = mark_safe("".join(format_html('<li style="margin:0 0 8px 0;">{}</li>', _lines(item)) for item in items))
    return format_html('<ul style="margin:0 0 16px 0;padding:0 0 0 20px;">{}</ul>', inner)


def _lines(lines):
    return mark_safe("<br>".join(_linked(line) for line in lines))


def _linked(line):
    """The line escaped, its http(s) addresses made links (their trailing punctuation left outside)."""
    words = []
    for word in line.split(" "):
        opening = word[: len(word) - len(word.lstrip(LINK_OPENINGS))]
        if word[len(opening) :].startswith(("https://", "http://")):
            address = word[len(opening) :].rstrip(LINK_ENDINGS)
            ending = word[len(opening) + len(address) :]
            words.append(format_html('{0}<a href="{1}" style="{2}">{1}</a>{3}', opening, address, LINK, ending))
        else:
            words.append(conditional_escape(word))
    return " ".join(words)


LINK = "color:#0b4f8a;text-decoration:underline;word-break:break-all;"
