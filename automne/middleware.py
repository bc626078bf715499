"""Bad input stops here, before sessions and views (the rule: automne/clean_input.py).

- A Content-Type naming a charset other than UTF-8 (or ASCII): 400 with clean_input.BAD_CHARSET, before
  anything decodes the query string or the body.
- A NUL or a lone surrogate in the address, the query string, a form field (name or value), an
  uploaded file's name or a JSON body: 400, with clean_input.BAD_TEXT in French.
- A JSON body nested too deep, not UTF-8, not JSON or not an object: 400 in French. The parsed
  object is kept on the request (request.json_object) for the view.
- A body Django will not read (too large, too many fields or files, a multipart body without a valid
  boundary, cut short): 400, saying which (clean_input.reason_for); for a drawing, « dépasse 5 Mo ».
- The admin's selection checkboxes (`_selected_action`) that are not ids: 400 in French.
- An admin search (`q`, or `term` for autocompletion) of more than ADMIN_SEARCH_WORDS words: 400 in
  French. Each word adds a condition on every searched column: 2 000 words made SQLite refuse the query
  (« Expression tree is too large »), a 500.
- A part of the address made only of digits, larger than a database integer holds (2^63 − 1):
  404, the thing it names cannot exist.

Answers are JSON for requests that send or expect JSON (the autosave API), a short page otherwise.
Every check is linear in the size of the request: this runs on every path and method, before the
CSRF check and the login.
"""

import logging
import re

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http import JsonResponse, UnreadablePostError
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.utils import translation
from django.utils.translation import gettext, gettext_noop

from automne import clean_input

NUMBER_SEGMENT = re.compile(r"(?<=/)[0-9]++(?=/|$)")
# What Django raises while reading a request it will not read (SuspiciousOperation covers too many
# fields or files, and a body over DATA_UPLOAD_MAX_MEMORY_SIZE).
UNREADABLE = (SuspiciousOperation, MultiPartParserError, UnreadablePostError)
ADMIN_SELECTION = "_selected_action"  # the admin's checkboxes: one id per row chosen
BAD_SELECTION = gettext_noop("La sélection envoyée n'est pas valide : rechargez la liste, puis réessayez.")
ADMIN_SEARCH_FIELDS = ("q", "term")
ADMIN_SEARCH_WORDS = 20
SEARCH_TOO_LONG = gettext_noop("Recherche trop longue : %(count)s mots au plus.")
ADMIN_SEARCH_TOO_LONG = SEARCH_TOO_LONG % {"count": ADMIN_SEARCH_WORDS}  # in French
# A body too large for an address that takes an image: say it in the words of the image's own limit.
IMAGE_ADDRESSES = {"cahier:drawing_add"}


def names_a_huge_number(path):
    """True if a part of `path` is a number larger than any database integer (the id it names cannot exist)."""
    return any(clean_input.parse_id(number) is None for number in NUMBER_SEGMENT.findall(path))


def wants_json(request):
    return request.content_type == "application/json" or "application/json" in request.headers.get("Accept", "")


FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")
SECRET_FIELDS = ("csrfmiddlewaretoken", "password", "mot_de_passe")


def typed_texts(request):
    """What the person typed in the refused form, without the refused characters, so that nothing is
    lost: [(field, text)], never a password or a token."""
    if request.method != "POST" or request.content_type not in FORMS:
        return []
    return [
        (clean_input.without_bad_characters(name), clean_input.without_bad_characters(value))
        for name, values in request.POST.lists()
        if not any(secret in name for secret in SECRET_FIELDS)
        for value in values
        if value.strip()
    ]


def language_of(request):
    """The language of the address asked for (/en/…: English), French otherwise: this runs before
    django.middleware.locale.LocaleMiddleware has chosen it."""
    return translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE


def refusal(request, message, status, typed=()):
    """The refusal's page (or JSON), `message` (a French msgid, or a sentence already translated)
    in the language of the address asked for."""
    with translation.override(language_of(request)):
        return _refusal(request, gettext(str(message)), status, typed)


def _refusal(request, message, status, typed):
    if wants_json(request):
        return JsonResponse({"error": message}, status=status)
    return render(request, "bad_input.html", {"message": message, "typed": list(typed)}, status=status)


def form_texts(request):
    for name, values in request.GET.lists():
        yield name
        yield from values
    if request.method == "POST" and request.content_type in FORMS:
        for name, values in request.POST.lists():
            yield name
            yield from values
        for name, files in request.FILES.lists():
            yield name
            yield from (upload.name for upload in files)


def unreadable_reason(request, exception):
    """Why Django would not read this request, in French; an image's own limit for a body too large."""
    if isinstance(exception, RequestDataTooBig):
        try:
            name = resolve(request.path_info).view_name
        except Resolver404:
            name = None
        if name in IMAGE_ADDRESSES:
            from cahier.images import TOO_HEAVY

            return gettext(TOO_HEAVY)
    return clean_input.reason_for(exception)


def check_admin_selection(request):
    if request.method != "POST" or request.content_type not in FORMS:
        return
    if clean_input.parse_ids(request.POST.getlist(ADMIN_SELECTION)) is None:
        raise clean_input.BadInput(BAD_SELECTION)


def check_admin_search(request):
    if not any(name in request.GET for name in ADMIN_SEARCH_FIELDS):  # most requests: no search at all
        return
    try:
        admin_root = reverse("admin:index")
    except NoReverseMatch:  # a URLconf without the admin (a test's own)
        return
    if not request.path_info.startswith(admin_root):
        return
    if any(len(request.GET.get(name, "").split()) > ADMIN_SEARCH_WORDS for name in ADMIN_SEARCH_FIELDS):
        with translation.override(language_of(request)):
            raise clean_input.BadInput(gettext(SEARCH_TOO_LONG) % {"count": ADMIN_SEARCH_WORDS})


class BadInputMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        charset = request.content_params.get("charset")
        # Decoding with the charset named is what failed (rot13, base64…): nothing reads the request before
        # its encoding is UTF-8, even the page that refuses it.
        if charset is not None:
            request.encoding = "utf-8"
        if "automne.unusable_charset" in request.META or not clean_input.is_utf8_charset(charset):
            return refusal(request, clean_input.BAD_CHARSET, 400)
        try:
            clean_input.check_text(request.path, request.path_info)
            if names_a_huge_number(request.path_info):
                return refusal(request, gettext_noop("Cette page n'existe pas."), 404)
            clean_input.check_text(*form_texts(request))
            check_admin_selection(request)
            check_admin_search(request)
            if request.content_type == "application/json" and request.body:
                request.json_object = clean_input.parse_json_object(request.body)
        except clean_input.BadInput as refused:
            return refusal(request, str(refused), 400, typed_texts(request))
        except UNREADABLE as unreadable:
            # Logged as Django logs the requests it refuses (django.security.<reason>), then said in French.
            logging.getLogger(f"django.security.{type(unreadable).__name__}").error(
                str(unreadable), exc_info=unreadable, extra={"status_code": 400, "request": request}
            )
            with translation.override(language_of(request)):
                reason = unreadable_reason(request, unreadable)
            return refusal(request, reason, 400)
        return self.get_response(request)
