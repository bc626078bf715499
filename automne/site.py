"""The site's one address in what leaves it: e-mails, PDFs, QR codes and feeds.

Everything that writes a link to be read elsewhere calls `absolute()`; it reads SITE_URL
(automne/environment.py), never the request's Host header nor the hosts the site answers to. Pages keep
relative links. automne/tests/test_site.py checks that nothing else makes an absolute address.
"""

from urllib.parse import urlsplit

from django.conf import settings


def absolute(path="/"):
    """The address of `path` (« /mon-programme/ ») on the site, as SITE_URL spells it."""
    if not path.startswith("/") or path.startswith("//"):
        raise ValueError(f"absolute() takes a path from the site's root, not {path!r}")
    return settings.SITE_URL + path


def scheme_and_host():
    """SITE_URL in two parts (« https », « automne.enap.ca »), for what asks for them apart (sitemaps)."""
    parts = urlsplit(settings.SITE_URL)
    return parts.scheme, parts.netloc
