"""Anonymous by construction, read from the database itself: after answering, no table holds a link
from an answer to its author; no key nor time tells the order of writing; sealing forgets who
answered and whose rating is whose, and rewrites the rows; PostgreSQL's transaction stamps pair
nothing after a mix."""

import pytest
import time_machine
from django.db import connection
from django.urls import reverse

from appreciations import anonymity, ratings
from appreciations.models import Answer, RatingAuthor, RatingSeal, Respondent, SessionRating
from appreciations.tests.conftest import AFTER, DURING, answers, moment, participants_who_chose
from automne.user_data import export_all
from inscriptions.tests.factories import make_registration

pytestmark = pytest.mark.django_db
OPEN = moment(25, 10)
USER_TABLE = "inscriptions_user"


def tables():
    return connection.introspection.table_names()


def columns(table):
    with connection.cursor() as cursor:
        return {column.name: column for column in connection.introspection.get_table_description(cursor, table)}


def relations(table):
    """{column: referenced table}."""
    with connection.cursor() as cursor:
        return {column: target for column, (_, target) in connection.introspection.get_relations(cursor, table).items()}


def rows(table):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def answer_as(client, user, questionnaire, marker):
    client.force_login(user)
    with time_machine.travel(OPEN, tick=False):
        assert (
            client.post(
                reverse("appreciations:questionnaire", kwargs={"edition": questionnaire.edition.slug}),
                answers(questionnaire, text=marker),
            ).status_code
            == 302
        )


def test_an_answer_and_a_rating_hold_their_question_or_session_and_their_value_only():
    assert set(columns("appreciations_answer")) == {"id", "question_id", "number", "options", "text"}
    assert relations("appreciations_answer") == {"question_id": "appreciations_question"}
    assert set(columns("appreciations_sessionrating")) == {"id", "session_id", "score", "comment"}
    assert relations("appreciations_sessionrating") == {"session_id": "programme_session"}
    assert set(columns("appreciations_respondent")) == {"id", "questionnaire_id", "user_id"}


def test_no_table_refers_to_an_answer_and_only_the_author_row_to_a_rating():
    referring = {(table, target) for table in tables() for target in relations(table).values()}
    assert {t for t, target in referring if target == "appreciations_answer"} == set()
    assert {t for t, target in referring if target == "appreciations_sessionrating"} == {"appreciations_ratingauthor"}


def test_after_answering_no_table_links_the_answer_to_its_author(client, participant, questionnaire, edition):
    others = [make_registration(edition).user for _ in range(3)]
    for n, other in enumerate(others):
        answer_as(client, other, questionnaire, f"réponse {n}")
    answer_as(client, participant, questionnaire, "MARQUEUR-7f3a")
    answer = Answer.objects.get(text="MARQUEUR-7f3a")
    found_text, found_id, with_user = set(), set(), set()
    for table in tables():
        user_columns = {c for c, target in relations(table).items() if target == USER_TABLE}
        for row in rows(table):
            values = list(row.values())
            if any(isinstance(v, str) and "MARQUEUR-7f3a" in v for v in values):
                found_text.add(table)
            if answer.pk in values and table != "appreciations_answer":
                found_id.add(table)
            if any(row[c] == participant.pk for c in user_columns):
                with_user.add(table)
    assert found_text == {"appreciations_answer"}
    assert found_id == set()  # no other table holds the answer's key
    # Where the person appears: none of these tables refers to an answer, nor holds its words.
    assert "appreciations_respondent" in with_user
    assert not any("appreciations_answer" in relations(table).values() for table in with_user)
    assert found_text.isdisjoint(with_user)


def test_no_time_is_kept_beside_an_answer_a_rating_or_who_answered():
    for table in (
        "appreciations_answer",
        "appreciations_respondent",
        "appreciations_sessionrating",
        "appreciations_ratingauthor",
    ):
        kinds = {connection.introspection.get_field_type(c.type_code, c) for c in columns(table).values()}
        assert kinds.isdisjoint({"DateTimeField", "DateField", "TimeField"}), table


def test_the_keys_do_not_follow_the_order_of_writing(client, questionnaire, edition):
    users = [make_registration(edition).user for _ in range(12)]
    for n, user in enumerate(users):
        answer_as(client, user, questionnaire, f"n°{n:02d}")
    in_key_order = list(Answer.objects.exclude(text="").order_by("pk").values_list("text", flat=True))
    assert sorted(in_key_order) == [f"n°{n:02d}" for n in range(12)]
    assert in_key_order != sorted(in_key_order)  # 1 chance in 12! of failing by accident
    respondents = list(Respondent.objects.order_by("pk").values_list("user_id", flat=True))
    assert respondents != [u.pk for u in users]
    if connection.vendor == "sqlite":  # the key is the table's rowid itself: no hidden sequence beside it
        with connection.cursor() as cursor:
            cursor.execute("SELECT rowid, id FROM appreciations_answer")
            assert all(rowid == key for rowid, key in cursor.fetchall())


def test_sealing_forgets_who_answered_and_rewrites_the_answers_under_new_keys(
    client, participant, questionnaire, edition
):
    answer_as(client, participant, questionnaire, "Merci")
    before = sorted(Answer.objects.values_list("pk", "question", "number", "options", "text"))
    assert anonymity.seal_questionnaire(questionnaire, moment(31, 11)) is False  # still open
    assert anonymity.seal_questionnaire(questionnaire, moment(31, 12)) is True
    assert Respondent.objects.count() == 0
    after = sorted(Answer.objects.values_list("pk", "question", "number", "options", "text"))
    assert sorted(row[1:] for row in after) == sorted(row[1:] for row in before)
    assert {row[0] for row in after}.isdisjoint({row[0] for row in before})
    assert anonymity.seal_questionnaire(questionnaire, moment(31, 13)) is False  # once only


def test_the_ratings_are_sealed_once_the_edition_is_over(participant, cases, edition):
    raters = [participant, *participants_who_chose(edition, cases[0], 5)]
    with time_machine.travel(DURING, tick=False):
        for n, user in enumerate(raters):
            ratings.rate(user, cases[0].session, str(1 + n % 5), f"avis {n}", DURING)
    before = set(SessionRating.objects.values_list("pk", flat=True))
    assert export_all(participant)["appreciations"]["appreciations_des_seances"] == [
        {"edition": edition.name, "seance": cases[0].session.title, "note": 1, "commentaire": "avis 0"}
    ]
    assert anonymity.seal_ratings(edition, moment(24, 23)) is False  # the last day is not over
    assert anonymity.seal_ratings(edition, AFTER) is True
    assert RatingAuthor.objects.count() == 0
    assert RatingSeal.objects.filter(edition=edition).exists()
    assert set(SessionRating.objects.values_list("pk", flat=True)).isdisjoint(before)
    assert sorted(SessionRating.objects.values_list("comment", flat=True)) == [f"avis {n}" for n in range(6)]
    assert export_all(participant)["appreciations"]["appreciations_des_seances"] == []


def test_the_mail_loop_seals_what_is_due(participant, questionnaire, cases, edition):
    from automne import mail_queue

    with time_machine.travel(AFTER, tick=False):
        mail_queue.queue_evaluation_work()
    assert RatingSeal.objects.filter(edition=edition).exists()
    assert questionnaire.__class__.objects.get(pk=questionnaire.pk).sealed_at is None  # open until the 31st
    with time_machine.travel(moment(31, 12, 1), tick=False):
        mail_queue.queue_evaluation_work()
    questionnaire.refresh_from_db()
    assert questionnaire.sealed_at is not None


def test_the_nightly_mix_rewrites_the_answers_of_open_questionnaires(client, participant, questionnaire):
    from io import StringIO

    from django.core.management import call_command

    answer_as(client, participant, questionnaire, "Merci")
    before = set(Answer.objects.values_list("pk", flat=True))
    out = StringIO()
    with time_machine.travel(moment(26, 3, 45), tick=False):
        call_command("apply_retention", stdout=out)
    assert out.getvalue().splitlines()[-1] == "Réponses mélangées de nouveau dans 1 questionnaire(s) ouvert(s)."
    assert set(Answer.objects.values_list("pk", flat=True)).isdisjoint(before)
    assert Respondent.objects.count() == 1  # still open: a second answer is still refused


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's transaction stamps (xmin)")
def test_postgresql_transaction_stamps_pair_nothing_after_a_mix(client, participant, questionnaire, edition):
    def stamps(table):
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT DISTINCT xmin::text FROM {table}")
            return {row[0] for row in cursor.fetchall()}

    for user in [participant, *[make_registration(edition).user for _ in range(3)]]:
        answer_as(client, user, questionnaire, "texte")
    assert stamps("appreciations_answer") == stamps("appreciations_respondent")  # written together: paired
    anonymity.mix_answers(questionnaire)
    assert len(stamps("appreciations_answer")) == 1
    assert stamps("appreciations_answer").isdisjoint(stamps("appreciations_respondent"))


def test_a_deleted_account_takes_its_ratings_while_they_are_its_own(participant, cases, questionnaire, client):
    with time_machine.travel(DURING, tick=False):
        ratings.rate(participant, cases[0].session, "5", "Bien", DURING)
    answer_as(client, participant, questionnaire, "Merci")
    participant.delete()
    assert (SessionRating.objects.count(), RatingAuthor.objects.count(), Respondent.objects.count()) == (0, 0, 0)
    assert Answer.objects.count() == 4  # nobody's: they stay


def test_the_export_never_holds_an_answer(client, participant, questionnaire, edition):
    answer_as(client, participant, questionnaire, "MARQUEUR")
    data = export_all(participant)["appreciations"]
    assert data["questionnaires_repondus"] == [{"edition": edition.name, "questionnaire": questionnaire.title}]
    assert "MARQUEUR" not in str(export_all(participant))
