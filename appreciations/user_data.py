"""The evaluations' part of a participant's data (automne/user_data.py), and their end.

Export: the ratings that are still theirs (until their edition's ratings are sealed, when the last
day is over), and whether they have answered a questionnaire still open. Never an answer to the
questionnaire: nothing links it to them, so nothing of it can be found to give back — nor to delete.
"""

from django.utils.translation import gettext as _

from appreciations.models import Answer, Questionnaire, RatingAuthor, RatingSeal, Respondent, SessionRating


def export_user_data(user):
    authors = RatingAuthor.objects.filter(user=user).select_related("rating", "session__edition")
    return {
        "appreciations_des_seances": [
            {
                "edition": author.session.edition.name,
                "seance": author.session.title,
                "note": author.rating.score,
                "commentaire": author.rating.comment,
            }
            for author in authors.order_by("session__edition__starts_on", "session__title")
        ],
        "questionnaires_repondus": [
            {"edition": row.questionnaire.edition.name, "questionnaire": row.questionnaire.title}
            for row in Respondent.objects.filter(user=user).select_related("questionnaire__edition")
        ],
        "note": _(
            "Les réponses aux questionnaires sont gardées sans aucun lien avec vous : elles ne peuvent pas être "
            "retrouvées. Vos appréciations des séances cessent d'être liées à vous le lendemain du dernier jour "
            "de l'école."
        ),
    }


def delete_of_editions(editions):
    """Everything the evaluations of `editions` (a queryset) hold: ratings, answers, who has answered,
    the seals. The questionnaires and their questions stay: they are the edition's, not anyone's."""
    RatingAuthor.objects.filter(session__edition__in=editions).delete()
    SessionRating.objects.filter(session__edition__in=editions).delete()
    Respondent.objects.filter(questionnaire__edition__in=editions).delete()
    Answer.objects.filter(question__questionnaire__edition__in=editions).delete()
    RatingSeal.objects.filter(edition__in=editions).delete()
    Questionnaire.objects.filter(edition__in=editions).update(sealed_at=None)
