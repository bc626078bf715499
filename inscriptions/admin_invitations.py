"""The admin's « Inviter une personne de l'équipe » page: a superuser invites a teacher, an organizer
or a speaker; an organizer invites another organizer or a speaker, linked to their person of the
programme (intervenants/accounts.py). inscriptions/invitations.py does the work; the role is given by
inscriptions/staff.py, which keeps who gave it and when."""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.text import format_lazy
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from automne.admin_ids import ModelChoiceOfIds
from automne.roles import SPEAKERS
from inscriptions import identity, invitations, staff
from inscriptions.admin_messages import ROLE_LABELS, role_label
from intervenants import accounts
from programme.models import Speaker


class SpeakerChoice(ModelChoiceOfIds):
    def label_from_instance(self, obj):
        return f"{obj.family_name}, {obj.given_name} — {obj.edition.name} {obj.edition.starts_on.year}"


class InvitationForm(forms.Form):
    email = identity.EmailField(label=_("Courriel"), max_length=254)
    first_name = forms.CharField(label=_("Prénom"), max_length=150, validators=[identity.validate_name])
    last_name = forms.CharField(
        label=pgettext_lazy("family name", "Nom"), max_length=150, validators=[identity.validate_name]
    )
    role = forms.ChoiceField(
        label=_("Rôle"),
        choices=[(role, ROLE_LABELS.get(role, role)) for role in staff.INVITABLE_ROLES],
        widget=forms.RadioSelect,
        help_text=_(
            "L'équipe pédagogique lit les cahiers partagés ; les organisateurs gèrent le programme et "
            "les inscriptions ; un·e intervenant·e a son espace (ses séances, ses supports, son profil)."
        ),
    )
    language = forms.ChoiceField(
        label=_("Langue"),
        choices=settings.LANGUAGES,
        initial=settings.LANGUAGE_CODE,
        required=False,  # French when not said (an older form, a script)
        widget=forms.RadioSelect,
        help_text=_("La langue de l'invitation, des courriels et de l'attestation de cette personne."),
    )
    speaker = SpeakerChoice(
        label=_("Personne du programme"),
        queryset=Speaker.objects.filter(account_link__isnull=True)
        .select_related("edition")
        .order_by("-edition__starts_on", "sort_name"),
        required=False,
        help_text=format_lazy(
            _("Pour le rôle « {role} » : la personne, dans le programme d'une édition, pour qui ce compte parlera."),
            role=ROLE_LABELS[SPEAKERS],
        ),
    )

    def __init__(self, *args, inviter, **kwargs):
        super().__init__(*args, **kwargs)
        # Only a superuser makes someone a reader of the shared cahiers (inscriptions/staff.py).
        roles = staff.roles_given_by(inviter)
        self.fields["role"].choices = [(role, role_label(role)) for role in roles]
        if len(roles) == 1:
            self.fields["role"].initial = roles[0]
            self.fields["role"].help_text = gettext(
                "Les organisateurs invitent d'autres organisateurs ; l'équipe pédagogique, qui lit les cahiers "
                "partagés, est invitée par un superutilisateur."
            )

    def clean_first_name(self):
        return self.cleaned_data["first_name"].strip()

    def clean_last_name(self):
        return self.cleaned_data["last_name"].strip()

    def clean(self):
        data = super().clean()
        if data.get("role") == SPEAKERS and not data.get("speaker"):
            self.add_error("speaker", gettext("Choisissez la personne du programme pour qui ce compte parlera."))
        elif data.get("role") not in (None, SPEAKERS) and data.get("speaker"):
            self.add_error(
                "speaker",
                gettext("Seul le rôle « %(role)s » est lié à une personne du programme.")
                % {"role": role_label(SPEAKERS)},
            )
        return data


def invite(request):
    if not staff.may_invite(request.user):
        raise PermissionDenied
    form = InvitationForm(request.POST if request.method == "POST" else None, inviter=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if data["role"] == SPEAKERS:
            return _invite_speaker(request, form, data)
        data.pop("speaker", None)
        try:
            user = invitations.invite(**data, by=request.user)
        except invitations.EmailInUse:
            pending = invitations.resend_if_pending(data["email"])
            if pending:
                messages.info(
                    request,
                    gettext(
                        "Invitation renvoyée à %(email)s : cette personne n'avait pas encore choisi de mot "
                        "de passe. Rien n'a été créé."
                    )
                    % {"email": pending.email},
                )
                return redirect("invite_staff")
            form.add_error("email", invitations.EMAIL_IN_USE)
        else:
            messages.success(
                request,
                gettext("Invitation envoyée à %(email)s (%(role)s).")
                % {"email": user.email, "role": role_label(data["role"])},
            )
            return redirect("invite_staff")
    context = {
        **admin.site.each_context(request),
        "title": gettext("Inviter une personne de l'équipe"),
        "form": form,
        "days": invitations.INVITATION_DAYS,
    }
    return TemplateResponse(request, "admin/inscriptions/invitation.html", context)


def _invite_speaker(request, form, data):
    """A speaker: a new account linked to their person, or their existing speaker's account linked once more."""
    speaker = data["speaker"]
    try:
        user, created = accounts.invite(
            email=data["email"],
            first_name=data["first_name"],
            last_name=data["last_name"],
            speaker=speaker,
            by=request.user,
            language=data["language"],
        )
    except accounts.Refused as refusal:
        form.add_error(refusal.field, refusal.message)
        context = {
            **admin.site.each_context(request),
            "title": gettext("Inviter une personne de l'équipe"),
            "form": form,
            "days": invitations.INVITATION_DAYS,
        }
        return TemplateResponse(request, "admin/inscriptions/invitation.html", context)
    if created:
        messages.success(
            request,
            gettext("Invitation envoyée à %(email)s (%(role)s, %(name)s).")
            % {"email": user.email, "role": role_label(SPEAKERS), "name": speaker.full_name},
        )
    else:
        messages.success(
            request,
            gettext(
                "%(email)s avait déjà un compte d'intervenant·e : il est maintenant lié aussi à "
                "%(name)s (%(edition)s), et la personne en est avertie par courriel."
            )
            % {"email": user.email, "name": speaker.full_name, "edition": speaker.edition.name},
        )
    return redirect("invite_staff")


urlpatterns = [path("inviter/", admin.site.admin_view(invite), name="invite_staff")]
