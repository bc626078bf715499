"""The site's two languages (issue 24): French first, at the addresses it always had, and English under
/en/. The address alone says the language of a page: no cookie or Accept-Language header turns a French
address into English, so every French address answers exactly as before, and a page cached for one
address is the same for everyone.

A person's own language (User.language: the form's language when the account is made, by registration
or invitation; then the language switch) is for what reaches them outside a page: e-mails, above all.
"""

from functools import wraps

from django.conf import settings
from django.contrib.auth import get_user_model
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme

FRENCH = settings.LANGUAGE_CODE  # "fr-ca"
ENGLISH = "en"
LANGUAGES = dict(settings.LANGUAGES)
PREFIX = {FRENCH: "", ENGLISH: "/en"}
# The `lang` attribute and hreflang of each language (BCP 47, as the pages have always said it).
TAG = {FRENCH: "fr-CA", ENGLISH: "en"}


def of_address(path):
    """The language of a page from its address: English under /en/, French everywhere else."""
    return ENGLISH if path == "/en" or path.startswith("/en/") else FRENCH


def known(language):
    """`language` if the site has it, else French (an unknown value from an address, a form or a cookie)."""
    return language if language in LANGUAGES else FRENCH


def current():
    return known(translation.get_language())


def address_in(path, language):
    """The same page in `language`: "/programme/" ⇄ "/en/programme/"; the addresses are the same words
    in both languages, only the prefix changes. Linear in the length of the path."""
    if of_address(path) == ENGLISH:
        path = path[len("/en") :] or "/"
    return PREFIX[known(language)] + path


def safe_next(request, target, language):
    """The local address `target` in `language`, or that language's home page: never another site."""
    if (
        not target
        or not target.startswith("/")
        or not url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        target = "/"
    return address_in(target, language)


def of_person(user):
    """The language a person reads: their account's, else French."""
    return known(getattr(user, "language", None) or FRENCH)


class LanguageFromAddressMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware, with the language taken from the address alone (of_address), and first
    in the chain: the cached pages served before the views (programme/caching.py, programme/personal.py)
    and everything after them know the page's language. An unknown prefix (/de/…) is simply an address
    the site does not have: a French 404."""

    def process_request(self, request):
        translation.activate(of_address(request.path_info))
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request, response):
        """The page's language in Content-Language, and no `Vary: Accept-Language` (LocaleMiddleware adds
        it to unprefixed addresses): the header changes nothing here, and a cache that varied on it would
        keep a copy of each French page per browser language. Nothing else of LocaleMiddleware's answer
        applies (its redirects are for a prefixed default language)."""
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        return response


def remember(user, language):
    """The language switch's change of an account's language (an account gets its first one where it is
    made: inscriptions/seats.py, inscriptions/invitations.py)."""
    language = known(language)
    if user.language != language:
        user.language = language
        get_user_model().objects.filter(pk=user.pk).update(language=language)


def cache_key(key, key_prefix, version):
    """The key of what the programme's caches keep (settings.CACHES "pages" and "programme"): rendered
    pages, cards and exports, one per language. The language in force is the page's (the middleware
    sets it first), so a French page never serves an English one's pieces."""
    return f"{key_prefix}:{version}:{current()}:{key}"


def of_recipient(person):
    """The language to write to `person` in: an account (its language), an address (its account's, if any),
    else the language in force (a message to an address without an account answers the page it came from)."""
    if isinstance(person, str):
        from inscriptions.identity import normalize_email

        found = get_user_model().objects.filter(email=normalize_email(person)).values_list("language", flat=True)
        return known(found[0]) if found else current()
    return of_person(person) if person is not None else current()


def speaking_to(person):
    """`with speaking_to(user):` what is rendered inside, e-mail text, subject and links (/en/…), is in
    the person's language."""
    return translation.override(of_recipient(person))


def writes_to(recipient_of):
    """Decorates a function that writes to one person: it runs in that person's language.
    `recipient_of(*args, **kwargs)` names the person (an account or an address) from the arguments."""

    def decorate(function):
        @wraps(function)
        def written(*args, **kwargs):
            with speaking_to(recipient_of(*args, **kwargs)):
                return function(*args, **kwargs)

        return written

    return decorate
