from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from inscriptions import identity, seats
from inscriptions.models import MATRICULE_REQUIRED, Registration, User, credit_label

DETAIL_FIELDS = [
    "first_name",
    "last_name",
    "organisation",
    "function",
    "sector",
    "kind",
    "matricule",
    "accessibility_needs",
    "dietary_restrictions",
]


class DetailsForm(forms.ModelForm):
    """A participant's details for one edition; the choice of formation is labelled from the edition."""

    class Meta:
        model = Registration
        fields = DETAIL_FIELDS
        widgets = {
            "kind": forms.RadioSelect,
            "sector": forms.Select,
            "accessibility_needs": forms.Textarea(attrs={"rows": 3}),
            "dietary_restrictions": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "matricule": gettext_lazy("Votre numéro d'étudiant·e de l'ENAP. Obligatoire pour la formation créditée."),
            "accessibility_needs": gettext_lazy("Facultatif. Ce qui vous aiderait à participer pleinement."),
            "dietary_restrictions": gettext_lazy("Facultatif. Les dîners sont servis sur place."),
        }

    def __init__(self, *args, edition, locked=(), **kwargs):
        kwargs.setdefault("label_suffix", "")  # labels stand above their fields
        if locked and args and args[0] is not None:
            # A field shown disabled is not sent by the browser: it keeps its value. A value sent for
            # it anyway is compared by details.change, which refuses a change (timeline.Locked).
            data = args[0].copy()
            for name in locked:
                if name not in data:
                    data[name] = getattr(kwargs["instance"], name)
            args = (data, *args[1:])
        super().__init__(*args, **kwargs)
        self.edition = edition
        kinds = [(Registration.Kind.ATTESTATION, Registration.Kind.ATTESTATION.label)]
        if edition.course_code:
            kinds.insert(0, (Registration.Kind.CREDIT, credit_label(edition)))
        self.fields["kind"].choices = kinds
        self.fields["kind"].label = _("Je m'inscris pour")
        self.fields["sector"].choices = [("", _("— Choisir —")), *Registration._meta.get_field("sector").choices]
        autocomplete = {"first_name": "given-name", "last_name": "family-name", "organisation": "organization"}
        for name, value in autocomplete.items():
            self.fields[name].widget.attrs["autocomplete"] = value
        self.fields["function"].widget.attrs["autocomplete"] = "organization-title"
        for name in locked:
            self.fields[name].widget.attrs["disabled"] = True

    # The form's sections, in order; a name missing from a form (e-mail when logged in) is skipped.
    SECTIONS = [
        (gettext_lazy("Vous"), ["first_name", "last_name", "email"]),
        (gettext_lazy("Votre milieu"), ["organisation", "function", "sector"]),
        (None, ["kind", "matricule"]),
        (gettext_lazy("Pour bien vous accueillir"), ["accessibility_needs", "dietary_restrictions"]),
        (gettext_lazy("Votre compte"), ["password1", "password2"]),
    ]

    def sections(self):
        for legend, names in self.SECTIONS:
            fields = [self[name] for name in names if name in self.fields]
            if fields:
                yield legend, fields

    def clean_matricule(self):
        return self.cleaned_data["matricule"].strip()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == Registration.Kind.CREDIT and not cleaned.get("matricule"):
            self.add_error("matricule", MATRICULE_REQUIRED)
        return cleaned

    def details(self):
        return {name: self.cleaned_data[name] for name in DETAIL_FIELDS}


class ConsentMixin(forms.Form):
    consent = forms.BooleanField(
        label=gettext_lazy(
            "J'ai lu l'avis de confidentialité et j'accepte que ces renseignements soient utilisés comme il le décrit."
        ),
        error_messages={"required": gettext_lazy("Votre consentement est nécessaire pour vous inscrire.")},
    )


class AccountRegistrationForm(ConsentMixin, DetailsForm):
    """A registration for someone already logged in: the account exists."""

    def register(self, edition, user):
        return seats.register_existing_account(edition, user, **self.details())


class RegistrationForm(ConsentMixin, DetailsForm):
    """Registration and account in one form, for someone who is not logged in."""

    email = identity.EmailField(
        label=gettext_lazy("Courriel"), max_length=254, help_text=gettext_lazy("Il vous servira à vous connecter.")
    )
    password1 = forms.CharField(
        label=gettext_lazy("Mot de passe"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=gettext_lazy("Au moins 10 caractères, pas uniquement des chiffres ni un mot de passe courant."),
    )
    password2 = forms.CharField(
        label=gettext_lazy("Mot de passe (encore une fois)"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    field_order = ["first_name", "last_name", "email", *DETAIL_FIELDS[2:], "password1", "password2", "consent"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs["autocomplete"] = "email"

    def register(self, edition, user):
        """Creates the account with its registration (`user` is None: nobody is logged in)."""
        data = self.cleaned_data
        return seats.register(edition, email=data["email"], password=data["password1"], **self.details())

    def clean(self):
        cleaned = super().clean()
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("Les deux mots de passe ne sont pas identiques."))
        elif password1:
            someone = User(
                email=cleaned.get("email", ""),
                first_name=cleaned.get("first_name", ""),
                last_name=cleaned.get("last_name", ""),
            )
            try:
                password_validation.validate_password(password1, someone)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


def already_registered_message():
    return format_html(
        _(
            'Un compte existe déjà avec ce courriel. <a href="{login}">Connectez-vous</a> ou, '
            'si vous l\'avez oublié, <a href="{reset}">choisissez un nouveau mot de passe</a>.'
        ),
        login=reverse("login"),
        reset=reverse("password_reset"),
    )


class LoginForm(AuthenticationForm):
    username = identity.EmailField(
        label=gettext_lazy("Courriel"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )
    error_messages = {
        "invalid_login": gettext_lazy(
            "Courriel ou mot de passe incorrect. Vérifiez les deux (les majuscules comptent dans le mot de passe)."
        ),
        "inactive": gettext_lazy("Ce compte est désactivé."),
    }

    def __init__(self, request=None, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(request, *args, **kwargs)


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=gettext_lazy("Votre mot de passe, pour confirmer"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        if not self.user.check_password(self.cleaned_data["password"]):
            raise forms.ValidationError(_("Ce mot de passe n'est pas le bon : votre compte n'a pas été supprimé."))
        return self.cleaned_data["password"]
