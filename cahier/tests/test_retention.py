"""The retention period ends for an edition, not only for an account: two years after 2025's last day,
Camille's 2025 notebook and 2025 choices go, while her account, her 2026 registration and her 2026
notebook stay exactly as they are (inscriptions/retention.py, cahier/user_data.py)."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from automne.models import StoredFile
from cahier import images
from cahier.models import Answer, AnswerRevision, CaseStudyChoice, Comment, Drawing, Notebook, Page, TeamReading
from cahier.tests.images import png_bytes
from cahier.tests.test_editions import eveil_prompt
from cahier.writing import save_text
from inscriptions import retention
from inscriptions.models import Registration, User
from inscriptions.tests.factories import make_registration
from programme.models import ChangeNotice, Choice, Occurrence, PersonalCalendar, Session
from programme.tests.factories import make_programme

pytestmark = pytest.mark.django_db


def write_notebook(user, edition, words):
    """A notebook of `edition`: an answer with two versions, a case study, a drawing, a comment,
    a reading by the team, a chosen session and a change notice waiting."""
    prompt = eveil_prompt(edition)
    save_text(user, prompt, words, 0)
    save_text(user, prompt, f"{words}, relue", 1)
    regards = Page.objects.get(edition=edition, slug="regards")
    regards.choose_case_study(user, Session.objects.filter(edition=edition, kind=Session.Kind.CASE_STUDY).first().pk)
    notebook = Notebook.objects.create(user=user, edition=edition)
    notebook.share()
    TeamReading.objects.create(reader=user, notebook=notebook, read_at=timezone.now())
    Comment.objects.create(owner=user, page=prompt.page, text=f"Commentaire {words}")
    images.store(user, png_bytes(), f"Dessin {words}", Drawing.Source.CANVAS, edition=edition)
    occurrence = Occurrence.objects.filter(time_slot__day__edition=edition).exclude(
        session__kind__in=Session.LOGISTICS
    )[0]
    Choice.objects.create(user=user, occurrence=occurrence)
    ChangeNotice.objects.create(user=user, edition=edition, session_title="Séance", detail="salle")


def what_is_left(user):
    return {
        "answers": sorted(Answer.objects.filter(user=user).values_list("prompt__page__edition__slug", flat=True)),
        "revisions": AnswerRevision.objects.filter(answer__user=user).count(),
        "case_studies": sorted(CaseStudyChoice.objects.filter(user=user).values_list("page__edition__slug", flat=True)),
        "comments": sorted(Comment.objects.filter(owner=user).values_list("text", flat=True)),
        "drawings": sorted(Drawing.objects.filter(user=user).values_list("caption", flat=True)),
        "notebooks": sorted(Notebook.objects.filter(user=user).values_list("edition__slug", flat=True)),
        "readings": TeamReading.objects.filter(notebook__user=user).count(),
        "choices": sorted(
            Choice.objects.filter(user=user).values_list("occurrence__session__edition__slug", flat=True)
        ),
        "notices": sorted(ChangeNotice.objects.filter(user=user).values_list("edition__slug", flat=True)),
    }


def test_a_kept_account_loses_its_expired_editions_cahier_and_choices(participant, edition_2025, edition_2026):
    make_programme(edition_2026)
    make_registration(edition_2025, participant)
    make_registration(edition_2026, participant)
    write_notebook(participant, edition_2025, "2025")
    write_notebook(participant, edition_2026, "2026")
    PersonalCalendar.objects.create(user=participant, token="jeton-secret")
    files = StoredFile.objects.count()
    with time_machine.travel(datetime.datetime(2027, 10, 23, 23, 0, tzinfo=datetime.UTC), tick=False):
        assert retention.apply() == retention.Applied(registrations=0, notebooks=0, accounts=0)
    with time_machine.travel(datetime.datetime(2027, 10, 24, 12, 0, tzinfo=datetime.UTC), tick=False):
        assert retention.apply() == retention.Applied(registrations=1, notebooks=1, accounts=0)
        assert retention.apply() == retention.Applied()  # nothing more, the next night
    assert User.objects.filter(pk=participant.pk).exists()
    assert list(Registration.objects.filter(user=participant).values_list("edition__slug", flat=True)) == [
        "ecole-automne-2026"
    ]
    assert what_is_left(participant) == {
        "answers": ["ecole-automne-2026"],
        "revisions": 2,
        "case_studies": ["ecole-automne-2026"],
        "comments": ["Commentaire 2026"],
        "drawings": ["Dessin 2026"],
        "notebooks": ["ecole-automne-2026"],
        "readings": 1,
        "choices": ["ecole-automne-2026"],
        "notices": ["ecole-automne-2026"],
    }
    assert StoredFile.objects.count() == files - 1  # the 2025 drawing's file
    assert PersonalCalendar.objects.filter(user=participant).exists()  # the account's, for every edition


def test_an_expired_editions_cahier_structure_stays(participant, edition_2025):
    pages = Page.objects.filter(edition=edition_2025).count()
    write_notebook(participant, edition_2025, "2025")
    with time_machine.travel(datetime.datetime(2027, 10, 24, 12, 0, tzinfo=datetime.UTC), tick=False):
        retention.apply()
    assert Page.objects.filter(edition=edition_2025).count() == pages
