"""Bad input stops here, before sessions and views (the rule: automne/clean_input.py).

- A NUL or a lone surrogate in the address, the query string, a form field (name or value), an
  uploaded file's name or a JSON body: 400, with clean_input.BAD_TEXT in French.
- A JSON body nested too deep, not UTF-8, not JSON or not an object: 400 in French. The parsed
  object is kept on the request (request.json_object) for the view.
- A part of the address made only of digits, larger than a database integer holds (2^63 − 1):
  404, the thing it names cannot exist.

Answers are JSON for requests that send or expect JSON (the autosave API), a short page otherwise.
"""

import re

from django.http import JsonResponse
from django.shortcuts import render

from automne import clean_input

NUMBER_SEGMENT = re.compile(r"(?<=/)[0-9]+(?=/|$)")


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


def refusal(request, message, status):
    if wants_json(request):
        return JsonResponse({"error": message}, status=status)
    context = {"message": message, "typed": typed_texts(request) if status == 400 else []}
    return render(request, "bad_input.html", context, status=status)


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


class BadInputMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            clean_input.check_text(request.path, request.path_info)
            if names_a_huge_number(request.path_info):
                return refusal(request, "Cette page n'existe pas.", 404)
            clean_input.check_text(*form_texts(request))
            if request.content_type == "application/json" and request.body:
                request.json_object = clean_input.parse_json_object(request.body)
        except clean_input.BadInput as refused:
            return refusal(request, str(refused), 400)
        return self.get_response(request)
