"""The speakers' space (« Mon espace d'intervenant·e »): their sessions, their profile, their sessions'
materials. Thin: who speaks in what is intervenants/accounts.py, the profile profiles.py and
photos.py, the materials supports/materials.py. And the speakers' photos, public."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from intervenants import accounts, photos, profiles, space
from intervenants.models import SpeakerAccount, SpeakerPhoto
from supports import materials
from supports.models import Material, Visibility
from supports.sizes import format_size

NOT_A_SPEAKER = gettext_lazy(
    "Cet espace est celui des intervenant·e·s du programme : les organisateurs y invitent chaque personne "
    "qui intervient dans une séance."
)
NOT_YOURS = gettext_lazy("Ce profil n'est pas le vôtre.")
NOT_ADDED_BY_YOU = gettext_lazy(
    "Vous retirez les supports que vous avez ajoutés ; pour un autre, écrivez aux organisateurs."
)


def _refused(request, message, status=403):
    return render(request, "refused.html", {"message": message}, status=status)


def _private(response):
    response["Cache-Control"] = "private, no-cache"
    return response


def _own_speaker(user, pk):
    """The person of the programme `pk`, if this account speaks for them; else None."""
    link = SpeakerAccount.objects.filter(user=user, speaker_id=pk).select_related("speaker__edition").first()
    return link.speaker if link else None


@login_required
@require_safe
def space_page(request):
    if not accounts.is_speaker(request.user):
        return _refused(request, NOT_A_SPEAKER)
    moment = timezone.now()
    context = {"people": space.people_of(request.user, moment), "moment": moment}
    return _private(render(request, "intervenants/space.html", context))


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def profile(request, pk):
    speaker = _own_speaker(request.user, pk)
    if speaker is None:
        return _refused(request, NOT_YOURS) if SpeakerAccount.objects.filter(speaker_id=pk).exists() else _not_found()
    values = {"bio": speaker.bio, "organisation": speaker.organisation}
    errors = {}
    if request.method == "POST":
        values = {"bio": request.POST.get("bio", ""), "organisation": request.POST.get("organisation", "")}
        try:
            profiles.update(speaker, **values)
        except profiles.Refused as refusal:
            errors = refusal.errors
        else:
            messages.success(request, _("Votre profil est enregistré : il paraît sur votre page d'intervenant·e."))
            return redirect("intervenants:space")
    return _profile_page(request, speaker, values, errors)


def _profile_page(request, speaker, values, errors):
    context = {
        "speaker": speaker,
        "edition": speaker.edition,
        "values": values,
        "errors": errors,
        "photo": SpeakerPhoto.objects.filter(speaker=speaker).first(),
        "bio_max": profiles.BIO_MAX_LENGTH,
        "organisation_max": profiles.ORGANISATION_MAX_LENGTH,
    }
    return _private(render(request, "intervenants/profile.html", context, status=400 if errors else 200))


def _not_found():
    raise Http404("Cette personne n'existe pas.")


@login_required
@require_POST
def photo(request, pk):
    speaker = _own_speaker(request.user, pk)
    if speaker is None:
        return _refused(request, NOT_YOURS) if SpeakerAccount.objects.filter(speaker_id=pk).exists() else _not_found()
    if request.POST.get("retirer"):
        photos.remove(speaker)
        messages.success(request, _("Votre photo est retirée."))
        return redirect("intervenants:profile", pk=speaker.pk)
    upload = request.FILES.get("photo")
    try:
        if upload is None:
            raise photos.Refused(photos.NO_PHOTO)
        if upload.size > photos.MAX_BYTES:
            raise photos.Refused(photos.TOO_HEAVY)
        photos.replace(speaker, upload.read())
    except photos.Refused as refusal:
        values = {"bio": speaker.bio, "organisation": speaker.organisation}
        return _profile_page(request, speaker, values, {"photo": str(refusal)})
    messages.success(request, _("Votre photo est enregistrée, sans ses métadonnées (lieu, appareil, date)."))
    return redirect("intervenants:profile", pk=speaker.pk)


@require_safe
def photo_image(request, pk, digest):
    """A speaker's photo: public, and never changing at its address (a new photo has a new one)."""
    found = SpeakerPhoto.objects.filter(pk=pk, digest=digest).first()
    if found is None:
        raise Http404("Cette photo n'existe pas.")
    etag = f'"{found.digest}"'
    response = get_conditional_response(request, etag=etag)
    if response is None:
        with found.image.open("rb") as stored:
            response = HttpResponse(stored.read(), content_type="image/jpeg")
    response["ETag"] = etag
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def add_material(request, session):
    """A file or a link for one of the speaker's own sessions."""
    try:
        found = accounts.own_session(request.user, session)
    except accounts.Refused as refusal:
        return _refused(request, refusal.message)
    values = {"title": "", "visibility": Visibility.PARTICIPANTS, "url": ""}
    error = None
    if request.method == "POST":
        values = {name: request.POST.get(name, "") for name in ("title", "visibility", "url")}
        try:
            materials.add(
                found,
                title=values["title"],
                visibility=values["visibility"],
                upload=request.FILES.get("file"),
                url=values["url"],
                by=request.user,
            )
        except materials.Refused as refusal:
            error = refusal
        else:
            messages.success(request, _("« %(title)s » est ajouté à la séance.") % {"title": values["title"].strip()})
            return redirect("intervenants:space")
    context = {
        "session": found,
        "edition": found.edition,
        "values": values,
        "error": error,
        "visibilities": Visibility.choices,
        "max_bytes": format_size(settings.SUPPORTS_FILE_MAX_BYTES),
    }
    return _private(render(request, "intervenants/add_material.html", context, status=400 if error else 200))


@login_required
@require_POST
def remove_material(request, pk):
    material = Material.objects.select_related("session").filter(pk=pk).first()
    if material is None:
        raise Http404("Ce support n'existe pas.")
    try:
        accounts.own_session(request.user, material.session_id)
    except accounts.Refused as refusal:
        return _refused(request, refusal.message)
    if material.added_by_id != request.user.pk:
        return _refused(request, NOT_ADDED_BY_YOU)
    materials.remove(material)
    messages.success(request, _("« %(title)s » est retiré.") % {"title": material.title})
    return redirect("intervenants:space")
