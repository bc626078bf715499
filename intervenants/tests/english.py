"""Asking for a page in English, for the tests of the speakers' space, the evaluations and the materials:
under `/en/` once the addresses have their English prefix (i18n_patterns), else through the
Accept-Language header that LocaleMiddleware reads while there is no prefix."""

import html

from django.conf import settings
from django.conf.urls.i18n import is_language_prefix_patterns_used


def _english(path):
    if is_language_prefix_patterns_used(settings.ROOT_URLCONF)[0]:
        return f"/en{path}", {}
    return path, {"HTTP_ACCEPT_LANGUAGE": "en"}


def get(client, path, **extra):
    path, headers = _english(path)
    return client.get(path, **headers, **extra)


def post(client, path, data=None, **extra):
    path, headers = _english(path)
    return client.post(path, data or {}, **headers, **extra)


def text(response):
    return html.unescape(response.content.decode())
