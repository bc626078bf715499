"""Results of the evaluations: per session and per question, counts, mean and distribution, the
comments; never for fewer than MIN_ANSWERS answers (a small group would be recognisable), and only
once sealed (appreciations/anonymity.py): an edition's ratings once its last day is over, a
questionnaire once closed. Each function reads a constant number of queries, whatever the number
of answers."""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count
from django.utils.translation import get_language, gettext_lazy

from appreciations import charts
from appreciations.models import SCORES, Answer, Question, SessionRating
from automne.french import format_decimal

MIN_ANSWERS = 5
SCORE_LABELS = {1: gettext_lazy("1 (le plus bas)"), 2: "2", 3: "3", 4: "4", 5: gettext_lazy("5 (le plus haut)")}


def mean_label(mean):
    """ "3,8" in French (automne/french.py), "3.8" in English."""
    if mean is None:
        return ""
    return f"{mean:,.1f}" if (get_language() or "").startswith("en") else format_decimal(mean)


@dataclass
class Distribution:
    """Counts per category, in order, as a table and as a chart."""

    labels: list
    counts: list
    total: int = 0  # how many answered (for « plusieurs choix », people, not choices)

    @property
    def rows(self):
        return [charts.Row(label, count, self.total) for label, count in zip(self.labels, self.counts, strict=True)]

    @property
    def chart(self):
        return charts.bars(self.rows)


@dataclass
class SessionResult:
    session: object
    count: int
    distribution: Distribution | None = None
    mean: float | None = None
    comments: list = field(default_factory=list)

    @property
    def shown(self):
        return self.count >= MIN_ANSWERS

    @property
    def mean_label(self):
        return mean_label(self.mean)


@dataclass
class QuestionResult:
    question: Question
    count: int
    distribution: Distribution | None = None
    mean: float | None = None
    texts: list = field(default_factory=list)

    @property
    def shown(self):
        return self.count >= MIN_ANSWERS

    @property
    def mean_label(self):
        return mean_label(self.mean)


def ratings_received(edition, session=None):
    """How many ratings have come so far (shown while they are collected: a count, nothing else)."""
    ratings = SessionRating.objects.filter(session__edition=edition)
    return (ratings.filter(session=session) if session is not None else ratings).count()


def received(questionnaire):
    """How many people have answered the questionnaire so far (while it is open)."""
    return questionnaire.respondents.count()


def _mean(counts):
    total = sum(counts.values())
    return sum(score * n for score, n in counts.items()) / total if total else None


def score_distribution(counts, total):
    return Distribution([SCORE_LABELS[s] for s in SCORES], [counts.get(s, 0) for s in SCORES], total)


def sessions(edition, session_ids=None):
    """A SessionResult for each session of `edition` rated at least once (of `session_ids` only, if
    given), in title order: 2 queries."""
    ratings = SessionRating.objects.filter(session__edition=edition)
    if session_ids is not None:
        ratings = ratings.filter(session_id__in=session_ids)
    per_session = {}
    titles = {}
    for row in ratings.values("session_id", "session__title", "session__slug", "score").annotate(n=Count("id")):
        per_session.setdefault(row["session_id"], Counter())[row["score"]] = row["n"]
        titles[row["session_id"]] = (row["session__title"], row["session__slug"])
    shown = [pk for pk, counts in per_session.items() if sum(counts.values()) >= MIN_ANSWERS]
    comments = {}
    # Ordered by their random keys: the order says nothing of when, or by whom, they were written.
    for session_id, comment in (
        ratings.filter(session_id__in=shown).exclude(comment="").order_by("pk").values_list("session_id", "comment")
    ):
        comments.setdefault(session_id, []).append(comment)
    results = []
    for pk, counts in per_session.items():
        total = sum(counts.values())
        title, slug = titles[pk]
        result = SessionResult(SessionTitle(pk, title, slug), total)
        if result.shown:
            result.distribution = score_distribution(counts, total)
            result.mean = _mean(counts)
            result.comments = comments.get(pk, [])
        results.append(result)
    return sorted(results, key=lambda r: (r.session.title.casefold(), r.session.pk))


@dataclass(frozen=True)
class SessionTitle:
    pk: int
    title: str
    slug: str


def questionnaire(questionnaire):
    """A QuestionResult for each question, in the questionnaire's order: 3 queries."""
    questions = list(questionnaire.questions.all())
    answers = Answer.objects.filter(question__questionnaire=questionnaire)
    numbers, answered = {}, Counter()
    for row in answers.exclude(number=None).values("question_id", "number").annotate(n=Count("id")):
        numbers.setdefault(row["question_id"], Counter())[row["number"]] = row["n"]
        answered[row["question_id"]] += row["n"]
    chosen = {}
    texts = {}
    for question_id, options, text in (
        answers.filter(number=None).order_by("pk").values_list("question_id", "options", "text")
    ):
        answered[question_id] += 1
        if text:
            texts.setdefault(question_id, []).append(text)
        chosen.setdefault(question_id, Counter()).update(options)
    results = []
    for question in questions:
        result = QuestionResult(question, answered[question.pk])
        if result.shown:
            if question.kind == Question.Kind.SCALE:
                counts = numbers.get(question.pk, Counter())
                result.distribution = score_distribution(counts, result.count)
                result.mean = _mean(counts)
            elif question.kind == Question.Kind.SINGLE:
                counts = numbers.get(question.pk, Counter())
                options = question.option_list
                result.distribution = Distribution(
                    options, [counts.get(i, 0) for i in range(len(options))], result.count
                )
            elif question.kind == Question.Kind.MULTIPLE:
                counts = chosen.get(question.pk, Counter())
                options = question.option_list
                result.distribution = Distribution(
                    options, [counts.get(i, 0) for i in range(len(options))], result.count
                )
            else:
                result.texts = texts.get(question.pk, [])
        results.append(result)
    return results
