"""The speaker's space: their sessions with times, rooms, co-speakers and what changed; materials
added to their own sessions only; nothing of any participant; and for no one else."""

import html

import pytest
from django.urls import reverse

from automne import clean_input
from automne.models import StoredFile
from inscriptions.tests.factories import make_registration
from intervenants import accounts
from intervenants.tests.factories import make_organizer, make_speaker_account, make_teacher
from programme import change_effects
from programme.models import Choice, Room
from supports import files
from supports.models import Material
from supports.tests import samples

pytestmark = pytest.mark.django_db
SPACE = "/espace-intervenant/"


def text_of(response):
    return html.unescape(response.content.decode())


def test_the_space_shows_each_session_with_its_time_room_and_co_speakers(speaker_client, speaker, case_studies):
    session = case_studies[0]
    page = text_of(speaker_client.get(SPACE))
    assert session.title in page
    assert (
        '<li>Lundi 20 octobre 2025, <time datetime="2025-10-20T13:30:00-04:00">13\xa0h\xa030</time> à '
        '<time datetime="2025-10-20T14:45:00-04:00">14\xa0h\xa045</time> · Salle à venir</li>'
    ) in page
    other = session.session_speakers.exclude(speaker=speaker).get().speaker
    assert f"Avec {other.full_name}" in page
    assert case_studies[1].title not in page  # a session they do not speak in


def test_the_space_says_what_changed(speaker_client, case_studies, edition):
    occurrence = case_studies[0].occurrences.get()
    occurrence.room = Room.objects.create(edition=edition, name="Salle Verrière")
    change_effects.save(occurrence)
    page = text_of(speaker_client.get(SPACE))
    # the factories write outside programme/change_effects.py: the room is the one change logged
    assert "<summary>Ce qui a changé (1)</summary>" in page
    assert ": Salle attribuée — Salle Verrière</li></ul>" in page


def test_the_space_shows_no_participant_data(speaker_client, case_studies, edition):
    registration = make_registration(edition, first_name="Participante", last_name="Secrète")
    Choice.objects.create(user=registration.user, occurrence=case_studies[0].occurrences.get())
    page = text_of(speaker_client.get(SPACE))
    assert "Secrète" not in page and registration.email not in page
    for address in ("/admin/inscriptions/registration/", "/presences/", "/cahier/equipe/"):
        assert speaker_client.get(address).status_code in (302, 403, 404), address


@pytest.mark.parametrize("role", ["participant", "équipe pédagogique", "organisateur"])
def test_the_space_is_the_speakers_only(client, edition, role):
    person = {
        "participant": lambda: make_registration(edition).user,
        "équipe pédagogique": make_teacher,
        "organisateur": make_organizer,
    }[role]()
    client.force_login(person)
    response = client.get(SPACE)
    assert response.status_code == 403
    assert "Cet espace est celui des intervenant·e·s du programme" in text_of(response)


def test_a_visitor_is_asked_to_log_in(client, edition):
    assert client.get(SPACE)["Location"] == f"/connexion/?next={SPACE}"


def test_a_speaker_adds_a_file_and_a_link_to_their_session(speaker_client, case_studies, speaker_account):
    session = case_studies[0]
    url = reverse("intervenants:add_material", kwargs={"session": session.pk})
    assert speaker_client.get(url).status_code == 200
    response = speaker_client.post(
        url,
        {"title": "Diapositives", "visibility": "public", "file": samples.upload("diapos.pdf", samples.pdf_bytes())},
    )
    assert response["Location"] == SPACE
    response = speaker_client.post(
        url, {"title": "Vidéo", "visibility": "participants", "url": "https://exemple.org/v"}
    )
    assert response["Location"] == SPACE
    assert list(Material.objects.order_by("pk").values_list("session", "title", "file_type", "added_by")) == [
        (session.pk, "Diapositives", "pdf", speaker_account.pk),
        (session.pk, "Vidéo", "", speaker_account.pk),
    ]
    page = text_of(speaker_client.get(SPACE))
    assert "Diapositives" in page and "visible par\xa0: tout le monde" in page


def test_a_speaker_cannot_add_to_another_session_or_edition(speaker_client, case_studies, past_edition):
    from programme.models import Session

    elsewhere = Session.objects.filter(edition=past_edition, kind=Session.Kind.CASE_STUDY).first()
    for session in (case_studies[1], elsewhere):
        url = reverse("intervenants:add_material", kwargs={"session": session.pk})
        response = speaker_client.post(url, {"title": "Intrus", "visibility": "public", "url": "https://exemple.org"})
        assert response.status_code == 403
        assert str(accounts.NOT_YOUR_SESSION) in text_of(response)
    url = reverse("intervenants:add_material", kwargs={"session": 999_999})
    assert speaker_client.post(url, {"title": "Intrus", "url": "https://exemple.org"}).status_code == 404
    assert Material.objects.count() == 0


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("page.pdf", samples.HTML, files.REFUSED_TYPE),
        ("diapos.pptx", samples.pdf_bytes(), files.DISGUISED.format(claimed="pptx", actual="un PDF")),
        ("photo.png", samples.png_bytes(), files.REFUSED_TYPE),
    ],
)
def test_a_refused_file_is_said_in_french_and_nothing_is_stored(speaker_client, case_studies, name, data, message):
    url = reverse("intervenants:add_material", kwargs={"session": case_studies[0].pk})
    response = speaker_client.post(
        url, {"title": "Diapositives", "visibility": "public", "file": samples.upload(name, data)}
    )
    assert response.status_code == 400
    assert str(message) in text_of(response)
    assert 'value="Diapositives"' in response.content.decode()  # the title is kept
    assert (Material.objects.count(), StoredFile.objects.count()) == (0, 0)


def test_a_file_larger_than_the_form_limit_passes_the_bad_input_middleware(speaker_client, case_studies):
    """BadInputMiddleware reads every multipart POST (its file names included) before the view: a file of
    8 Mio, over DATA_UPLOAD_MAX_MEMORY_SIZE (7 Mio, which counts the fields, not the files) and kept in
    a temporary file by Django, still reaches supports/materials.py whole."""
    pdf = samples.pdf_bytes()
    big = pdf.replace(b"\n", b"\n%" + b"x" * (8 * 1024 * 1024) + b"\n", 1)
    url = reverse("intervenants:add_material", kwargs={"session": case_studies[0].pk})
    response = speaker_client.post(url, {"title": "Gros", "visibility": "public", "file": samples.upload("g.pdf", big)})
    assert response["Location"] == SPACE
    assert Material.objects.get().file.open("rb").read() == big


def test_an_upload_with_a_refused_character_is_refused_before_the_view(speaker_client, case_studies):
    """The multipart form of an upload is read by BadInputMiddleware like any other: a NUL in the title
    is a 400 in French, and neither the file nor the row is stored."""
    url = reverse("intervenants:add_material", kwargs={"session": case_studies[0].pk})
    upload = samples.upload("diapos.pdf", samples.pdf_bytes())
    response = speaker_client.post(url, {"title": "Diapo\x00sitives", "visibility": "public", "file": upload})
    assert response.status_code == 400
    assert clean_input.BAD_TEXT in text_of(response)
    assert (Material.objects.count(), StoredFile.objects.count()) == (0, 0)


def test_a_file_over_the_limit_from_the_space_is_refused(speaker_client, case_studies, settings):
    settings.SUPPORTS_FILE_MAX_BYTES = 2048
    url = reverse("intervenants:add_material", kwargs={"session": case_studies[0].pk})
    response = speaker_client.post(
        url, {"title": "Gros", "visibility": "public", "file": samples.upload("g.pdf", samples.pdf_bytes(pages=20))}
    )
    assert response.status_code == 400
    assert "Ce fichier dépasse 2\xa0ko" in text_of(response)
    assert Material.objects.count() == 0


def test_a_speaker_removes_what_they_added_and_nothing_else(speaker_client, case_studies, speaker_account, edition):
    from supports import materials

    mine = materials.add(
        case_studies[0], title="Le mien", visibility="public", url="https://exemple.org/1", by=speaker_account
    )
    organizers = materials.add(
        case_studies[0], title="Des organisateurs", visibility="public", url="https://exemple.org/2"
    )
    co_speaker = make_speaker_account(case_studies[1].speakers.first())
    elsewhere = materials.add(
        case_studies[1], title="Ailleurs", visibility="public", url="https://exemple.org/3", by=co_speaker
    )
    for material in (organizers, elsewhere):
        response = speaker_client.post(reverse("intervenants:remove_material", kwargs={"pk": material.pk}))
        assert response.status_code == 403
    assert speaker_client.get(reverse("intervenants:remove_material", kwargs={"pk": mine.pk})).status_code == 405
    assert speaker_client.post(reverse("intervenants:remove_material", kwargs={"pk": mine.pk}))["Location"] == SPACE
    assert set(Material.objects.values_list("title", flat=True)) == {"Des organisateurs", "Ailleurs"}


def test_the_space_query_count_is_the_same_at_one_and_ten_times(
    speaker_client, speaker, case_studies, edition, django_assert_num_queries
):
    from programme.models import SessionSpeaker
    from programme.tests.factories import grow_programme
    from supports import materials

    materials.add(case_studies[0], title="Lien", visibility="public", url="https://exemple.org")
    # session, user, group; links, photos, places, sessions with their speakers and occurrences, changes,
    # materials; the current edition (the header)
    with django_assert_num_queries(12):
        assert speaker_client.get(SPACE).status_code == 200
    grow_programme(edition, 10)
    for session in edition.sessions.exclude(session_speakers__speaker=speaker)[:9]:
        SessionSpeaker.objects.get_or_create(session=session, speaker=speaker)
        materials.add(session, title="Lien", visibility="public", url="https://exemple.org")
    with django_assert_num_queries(12):
        page = speaker_client.get(SPACE).content.decode()
    assert page.count('class="card spoken-session"') == 10
