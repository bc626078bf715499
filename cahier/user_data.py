"""The cahier's part of a participant's data export (gathered by automne/user_data.py)."""

from django.urls import reverse


def export_user_data(user):
    from cahier.models import Answer, CaseStudyChoice, Comment, Drawing, Notebook

    notebook = Notebook.objects.filter(user=user).first()
    answers = Answer.objects.of(user).select_related("prompt__page", "prompt__level").prefetch_related("revisions")
    return {
        "partage_equipe_pedagogique": bool(notebook and notebook.shared_with_team),
        "reponses": [
            {
                "page": answer.prompt.page.title,
                "zone": answer.prompt.heading,
                "texte": answer.text,
                "version": answer.version,
                "modifiee_le": answer.updated_at.isoformat(),
                "versions_precedentes": [
                    {"version": r.version, "texte": r.text, "enregistree_le": r.saved_at.isoformat()}
                    for r in answer.revisions.all()
                ],
            }
            for answer in answers
        ],
        "etudes_de_cas_choisies": [
            {"page": c.page.title, "seance": c.session.title if c.session else None}
            for c in CaseStudyChoice.objects.filter(user=user).select_related("page", "session")
        ],
        "images": [
            {
                "legende": d.caption,
                "type": d.get_source_display(),
                "adresse": reverse("cahier:drawing_image", args=[d.pk]),
            }
            for d in Drawing.objects.filter(user=user)
        ],
        "commentaires_recus": [
            {"page": c.page.title, "texte": c.text, "ecrit_le": c.created_at.isoformat()}
            for c in Comment.objects.filter(owner=user).select_related("page")
        ],
    }
