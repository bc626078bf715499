"""The cahier's part of a participant's data: its export (gathered by automne/user_data.py), every
notebook, each with its edition, and each answer with the wording of the questions it answers; and
its deletion edition by edition, when the retention period ends (inscriptions/retention.py)."""

from django.urls import reverse


def author_name(author):
    """A comment's author as the participant saw it: the name, or the e-mail; None once the account is gone."""
    if author is None:
        return None
    return author.get_full_name() or author.email


def export_user_data(user):
    from cahier.models import Answer, CaseStudyChoice, Comment, Drawing, Notebook
    from cahier.notebooks import editions_of

    shared_since = dict(Notebook.objects.shared().filter(user=user).values_list("edition", "shared_since"))
    answers = list(
        Answer.objects.of(user)
        .select_related("prompt__page", "prompt__level")
        .prefetch_related("revisions", "prompt__guiding_questions")
        .order_by("prompt__page__order", "prompt__order", "prompt__pk")
    )
    choices = list(CaseStudyChoice.objects.filter(user=user).select_related("page", "session"))
    drawings = list(Drawing.objects.filter(user=user))
    comments = list(
        Comment.objects.filter(owner=user).select_related("page", "author", "prompt__level", "prompt__page")
    )
    return {
        "cahiers": [
            {
                "edition": edition.name,
                "edition_identifiant": edition.slug,
                "dates": edition.date_range_label(),
                "partage_equipe_pedagogique": edition.pk in shared_since,
                "partage_depuis": shared_since[edition.pk].isoformat() if shared_since.get(edition.pk) else None,
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
                        "auteur": author_name(c.author),
                        "texte": "commentaire retiré" if c.is_removed else c.text,
                        "ecrit_le": c.created_at.isoformat(),
                        "modifie_le": c.edited_at.isoformat() if c.edited_at else None,
                    }
                    for c in comments
                    if c.page.edition_id == edition.pk
                ],
            }
            for edition in editions_of(user)
        ],
        # As a member of the teaching team: what this person wrote in others' cahiers (whose cahier is
        # left out: it is the other person's information).
        "commentaires_ecrits": [
            {"page": c.page.title, "texte": c.text, "ecrit_le": c.created_at.isoformat()}
            for c in Comment.objects.filter(author=user).select_related("page")
        ],
    }


def delete_of_editions(editions):
    """Every participant's cahier of `editions` (a queryset): answers with their versions, the case
    study picked, comments, drawings (their files go with them: receivers.py), the notebook and its
    readings by the team. The structure of the cahier stays: it is the edition's, not anyone's.
    Returns the number of cahiers (one participant in one edition) that held something."""
    from cahier.models import Answer, CaseStudyChoice, Comment, Drawing, Notebook

    parts = (
        (Answer.objects.filter(prompt__page__edition__in=editions), "user", "prompt__page__edition"),
        (CaseStudyChoice.objects.filter(page__edition__in=editions), "user", "page__edition"),
        (Comment.objects.filter(page__edition__in=editions), "owner", "page__edition"),
        (Drawing.objects.filter(edition__in=editions), "user", "edition"),
        (Notebook.objects.filter(edition__in=editions), "user", "edition"),
    )
    cahiers = set()
    for found, owner, edition in parts:
        cahiers.update(found.values_list(owner, edition))
        found.delete()
    return len(cahiers)
