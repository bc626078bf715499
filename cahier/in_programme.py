"""What a cahier page knows of the participant's programme: on « Regards », the case studies they
chose come first, under « Dans mon programme »; « Séances liées » mark the sessions they chose.

Which sessions are in a participant's programme is decided in one place, programme/choices.py
(chosen_session_ids): only the participant's own choices, in the page's edition.
"""

from dataclasses import dataclass, field

from programme import choices


@dataclass
class CaseStudyOptions:
    """The case studies a page offers: those in the participant's programme, then the others (each in
    title order). Without any chosen, `chosen` is empty and `others` is the list as it always was."""

    chosen: list = field(default_factory=list)
    others: list = field(default_factory=list)


@dataclass
class PageProgramme:
    related_sessions: list = field(default_factory=list)  # « Séances liées », each with `in_programme`
    case_studies: CaseStudyOptions | None = None  # None on a page that picks no case study


def for_page(user, page):
    """`page`'s related sessions (prefetched: PageQuerySet.with_sessions) marked `in_programme`, and its
    case studies split by the participant's programme: 1 query for the choices and 1 for the case
    studies of « Regards », none on a page with neither."""
    related = list(page.sessions.all())
    if not related and not page.picks_case_study:
        return PageProgramme()
    chosen = choices.chosen_session_ids(user, page.edition)
    for session in related:
        session.in_programme = session.pk in chosen
    result = PageProgramme(related_sessions=related)
    if page.picks_case_study:
        case_studies = list(page.case_studies())
        result.case_studies = CaseStudyOptions(
            chosen=[session for session in case_studies if session.pk in chosen],
            others=[session for session in case_studies if session.pk not in chosen],
        )
    return result
