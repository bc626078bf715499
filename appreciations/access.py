"""Who reads which results: organizers (the `results_questionnaire` permission: the Organisateurs
group and superusers) every result of every edition; a speaker the results of the sessions they
speak in, once the edition's last day is over; nobody else (not the teaching team, not a
participant). Results themselves appear only once sealed and for MIN_ANSWERS answers or more
(appreciations/results.py)."""

from django.utils.translation import gettext_lazy

from intervenants import accounts

ORGANIZERS_ONLY = gettext_lazy("Les résultats des évaluations sont réservés aux organisateurs de l'école.")
NOT_YOUR_SESSION = gettext_lazy("Vous lisez les résultats des séances où vous intervenez, et seulement celles-là.")
AFTER_THE_END = gettext_lazy(
    "Les résultats de vos séances seront lisibles le lendemain du dernier jour de l'école, le {date}."
)


def reads_all(user):
    return user.is_authenticated and user.has_perm("appreciations.results_questionnaire")


def speaks_in(user, session):
    return session.pk in accounts.session_ids(user, session.edition)
