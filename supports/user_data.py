"""The materials' part of a person's data export (automne/user_data.py): the materials they added
(a speaker, in their space). The materials themselves belong to their session: deleting the account
keeps them, without saying who added them."""

from django.utils.translation import gettext as _

from supports.models import Material


def export_user_data(user):
    added = Material.objects.filter(added_by=user).select_related("session__edition").order_by("created_at", "pk")
    return {
        "supports_ajoutes": [
            {
                "edition": material.session.edition.name,
                "seance": material.session.title,
                "titre": material.title,
                "type": material.get_file_type_display() if material.is_file else _("Lien"),
                "lien": "" if material.is_file else material.url,
                "visible_par": material.get_visibility_display(),
                "ajoute_le": material.created_at.isoformat(),
            }
            for material in added
        ]
    }
