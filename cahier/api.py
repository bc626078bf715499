"""Autosave, in JSON. Every error is a JSON message in French, never a 500 or a login page (a server fault:
503, « réessai automatique », cahier/server_faults.py)."""

from django.contrib.auth.views import redirect_to_login
from django.db.models import Exists, OuterRef
from django.http import JsonResponse
from django.middleware.csrf import get_token
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from automne import clean_input, session_user
from cahier import writers, writing
from cahier.models import Page, Prompt
from cahier.server_faults import answered_in_json

MAX_BODY = 200_000  # bytes: 20 000 characters of any script, JSON-escaped, fit well below.


def _prompt_and_writer_query(pk, user_id):
    registrations = writers.writing_registrations(user_id, edition=OuterRef("page__edition"))
    return Prompt.objects.filter(pk=pk).annotate(may_write=Exists(registrations)).order_by()


# The writing area of a save and whether its writer may write there (cahier/writers.py): the hot path of
# autosave, one query compiled once (each query is a round trip to PostgreSQL's process, which competes
# with the workers for the same cores).
PROMPT_AND_WRITER = session_user.Prepared(
    _prompt_and_writer_query, pk=session_user.SENTINEL_ID, user_id=session_user.SENTINEL_ID - 1
)


def error(message, status, **extra):
    return JsonResponse({"error": message, **extra}, status=status)


def unauthenticated(request):
    referer = request.headers.get("X-Cahier-Page", "/cahier/")
    login = redirect_to_login(referer if referer.startswith(("/cahier/", "/en/cahier/")) else "/cahier/")["Location"]
    return error(
        _("Votre session a expiré. Votre texte est gardé dans ce navigateur : reconnectez-vous pour l'enregistrer."),
        401,
        login_url=login,
    )


def read_json(request):
    """The request's JSON object (checked by automne/clean_input.py: depth, NUL, lone surrogates), or None."""
    if len(request.body) > MAX_BODY:
        return None
    if hasattr(request, "json_object"):  # parsed once by automne.middleware.BadInputMiddleware
        return request.json_object
    try:
        return clean_input.parse_json_object(request.body)
    except clean_input.BadInput:
        return None


def saved_response(answer):
    moment = timezone.localtime(answer.updated_at)
    return JsonResponse(
        {
            "version": answer.version,
            "saved_at": moment.isoformat(),
            "status": writing.saved_label(moment),
            "words": answer.word_count,
        }
    )


@never_cache
@require_http_methods(["POST"])
@answered_in_json
@session_user.remember_user  # the session and account in one prepared query, validated as Django would
def autosave(request, prompt_id):
    if not request.user.is_authenticated:
        return unauthenticated(request)
    prompt, annotations = PROMPT_AND_WRITER.instance_and_annotations(Prompt, pk=prompt_id, user_id=request.user.pk)
    if prompt is None:
        return error(_("Cette zone d'écriture n'existe pas."), 404)
    # When the rule says no, it is asked again for its reason (a refusal's own queries).
    refused = None if annotations == (True,) else writers.refusal_in_page(request.user, prompt.page_id)
    if refused:
        return error(refused, 403, code="ecriture_refusee")
    data = read_json(request)
    if data is None:
        return error(_("Requête illisible : un objet JSON avec « text » et « version » est attendu."), 400)
    text, version = data.get("text"), data.get("version")
    if not isinstance(text, str):
        return error(_("Le champ « text » doit être un texte."), 400)
    if isinstance(version, bool) or not isinstance(version, int) or not 0 <= version <= clean_input.MAX_INT:
        return error(_("Le champ « version » doit être un entier positif ou nul."), 400)
    text = text.replace("\r\n", "\n")
    try:
        result = writing.save_text(request.user, prompt, text, version)
    except writing.TooLong:
        return error(writing.too_long(), 400, code="trop_long", limit=writing.MAX_ANSWER_LENGTH)
    if result.conflict:
        return error(
            writing.CONFLICT,
            409,
            code="conflit",
            server_text=result.answer.text,
            server_version=result.answer.version,
        )
    if result.answer.pk is None:
        return JsonResponse({"version": 0, "saved_at": None, "status": "", "words": 0})
    return saved_response(result.answer)


@never_cache
@require_http_methods(["POST"])
@answered_in_json
def case_study(request, page_id):
    if not request.user.is_authenticated:
        return unauthenticated(request)
    page = Page.objects.filter(pk=page_id, picks_case_study=True).first()
    if page is None:
        return error(_("Cette page ne propose pas d'étude de cas."), 404)
    refused = writers.refusal(request.user, page.edition_id)
    if refused:
        return error(refused, 403, code="ecriture_refusee")
    data = read_json(request)
    if data is None or not isinstance(data.get("session"), (int, str, type(None))):
        return error(_("Requête illisible : un objet JSON avec « session » est attendu."), 400)
    session = page.choose_case_study(request.user, data.get("session") or "")
    return JsonResponse({"session": session.pk if session else None, "status": writing.saved_label()})


@never_cache
@require_http_methods(["GET"])
def token(request):
    """A fresh CSRF token, after a new login rotated the one in the page."""
    if not request.user.is_authenticated:
        return unauthenticated(request)
    return JsonResponse({"csrf": get_token(request)})
