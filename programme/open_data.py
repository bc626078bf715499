"""Exports are open data: any site may read them from a browser (CORS)."""

from functools import wraps


def open_data(view):
    """`Access-Control-Allow-Origin: *` on every answer of the view, 200 and 304 alike
    (the exports carry no cookie-dependent content, and no credentials are allowed)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["Access-Control-Allow-Origin"] = "*"
        return response

    return wrapped
