import os

from django.core.wsgi import get_wsgi_application
from django.utils.http import parse_header_parameters

from automne.clean_input import is_utf8_charset

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "automne.settings")

django_application = get_wsgi_application()

# Set aside here, before Django builds the request: a Content-Type naming a codec that is not a text
# encoding (« charset=rot13 », « hex », « base64 ») makes Django's request raise while it is being built,
# as soon as there is a query string to decode, before any middleware, log or error page (audit F6).
# The media type is kept without its parameters, and automne.middleware.BadInputMiddleware refuses the
# request in French.
UNUSABLE_CHARSET = "automne.unusable_charset"


def application(environ, start_response):
    media_type, params = parse_header_parameters(environ.get("CONTENT_TYPE", ""))
    if not is_utf8_charset(params.get("charset")):
        environ[UNUSABLE_CHARSET] = environ["CONTENT_TYPE"]
        environ["CONTENT_TYPE"] = media_type
    return django_application(environ, start_response)
