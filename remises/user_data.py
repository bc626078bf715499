"""The hand-ins' part of a participant's data: its export (gathered by automne/user_data.py): each hand-in
with every answer as handed in, the extensions given, the reminders sent and each publication of the
assessment (grade, rubric, feedback, reason of a change); and its deletion edition by edition, when the
retention period ends (inscriptions/retention.py), as the cahier's (cahier/user_data.py). The assessment's
working state before publication is the team's draft: what the participant is given is what was published."""


def name_of(user):
    if user is None:
        return None
    return user.get_full_name() or user.email


def export_user_data(user):
    from remises.models import Extension, HandIn, Publication, Reminder

    hand_ins = (
        HandIn.objects.filter(participant=user)
        .select_related("assignment__edition")
        .prefetch_related("pages__answers", "drawings")
        .defer("pdf", "drawings__content")
        .order_by("assignment__edition__starts_on", "number")
    )
    extensions = Extension.objects.filter(participant=user).select_related("assignment__edition", "granted_by")
    publications = Publication.objects.filter(assessment__participant=user).select_related(
        "assessment__assignment__edition", "hand_in"
    )
    reminders = Reminder.objects.filter(participant=user).select_related("assignment__edition")
    return {
        "remises": [
            {
                "edition": hand_in.assignment.edition.name,
                "numero": hand_in.number,
                "remise_le": hand_in.handed_in_at.isoformat(),
                "en_retard": hand_in.is_late,
                "retiree_le": hand_in.withdrawn_at.isoformat() if hand_in.withdrawn_at else None,
                "empreinte_sha256_du_pdf": hand_in.sha256,
                "declaration_acceptee": hand_in.statement,
                "mots": hand_in.words,
                "pages": [
                    {
                        "page": page.title,
                        "etude_de_cas": page.case_study or None,
                        "reponses": [
                            {"zone": answer.heading, "questions_guides": answer.questions, "texte": answer.text}
                            for answer in page.answers.all()
                        ],
                    }
                    for page in hand_in.pages.all()
                ],
                "images": [drawing.caption for drawing in hand_in.drawings.all()],
            }
            for hand_in in hand_ins
        ],
        "prolongations": [
            {
                "edition": extension.assignment.edition.name,
                "jusqu_au": extension.until.isoformat(),
                "motif": extension.reason,
                "accordee_le": extension.granted_at.isoformat(),
                "accordee_par": name_of(extension.granted_by),
            }
            for extension in extensions
        ],
        "rappels_recus": [
            {"edition": r.assignment.edition.name, "rappel": r.get_kind_display(), "envoye_le": r.sent_at.isoformat()}
            for r in reminders
        ],
        "evaluations_publiees": [
            {
                "edition": p.assessment.assignment.edition.name,
                "remise": p.hand_in.number if p.hand_in else None,
                "publiee_le": p.published_at.isoformat(),
                "note": p.grade or None,
                "points": str(p.points) if p.points is not None else None,
                "sur": str(p.max_points) if p.max_points is not None else None,
                "grille": p.rubric,
                "commentaire_general": p.feedback,
                "motif_du_changement": p.reason or None,
            }
            for p in publications
        ],
    }


def delete_of_editions(editions):
    """Every participant's hand-ins of `editions` (a queryset) with their copies and PDFs, the extensions,
    reminders, assessments and publications. The edition's hand-in rules, scale and rubric stay: they are
    the edition's, not anyone's. Returns the number of hand-ins deleted."""
    from remises.models import Assessment, Extension, HandIn, Reminder

    hand_ins = HandIn.objects.filter(assignment__edition__in=editions)
    count = hand_ins.count()
    Assessment.objects.filter(assignment__edition__in=editions).delete()
    hand_ins.delete()
    Extension.objects.filter(assignment__edition__in=editions).delete()
    Reminder.objects.filter(assignment__edition__in=editions).delete()
    return count
