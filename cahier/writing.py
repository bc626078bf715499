"""A participant's writing: saving an answer (and its conflicts), and what the pages show beside it.

A save based on an older version than the server's is refused (a conflict), so that nothing
is ever silently overwritten: save_text() is the one place that decides it, for the autosave
API and for the « Enregistrer » button alike.
"""

import re
from dataclasses import dataclass, field

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from automne import clean_input
from automne.french import NBSP, format_time
from cahier.models import KEPT_REVISIONS, Answer, AnswerRevision, CaseStudyChoice, Comment, Page

MAX_ANSWER_LENGTH = 20_000
WORD = re.compile(r"\w+(?:[-'’]\w+)*")

CONFLICT = gettext_lazy(
    "Ce texte a été modifié ailleurs (un autre onglet ou un autre appareil). "
    "Rien n'a été écrasé : gardez l'un des deux textes ou fusionnez-les."
)


def thousands(number):
    """ "20 000" in French (a no-break space between thousands), "20,000" in English."""
    text = f"{number:,}"
    return text if (get_language() or "fr").startswith("en") else text.replace(",", NBSP)


def too_long():
    """The refusal of a text longer than MAX_ANSWER_LENGTH, in the language of the request."""
    return _(
        "Ce texte dépasse %(limit)s caractères : il n'a pas été enregistré. "
        "Raccourcissez-le ou coupez-en une partie pour la coller ailleurs."
    ) % {"limit": thousands(MAX_ANSWER_LENGTH)}


def count_words(text):
    return len(WORD.findall(text))


class SaveResult:
    """What a save did: saved (a new version), unchanged, or refused because the base version is stale."""

    def __init__(self, answer, saved=False, conflict=False):
        self.answer = answer
        self.saved = saved
        self.conflict = conflict


class TooLong(ValueError):
    pass


def save_text(user, prompt, text, base_version):
    """Saves `text` if `base_version` is the version on the server; never overwrites a newer one.

    The version check and the write are one UPDATE … WHERE version = base, so two
    concurrent saves from the same base cannot both win. The save and its revision (the last
    KEPT_REVISIONS versions) go in together or not at all.
    """
    if len(text) > MAX_ANSWER_LENGTH:
        raise TooLong(text)
    now = timezone.now()
    words = count_words(text)
    if base_version == 0:
        with transaction.atomic():
            try:
                with transaction.atomic():
                    answer = Answer.objects.create(user=user, prompt=prompt, text=text, version=1, word_count=words)
            except IntegrityError:
                answer = None
            if answer is not None:
                answer.keep_revision()
                return SaveResult(answer, saved=True)
    else:
        pk = _update_if_current(user, prompt, text, base_version, words, now)
        if pk is not None:
            answer = Answer(
                pk=pk,
                user=user,
                prompt=prompt,
                text=text,
                version=base_version + 1,
                word_count=words,
                updated_at=now,
            )
            return SaveResult(answer, saved=True)
    current = Answer.objects.filter(user=user, prompt=prompt).first()
    if current is not None and current.text == text:
        # Same words already on the server (a retried save): nothing to merge.
        return SaveResult(current)
    if current is None and text == "":
        return SaveResult(Answer(user=user, prompt=prompt, version=0))
    return SaveResult(current or Answer(user=user, prompt=prompt, version=0), conflict=True)


def _update_if_current(user, prompt, text, base_version, words, now):
    """The hot path of autosave: the answer at `base_version` becomes `text` at the next version, with
    its revision kept and the revisions older than the last KEPT_REVISIONS forgotten, all or nothing;
    the answer's id, or None when the server's version is not `base_version` (nothing written).

    UPDATE … WHERE version = base RETURNING id is the check and the write in one statement (SQLite
    ≥ 3.35 and PostgreSQL). On PostgreSQL the revision's INSERT and DELETE go in the same statement
    (data-modifying WITH), which is its own transaction: one round trip to the server instead of
    five (BEGIN, UPDATE, INSERT, DELETE, COMMIT); each round trip is a wait for the database's
    process, which competes with the application's for the same cores.
    """
    quote = connection.ops.quote_name
    answers, revisions = quote(Answer._meta.db_table), quote(AnswerRevision._meta.db_table)
    moment = connection.ops.adapt_datetimefield_value(now)
    update = (
        f"UPDATE {answers} SET text = %s, version = version + 1, word_count = %s, updated_at = %s"
        " WHERE user_id = %s AND prompt_id = %s AND version = %s RETURNING id, version"
    )
    update_params = [text, words, moment, user.pk, prompt.pk, base_version]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                f"WITH saved AS ({update}),"
                f" kept AS (INSERT INTO {revisions} (answer_id, version, text, saved_at)"
                " SELECT id, version, %s, %s FROM saved),"
                f" forgotten AS (DELETE FROM {revisions} WHERE answer_id = (SELECT id FROM saved)"
                " AND version <= (SELECT version FROM saved) - %s)"
                " SELECT id FROM saved",
                [*update_params, text, moment, KEPT_REVISIONS],
            )
            row = cursor.fetchone()
        return row[0] if row else None
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(update, update_params)
        row = cursor.fetchone()
        if row is None:
            return None
        pk, version = row
        cursor.execute(
            f"INSERT INTO {revisions} (answer_id, version, text, saved_at) VALUES (%s, %s, %s, %s)",
            [pk, version, text, moment],
        )
        cursor.execute(
            f"DELETE FROM {revisions} WHERE answer_id = %s AND version <= %s", [pk, version - KEPT_REVISIONS]
        )
    return pk


def saved_label(moment=None):
    """The status line after a save the server confirmed: « Enregistré à 14 h 32 »."""
    return _("Enregistré à %(time)s") % {"time": format_time(timezone.localtime(moment or timezone.now()))}


@dataclass
class Progress:
    answered: int = 0
    total: int = 0
    words: int = 0
    last_edited: object = None

    @property
    def to_answer(self):
        return self.total - self.answered


@dataclass
class Entry:
    """A prompt with the participant's answer (or an empty, version 0 one)."""

    prompt: object
    answer: object
    comments: list = field(default_factory=list)  # the team's comments on this writing area

    @property
    def text(self):
        return self.answer.text

    @property
    def version(self):
        return self.answer.version


@dataclass
class PageView:
    page: object
    entries: list = field(default_factory=list)
    progress: Progress = field(default_factory=Progress)
    case_study: object = None
    comments: list = field(default_factory=list)  # the team's comments on the theme as a whole

    @property
    def all_comments(self):
        return self.comments + [comment for entry in self.entries for comment in entry.comments]


def answers_by_prompt(user, pages=None):
    answers = Answer.objects.of(user)
    if pages is not None:
        answers = answers.filter(prompt__page__in=pages)
    return {answer.prompt_id: answer for answer in answers}


def build_pages(owner, pages, with_comments=False):
    """Every page with the owner's answers, case study choices and comments, in constant queries."""
    pages = list(pages)
    answers = answers_by_prompt(owner, pages)
    choices = {
        c.page_id: c.session
        for c in CaseStudyChoice.objects.filter(user=owner, page__in=pages).select_related("session")
    }
    comments = {}
    if with_comments:
        for comment in Comment.objects.filter(owner=owner, page__in=pages).select_related("author"):
            comments.setdefault((comment.page_id, comment.prompt_id), []).append(comment)
    views = []
    for page in pages:
        view = PageView(page=page, case_study=choices.get(page.pk), comments=comments.get((page.pk, None), []))
        for prompt in page.prompts.all():
            answer = answers.get(prompt.pk) or Answer(user=owner, prompt=prompt, version=0)
            view.entries.append(Entry(prompt, answer, comments.get((page.pk, prompt.pk), [])))
            view.progress.total += 1
            if answer.pk:
                view.progress.answered += answer.is_answered
                view.progress.words += answer.word_count
                if view.progress.last_edited is None or answer.updated_at > view.progress.last_edited:
                    view.progress.last_edited = answer.updated_at
        views.append(view)
    return views


def whole_cahier(owner, edition, with_comments=False):
    """Every page of `owner`'s notebook of `edition`."""
    pages = Page.objects.of(edition).with_prompts().with_sessions()
    return build_pages(owner, pages, with_comments=with_comments)


@dataclass
class FormSave:
    """What the « Enregistrer » button did to the writing areas of a page."""

    saved: int = 0
    conflicts: list = field(default_factory=list)  # (prompt, text sent, answer on the server): stale base version
    errors: dict = field(default_factory=dict)  # prompt id → why its text was not saved
    kept: dict = field(default_factory=dict)  # prompt id → that text, shown again in the page

    def refuse(self, prompt, text, message):
        self.errors[prompt.pk] = message
        self.kept[prompt.pk] = text


def save_form(user, page, data):
    """Saves each writing area of `page` posted without JavaScript (fields texte-<id> and version-<id>)."""
    outcome = FormSave()
    for prompt in page.prompts.all():
        text = data.get(f"texte-{prompt.pk}")
        if text is None:
            continue
        text = text.replace("\r\n", "\n")
        base = clean_input.parse_id(data.get(f"version-{prompt.pk}", ""))
        if base is None:
            outcome.refuse(prompt, text, _("Version manquante : rechargez la page (votre texte est gardé ci-dessous)."))
            continue
        try:
            result = save_text(user, prompt, text, base)
        except TooLong:
            outcome.refuse(prompt, text, too_long())
            continue
        if result.conflict:
            outcome.conflicts.append((prompt, text, result.answer))
        outcome.saved += result.saved
    return outcome
