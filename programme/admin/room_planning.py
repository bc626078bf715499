"""« Répartition des salles » (/admin/programme/occurrence/repartition/): each parallel block of the
current edition with its demand, rooms and capacities; the room of each session changed on the spot,
with the scheduling rules, under the programme's lock, through the one path of every write
(programme/room_planning.py)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext

from automne import clean_input
from programme import clashes, room_planning
from programme.models import Edition, Occurrence


def room_planning_view(model_admin, request):
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    edition = Edition.objects.current()
    if edition is None:
        raise Http404(gettext("Aucune édition courante."))
    rooms = room_planning.rooms_of(edition)
    choices = room_planning.room_choices(rooms)
    failed = None
    if request.method == "POST":
        if not model_admin.has_change_permission(request):
            raise PermissionDenied
        sent = clean_input.parse_id(request.POST.get("occurrence", ""))
        if sent is None:
            raise Http404(gettext("Cette séance n'est pas au programme de l'édition courante."))
        with clashes.locked():
            occurrence = (
                Occurrence.objects.filter(pk=sent, time_slot__day__edition=edition)
                .select_related("session", "time_slot__day", "room")
                .first()
            )
            if occurrence is None:
                raise Http404(gettext("Cette séance n'est pas au programme de l'édition courante."))
            form = room_planning.form_for(occurrence, rooms, choices, data=request.POST)
            saved = room_planning.give_room(form)
        if saved is not None:
            message = gettext("« %(title)s » : %(room)s.") % {"title": saved.session.title, "room": saved.room_label}
            messages.success(request, message)
            return redirect(f"{request.path}#bloc-{saved.time_slot_id}")
        failed = form
    blocks = room_planning.attach_forms(room_planning.blocks(edition), rooms, choices, failed)
    context = {
        **model_admin.admin_site.each_context(request),
        "title": gettext("Répartition des salles"),
        "edition": edition,
        "blocks": blocks,
        "opts": model_admin.model._meta,
    }
    return TemplateResponse(
        request, "admin/programme/room_planning.html", context, status=400 if failed is not None else 200
    )
