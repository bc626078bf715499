"""Materials, speakers' photos and evaluations are in every backup, as the drawings are: restored
into an empty database, every file comes back byte for byte, every row with its random key."""

import io

import pytest
from django.core.management import call_command

from appreciations.models import Answer, Question, Questionnaire, Respondent, SessionRating
from automne.models import StoredFile
from cahier.tests.images import png_bytes
from inscriptions.tests.factories import make_registration
from intervenants import photos
from intervenants.models import SpeakerAccount, SpeakerPhoto
from intervenants.tests.factories import make_speaker_account
from programme.models import Session
from programme.tests.factories import make_programme
from supports import materials
from supports.models import Material
from supports.tests import samples

pytestmark = pytest.mark.django_db(transaction=True)


def snapshot():
    return {
        "materials": sorted(
            (m.pk, m.title, m.visibility, m.file.open("rb").read() if m.file else m.url) for m in Material.objects.all()
        ),
        "photos": sorted((p.speaker_id, p.digest, p.image.open("rb").read()) for p in SpeakerPhoto.objects.all()),
        "links": sorted(SpeakerAccount.objects.values_list("user__email", "speaker_id")),
        "ratings": sorted(SessionRating.objects.values_list("pk", "session_id", "score", "comment")),
        "answers": sorted(Answer.objects.values_list("pk", "question_id", "number", "text")),
        "respondents": sorted(Respondent.objects.values_list("pk", "user__email")),
    }


def test_backup_and_restore_keep_materials_photos_and_evaluations(settings, tmp_path):
    import datetime

    settings.MEDIA_ROOT = tmp_path / "media"
    edition = make_programme()
    session = Session.objects.filter(kind=Session.Kind.CASE_STUDY).first()
    materials.add(
        session,
        title="Diapositives",
        visibility="public",
        upload=samples.upload("d.pptx", samples.office_bytes("pptx")),
    )
    materials.add(session, title="Lien", visibility="equipe", url="https://exemple.org")
    make_speaker_account(session.speakers.first(), "intervenante@exemple.org")
    photos.replace(session.speakers.first(), png_bytes((40, 40)))
    SessionRating.objects.create(session=session, score=4, comment="Bien")
    questionnaire = Questionnaire.objects.create(
        edition=edition,
        opens_at=datetime.datetime(2025, 10, 24, 16, tzinfo=datetime.UTC),
        closes_at=datetime.datetime(2025, 10, 31, 16, tzinfo=datetime.UTC),
    )
    question = Question.objects.create(questionnaire=questionnaire, kind="texte", text="Un mot ?")
    Answer.objects.create(question=question, text="Merci")
    Respondent.objects.create(questionnaire=questionnaire, user=make_registration(edition).user)
    before = snapshot()
    assert len(before["materials"]) == 2 and len(before["photos"]) == 1
    backup_file = tmp_path / "sauvegarde.tar.gz"
    call_command("backup", str(backup_file), stdout=io.StringIO())
    call_command("flush", interactive=False, verbosity=0)
    assert StoredFile.objects.count() == 0
    call_command("restore", str(backup_file), stdout=io.StringIO())
    assert snapshot() == before
