"""« Dessinez vos idées »: drawings made on the canvas and photos of paper sketches.

Every image is checked, cleaned of its metadata and kept within the account's quota by
cahier/images.py, and served only through an authenticated view.
"""

import base64
import binascii

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from cahier import writers
from cahier.forms import DrawingForm
from cahier.images import MAX_BYTES, TOO_HEAVY, Refused, store
from cahier.models import Drawing, Page
from cahier.notebooks import edition_or_404
from cahier.views import not_a_writer, render_page

DATA_URL_PREFIX = "data:image/png;base64,"


def drawings_page_url(edition):
    """« Dessinez vos idées » in `edition`'s notebook (its overview if that cahier has no such page)."""
    page = Page.objects.of(edition).filter(kind=Page.Kind.DRAWINGS).first()
    return page.get_absolute_url() if page else reverse("cahier:overview", kwargs={"edition": edition.slug})


def refuse(request, edition, message, field="photo"):
    """The drawings page again (400), the caption kept and the message beside the field it concerns."""
    page = Page.objects.of(edition).with_prompts().with_sessions().filter(kind=Page.Kind.DRAWINGS).first()
    if page is None:
        messages.error(request, message)
        return redirect(drawings_page_url(edition))
    refused = {"field": field, "message": message, "caption": request.POST.get("legende", "").replace("\x00", "")}
    return render_page(request, page, refused_drawing=refused, status=400)


@login_required
@require_POST
def add(request, edition):
    edition = edition_or_404(edition)
    refused = writers.refusal(request.user, edition.pk)
    if refused:
        return not_a_writer(request, edition, refused)
    form = DrawingForm(request.POST, request.FILES)
    if not form.is_valid():
        field = "legende" if "legende" in form.errors else "photo"
        return refuse(request, edition, form.first_error(), field)
    caption, upload, data_url = (form.cleaned_data[name] for name in ("legende", "photo", "dessin"))
    try:
        if upload is not None:
            if upload.size > MAX_BYTES:
                raise Refused(TOO_HEAVY)
            raw, source = upload.read(), Drawing.Source.PHOTO
        elif data_url.startswith(DATA_URL_PREFIX):
            try:
                raw = base64.b64decode(data_url[len(DATA_URL_PREFIX) :], validate=True)
            except (binascii.Error, ValueError) as exc:
                raise Refused(_("Le dessin n'a pas pu être lu. Réessayez.")) from exc
            source = Drawing.Source.CANVAS
        else:
            raise Refused(_("Choisissez une photo (JPEG ou PNG) ou dessinez dans le cadre avant d'enregistrer."))
        drawing = store(request.user, raw, caption, source, edition=edition)
    except Refused as refusal:
        return refuse(request, edition, _(str(refusal)))  # images.py's refusals are French: translated here
    messages.success(request, _("Image enregistrée."))
    return redirect(drawings_page_url(edition) + f"#dessin-{drawing.pk}")


def serve(drawing):
    response = FileResponse(drawing.image.open("rb"), content_type=drawing.content_type)
    response["Cache-Control"] = "private, max-age=3600"
    response["Content-Disposition"] = "inline"
    return response


@login_required
@require_safe
def image(request, pk):
    return serve(get_object_or_404(Drawing, pk=pk, user=request.user))


@login_required
@require_POST
def delete(request, pk):
    drawing = get_object_or_404(Drawing.objects.select_related("edition"), pk=pk, user=request.user)
    refused = writers.refusal(request.user, drawing.edition_id)
    if refused:
        return not_a_writer(request, drawing.edition, refused)
    drawing.delete()
    messages.success(request, _("Image supprimée."))
    return redirect(drawings_page_url(drawing.edition))
