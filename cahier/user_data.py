"""The cahier's part of a participant's data export (gathered by automne/user_data.py)."""

from django.urls import reverse


def author_name(author):
    """A comment's author as the participant saw it: the name, or the e-mail; None once the account is gone."""
    if author is None:
        return None
    return author.get_full_name() or author.email


def export_user_data(user):
    from cahier.models import Answer, CaseStudyChoice, Comment, Drawing, Notebook

    notebook = Notebook.objects.filter(user=user).first()
    answers = Answer.objects.of(user).select_related("prompt__page", "prompt__level").prefetch_related("revisions")
    return {
        "partage_equipe_pedagogique": bool(notebook and notebook.shared_with_team),
        "partage_depuis": notebook.shared_since.isoformat() if notebook and notebook.shared_since else None,
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
            {
                "page": c.page.title,
                "auteur": author_name(c.author),
                "texte": c.text,
                "ecrit_le": c.created_at.isoformat(),
            }
            for c in Comment.objects.filter(owner=user).select_related("page", "author")
        ],
        # As a member of the teaching team: what this person wrote in others' cahiers (whose cahier is
        # left out: it is the other person's information).
        "commentaires_ecrits": [
            {"page": c.page.title, "texte": c.text, "ecrit_le": c.created_at.isoformat()}
            for c in Comment.objects.filter(author=user).select_related("page")
        ],
    }
