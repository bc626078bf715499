"""Preparing the next edition in one step: what carries over, what starts empty, and the source
left byte for byte as it was."""

import datetime
import io
import json

import pytest
from django.core.management import CommandError, call_command

from cahier.models import GuidingQuestion, Level, Page, Prompt
from programme.models import Edition, Partner, Room

NEXT = [
    "--from",
    "ecole-automne-2025",
    "--slug",
    "ecole-automne-2026",
    "--starts",
    "2026-10-19",
    "--ends",
    "2026-10-23",
]


@pytest.fixture
def edition_2025(db):
    call_command("load_initial_data", verbosity=0)
    return Edition.objects.get(slug="ecole-automne-2025")


def dump():
    out = io.StringIO()
    call_command("dumpdata", "programme", "cahier", "inscriptions", stdout=out, format="json")
    return {(row["model"], row["pk"]): row for row in json.loads(out.getvalue())}


def prepare(*args):
    out = io.StringIO()
    call_command("prepare_edition", *args, stdout=out)
    return out.getvalue()


def test_prepare_edition_copies_what_carries_over(edition_2025):
    output = prepare(*NEXT)

    new = Edition.objects.get(slug="ecole-automne-2026")
    assert output.strip() == (
        "Édition « ecole-automne-2026 » préparée à partir de « ecole-automne-2025 » (2026-10-19 au 2026-10-23), "
        "non courante."
    )
    assert (new.starts_on, new.ends_on, new.is_current) == (
        datetime.date(2026, 10, 19),
        datetime.date(2026, 10, 23),
        False,
    )
    for field in (
        "name",
        "venue",
        "address",
        "contact_email",
        "course_code",
        "course_title",
        "course_credits",
        "attestation_text",
        "capacity",
        "presentation",
        "objectives",
    ):
        assert getattr(new, field) == getattr(edition_2025, field), field
    assert list(Partner.objects.filter(edition=new).values_list("name", "role", "order")) == list(
        Partner.objects.filter(edition=edition_2025).values_list("name", "role", "order")
    )
    assert list(Room.objects.filter(edition=new).values_list("name", "location_detail", "capacity")) == list(
        Room.objects.filter(edition=edition_2025).values_list("name", "location_detail", "capacity")
    )

    # The cahier's structure, word for word, with its levels; no « Séances liées ».
    def structure(edition):
        return [
            (
                page.slug,
                page.title,
                [
                    (p.label, p.level.name if p.level else None, [q.text for q in p.guiding_questions.all()])
                    for p in page.prompts.all()
                ],
            )
            for page in Page.objects.filter(edition=edition).prefetch_related("prompts__guiding_questions")
        ]

    assert structure(new) == structure(edition_2025)
    assert Level.objects.filter(edition=new).count() == Level.objects.filter(edition=edition_2025).count() == 3
    assert Prompt.objects.filter(page__edition=new).count() == 19
    assert GuidingQuestion.objects.filter(prompt__page__edition=new).count() == 30
    assert not Page.sessions.through.objects.filter(page__edition=new).exists()
    # The programme starts empty.
    assert (new.days.count(), new.sessions.count(), new.speakers.count()) == (0, 0, 0)


def test_prepare_edition_leaves_the_source_byte_for_byte(edition_2025):
    before = dump()
    prepare(*NEXT)
    after = dump()

    assert {key: after[key] for key in before} == before
    new = Edition.objects.get(slug="ecole-automne-2026")
    added = {key for key in after if key not in before}
    assert ("programme.edition", new.pk) in added
    # edition and its programme stamp, partners, rooms, levels, pages, prompts, questions
    assert len(added) == 2 + 9 + 5 + 3 + 10 + 19 + 30


@pytest.mark.parametrize(
    "arguments, message",
    [
        (["--from", "ecole-automne-1999"], "Aucune édition n'a l'identifiant « ecole-automne-1999 »."),
        (["--slug", "ecole-automne-2025"], "L'identifiant « ecole-automne-2025 » est déjà pris par une autre édition."),
        (["--starts", "2026-10-23", "--ends", "2026-10-19"], "Le dernier jour doit être le premier jour ou après."),
        (
            ["--starts", "2025-10-24", "--ends", "2025-10-28"],
            "Ces dates chevauchent celles de l'édition « ecole-automne-2025 » (2025-10-20 au 2025-10-24).",
        ),
        (["--starts", "19/10/2026"], "Date invalide : « 19/10/2026 » (attendu AAAA-MM-JJ)."),
        (
            ["--slug", "École 2026"],
            "Identifiant invalide : « École 2026 » (lettres minuscules, chiffres et traits d'union).",
        ),
    ],
)
def test_prepare_edition_with_bad_arguments_says_why_and_changes_nothing(edition_2025, arguments, message):
    values = dict(zip(NEXT[::2], NEXT[1::2], strict=True))
    values.update(dict(zip(arguments[::2], arguments[1::2], strict=True)))
    before = dump()

    with pytest.raises(CommandError) as refused:
        prepare(*[part for pair in values.items() for part in pair])

    assert str(refused.value) == message
    assert dump() == before


EDITIONS = "/admin/programme/edition/"


@pytest.fixture
def organizer_client(client, db):
    from django.contrib.auth.models import Group

    from automne.roles import ORGANIZERS_GROUP
    from inscriptions.models import User

    user = User.objects.create_user("orga@enap.ca", "un mot de passe solide", is_staff=True)
    user.groups.add(Group.objects.get(name=ORGANIZERS_GROUP))
    client.force_login(user)
    return client


def test_admin_prepares_the_next_edition_from_the_list(organizer_client, edition_2025):
    action = {"action": "prepare_next", "_selected_action": [edition_2025.pk]}
    form = organizer_client.post(EDITIONS, action)
    assert form.status_code == 200
    assert "Préparer l'édition suivante" in form.content.decode()

    refused = organizer_client.post(
        EDITIONS,
        {**action, "prepare": "1", "slug": "ecole-automne-2025", "starts_on": "2026-10-19", "ends_on": "2026-10-23"},
    )
    assert refused.context["form"].non_field_errors() == [
        "L'identifiant « ecole-automne-2025 » est déjà pris par une autre édition."
    ]
    assert Edition.objects.count() == 1

    done = organizer_client.post(
        EDITIONS,
        {**action, "prepare": "1", "slug": "ecole-automne-2026", "starts_on": "2026-10-19", "ends_on": "2026-10-23"},
        follow=True,
    )
    assert done.status_code == 200
    new = Edition.objects.get(slug="ecole-automne-2026")
    assert (new.is_current, Room.objects.filter(edition=new).count(), Level.objects.filter(edition=new).count()) == (
        False,
        5,
        3,
    )


def test_admin_makes_another_edition_current_in_one_step(organizer_client, edition_2025):
    prepare(*NEXT)
    new = Edition.objects.get(slug="ecole-automne-2026")
    organizer_client.post(EDITIONS, {"action": "make_current", "_selected_action": [new.pk]})
    assert list(Edition.objects.filter(is_current=True).values_list("slug", flat=True)) == ["ecole-automne-2026"]


def test_two_current_editions_are_refused_with_a_french_message(edition_2025):
    from django.core.exceptions import ValidationError

    prepare(*NEXT)
    new = Edition.objects.get(slug="ecole-automne-2026")
    new.is_current = True
    with pytest.raises(ValidationError) as refused:
        new.full_clean()
    assert refused.value.messages == [
        "Une autre édition est déjà l'édition courante : une seule à la fois. Utilisez l'action "
        "« Faire de cette édition l'édition courante » de la liste des éditions."
    ]
