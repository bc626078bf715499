"""The cahier's part of a participant's data export (gathered by automne/user_data.py): every
notebook, each with its edition, and each answer with the wording of the questions it answers."""

from django.urls import reverse


def export_user_data(user):
    from cahier.models import Answer, CaseStudyChoice, Comment, Drawing, Notebook
    from cahier.notebooks import editions_of

    shared = set(Notebook.objects.shared().filter(user=user).values_list("edition", flat=True))
    answers = list(
        Answer.objects.of(user)
        .select_related("prompt__page", "prompt__level")
        .prefetch_related("revisions", "prompt__guiding_questions")
        .order_by("prompt__page__order", "prompt__order", "prompt__pk")
    )
    choices = list(CaseStudyChoice.objects.filter(user=user).select_related("page", "session"))
    drawings = list(Drawing.objects.filter(user=user))
    comments = list(Comment.objects.filter(owner=user).select_related("page", "prompt__level", "prompt__page"))
    return {
        "cahiers": [
            {
                "edition": edition.name,
                "edition_identifiant": edition.slug,
                "dates": edition.date_range_label(),
                "partage_equipe_pedagogique": edition.pk in shared,
                "reponses": [
                    {
                        "page": answer.prompt.page.title,
                        "zone": answer.prompt.heading,
                        "questions_guides": [question.text for question in answer.prompt.guiding_questions.all()],
                        "texte": answer.text,
                        "version": answer.version,
                        "modifiee_le": answer.updated_at.isoformat(),
                        "versions_precedentes": [
                            {"version": r.version, "texte": r.text, "enregistree_le": r.saved_at.isoformat()}
                            for r in answer.revisions.all()
                        ],
                    }
                    for answer in answers
                    if answer.prompt.page.edition_id == edition.pk
                ],
                "etudes_de_cas_choisies": [
                    {"page": c.page.title, "seance": c.session.title if c.session else None}
                    for c in choices
                    if c.page.edition_id == edition.pk
                ],
                "images": [
                    {
                        "legende": d.caption,
                        "type": d.get_source_display(),
                        "adresse": reverse("cahier:drawing_image", args=[d.pk]),
                    }
                    for d in drawings
                    if d.edition_id == edition.pk
                ],
                "commentaires_recus": [
                    {
                        "page": c.page.title,
                        "zone": c.prompt.heading if c.prompt else None,
                        "texte": "commentaire retiré" if c.is_removed else c.text,
                        "ecrit_le": c.created_at.isoformat(),
                        "modifie_le": c.edited_at.isoformat() if c.edited_at else None,
                    }
                    for c in comments
                    if c.page.edition_id == edition.pk
                ],
            }
            for edition in editions_of(user)
        ]
    }
