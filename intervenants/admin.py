"""« Comptes d'intervenant·e·s » in the admin: which account speaks for which person of the programme.
Organizers see and remove links (an account linked by mistake); they make them through the
invitation (Admin › « Équipe et accueil » › « Inviter une personne de l'équipe », role
« Intervenant·e·s »)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from intervenants.models import SpeakerAccount
from programme.admin.shared import EditionFilter


@admin.register(SpeakerAccount)
class SpeakerAccountAdmin(admin.ModelAdmin):
    list_display = ["speaker_name", "edition", "email", "linked_at"]
    list_select_related = ["speaker__edition", "user"]
    list_filter = [EditionFilter.for_path("speaker__edition")]
    search_fields = ["speaker__given_name", "speaker__family_name", "user__email"]
    readonly_fields = ["user", "speaker", "linked_at"]
    fields = ["speaker", "user", "linked_at"]

    def has_add_permission(self, request):
        return False  # through the invitation, which sends the account its link

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("personne"), ordering="speaker__sort_name")
    def speaker_name(self, obj):
        return obj.speaker.full_name

    @admin.display(description=_("édition"), ordering="speaker__edition__starts_on")
    def edition(self, obj):
        return obj.speaker.edition

    @admin.display(description=_("courriel"), ordering="user__email")
    def email(self, obj):
        return obj.user.email
