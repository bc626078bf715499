from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from automne import session_user
from automne.french import format_date
from automne.site import absolute
from automne.user_data import export_all
from inscriptions import attendance, attestations, details, password_reset, seats, staff, throttle, timeline
from inscriptions.attestation_pdf import attestation_pdf
from inscriptions.forms import (
    AccountRegistrationForm,
    DeleteAccountForm,
    DetailsForm,
    LoginForm,
    RegistrationForm,
    already_registered_message,
)
from inscriptions.models import Attestation, Registration
from programme import personal
from programme.models import Edition, RegistrationPhase


def register(request, edition=None):
    """Registration for the current edition, or for the edition the address names."""
    edition = Edition.objects.current() if edition is None else get_object_or_404(Edition, slug=edition)
    if edition is None or edition.registration_phase() != RegistrationPhase.OPEN:
        return _closed(request, edition)
    user = request.user if request.user.is_authenticated else None
    if user and staff.is_staff_account(user):
        messages.info(
            request, _("Votre compte est un compte de l'équipe : il ne s'inscrit pas et ne tient aucune place.")
        )
        return redirect(staff.landing_url(user))
    if user and edition.registrations.filter(user=user).exists():
        messages.info(request, _("Vous êtes déjà inscrit·e : voici votre inscription."))
        return redirect("inscriptions:account")
    form_class = AccountRegistrationForm if user else RegistrationForm
    initial = {"first_name": user.first_name, "last_name": user.last_name} if user else None
    form = form_class(request.POST if request.method == "POST" else None, edition=edition, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            registration = form.register(edition, user)
        except seats.AlreadyRegistered:
            if not user:  # the same answer as a new account: the address's owner is told by e-mail
                password_reset.tell_owner(request, form.cleaned_data["email"], edition)
                return redirect("inscriptions:check_email")
            form.add_error(None, already_registered_message())
        except seats.RegistrationClosed:
            return _closed(request, edition)
        else:
            if not user:  # not logged in: the answer, redirect and cookies must not depend on the address
                return redirect("inscriptions:check_email")
            if registration.state == Registration.State.WAITING:
                messages.warning(
                    request,
                    _(
                        "Toutes les places sont prises : vous êtes sur la liste d'attente. "
                        "Nous vous écrirons dès qu'une place se libère."
                    ),
                )
            else:
                messages.success(
                    request, _("Votre inscription est reçue. Un courriel de confirmation vous a été envoyé.")
                )
            return redirect("inscriptions:account")
    return render(
        request,
        "inscriptions/register.html",
        {"form": form, "current": edition, "free_seats": seats.free_seats(edition)},
    )


def _closed(request, edition):
    """Why registration is not possible now; a submission is refused (403) and created nothing."""
    context = {
        "edition": edition,
        "current": edition,
        "open_elsewhere": seats.editions_open_for_registration(besides=edition),
    }
    status = 403 if request.method == "POST" else 200
    return render(request, "inscriptions/closed.html", context, status=status)


def check_email(request):
    """After a registration by someone not logged in, whatever happened: the e-mail says the rest."""
    return render(request, "inscriptions/check_email.html")


def privacy(request):
    return render(request, "inscriptions/privacy.html", {"current": Edition.objects.current()})


@session_user.remember_user
@login_required
@personal.content_etag
def account(request):
    registrations = list(
        seats.with_waiting_position(
            attendance.with_days_present(
                Registration.objects.of(request.user)
                .select_related("edition", "attestation")
                .order_by("-edition__starts_on")
            )
        )
    )
    for registration in registrations:
        # Where the edition is in its time decides what the block says and offers (timeline.py).
        registration.phase = timeline.phase(registration.edition)
        registration.may_cancel = registration.phase == timeline.Phase.BEFORE
        registration.no_attestation = attestations.why_none(registration, registration.days_present)
        registration.whom_to_write = timeline.whom_to_write(registration.edition)
    return render(request, "inscriptions/account.html", {"registrations": registrations})


def _own_registration(request, pk):
    """Only the participant's own registrations exist for them: another's is a 404."""
    return get_object_or_404(Registration.objects.of(request.user).select_related("edition"), pk=pk)


def _locked(request, registration, message):
    """A change the edition's time no longer allows: said in French, nothing saved (403)."""
    context = {"registration": registration, "message": message}
    return render(request, "inscriptions/locked.html", context, status=403)


@login_required
def edit(request, pk):
    registration = _own_registration(request, pk)
    if registration.is_cancelled:
        raise Http404
    locked = timeline.locked_fields(registration)
    if locked == "all":
        return _locked(request, registration, timeline.locked_message(registration))
    form = DetailsForm(
        request.POST if request.method == "POST" else None,
        instance=registration,
        edition=registration.edition,
        locked=locked,
    )
    if request.method == "POST" and form.is_valid():
        try:
            details.change(registration, form.details(), by_participant=True)
        except timeline.Locked as refused:
            return _locked(request, registration, refused.message)
        messages.success(request, _("Vos renseignements sont enregistrés."))
        return redirect("inscriptions:account")
    context = {
        "form": form,
        "registration": registration,
        "locked_message": locked and timeline.locked_message(registration),
    }
    return render(request, "inscriptions/edit.html", context)


@login_required
def cancel(request, pk):
    registration = _own_registration(request, pk)
    if registration.is_cancelled:
        return redirect("inscriptions:account")
    if not timeline.may_cancel(registration):
        return _locked(request, registration, timeline.cannot_cancel_message(registration))
    if request.method == "POST":
        try:
            seats.cancel_own(registration)
        except timeline.Locked as refused:
            return _locked(request, registration, refused.message)
        messages.success(request, _("Votre inscription est annulée. Votre place est libérée pour une autre personne."))
        return redirect("inscriptions:account")
    return render(request, "inscriptions/cancel.html", {"registration": registration})


@login_required
@require_POST
def register_again(request, pk):
    registration = _own_registration(request, pk)
    if not registration.is_cancelled:
        return redirect("inscriptions:account")
    try:
        seats.register_again(registration)
    except seats.RegistrationClosed:
        messages.error(
            request, _("Les inscriptions à « %(edition)s » sont closes.") % {"edition": registration.edition.name}
        )
        return redirect("inscriptions:account")
    if registration.state == Registration.State.WAITING:
        messages.warning(request, _("Toutes les places sont prises : vous êtes sur la liste d'attente."))
    else:
        messages.success(request, _("Vous êtes de nouveau inscrit·e. Un courriel de confirmation vous a été envoyé."))
    return redirect("inscriptions:account")


@login_required
def attestation(request, pk):
    """The attestation's PDF: its record, fixed when first issued (attestations.issue)."""
    registration = _own_registration(request, pk)
    try:
        document = attestations.issue(registration)
    except attestations.Refused as refused:
        return render(request, "inscriptions/no_attestation.html", {"message": refused.message}, status=404)
    if not document.is_valid:
        message = _("Cette attestation a été révoquée le %(date)s.") % {
            "date": format_date(timezone.localtime(document.revoked_at).date())
        }
        return render(request, "inscriptions/no_attestation.html", {"message": message}, status=410)
    document.registration = registration
    pdf = attestation_pdf(document, absolute(document.get_absolute_url()))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="attestation-{document.code}.pdf"'
    return response


def verify(request, code):
    """Anyone with the code: what the attestation says (its record), corrected or revoked, and when."""
    document = get_object_or_404(Attestation.objects.select_related("registration__edition"), code=code)
    return render(
        request,
        "inscriptions/verify.html",
        {"attestation": document, "event": document.registration.edition, "attested": document.attested},
    )


@login_required
def export(request):
    data = export_all(request.user)
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = 'attachment; filename="mes-donnees.json"'
    return response


@login_required
def delete_account(request):
    form = DeleteAccountForm(request.POST if request.method == "POST" else None, user=request.user)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        user.delete()
        messages.success(request, _("Votre compte et toutes vos données ont été supprimés."))
        return redirect("programme:home")
    return render(request, "inscriptions/delete.html", {"form": form})


class LoginView(auth_views.LoginView):
    """Django's login. Its limits are kept by the login backend (for the admin's login too,
    inscriptions/backends.py); this page says clearly, with 429, that a login must wait."""

    form_class = LoginForm
    redirect_authenticated_user = True

    def form_invalid(self, form):
        wait = getattr(self.request, "login_wait", 0)  # set by the backend when a limit refused the try
        if not wait:
            return super().form_invalid(form)
        form.errors.clear()
        form.add_error(
            None,
            _(
                "Trop de tentatives de connexion. Pour protéger ce compte, attendez "
                "%(wait)s avant de réessayer, ou choisissez un nouveau mot de passe."
            )
            % {"wait": throttle.minutes(wait)},
        )
        return self.render_to_response(self.get_context_data(form=form), status=429)

    def get_default_redirect_url(self):
        return staff.landing_url(self.request.user)


@require_POST
def logout_view(request):
    logout(request)
    messages.success(request, _("Vous êtes déconnecté·e."))
    return redirect("programme:home")
