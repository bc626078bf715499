"""Asking for a page in English, for the tests of the speakers' space, the evaluations and the materials:
the same address under `/en/` (a path reversed while English is in force has it already)."""

import html

from automne import languages


def _english(path):
    return languages.address_in(path, languages.ENGLISH), {}


def get(client, path, **extra):
    path, headers = _english(path)
    return client.get(path, **headers, **extra)


def post(client, path, data=None, **extra):
    path, headers = _english(path)
    return client.post(path, data or {}, **headers, **extra)


def text(response):
    return html.unescape(response.content.decode())
