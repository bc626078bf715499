"""Private by default: every cahier address tried as another participant gives 404; anonymous visitors log in first."""

import pytest
from django.conf import settings
from django.shortcuts import resolve_url

from cahier.models import Answer, Comment, Drawing, Notebook, Page, Prompt
from cahier.writing import save_text


@pytest.fixture
def others_things(other, cahier_structure, media_root):
    from django.core.files.base import ContentFile

    from cahier.tests.images import png_bytes

    prompt = Prompt.objects.get(page__slug="eveil", level__order=1)
    save_text(other, prompt, "Le secret de Dominique", 0)
    save_text(other, prompt, "Le secret de Dominique, version 2", 1)
    drawing = Drawing(
        user=other,
        edition=prompt.page.edition,
        caption="Croquis de Dominique",
        source=Drawing.Source.CANVAS,
        width=4,
        height=4,
    )
    drawing.image.save("image.png", ContentFile(png_bytes()), save=False)
    drawing.save()
    Notebook.objects.create(user=other, edition=prompt.page.edition)
    return {"prompt": prompt, "drawing": drawing}


@pytest.mark.django_db
def test_other_participants_addresses_are_404(writer, others_things, other):
    prompt, drawing = others_things["prompt"], others_things["drawing"]
    eveil = Page.objects.get(slug="eveil")
    gets = [
        f"/cahier/reponses/{prompt.pk}/versions/",
        f"/cahier/dessins/{drawing.pk}/image/",
        f"/cahier/equipe/ecole-automne-2025/{other.pk}/",
        f"/cahier/equipe/{other.pk}/dessins/{drawing.pk}/",
        "/cahier/equipe/",
        "/cahier/equipe/ecole-automne-2025/",
        "/cahier/equipe/ecole-automne-2025/cahiers.zip",
        f"/cahier/reponses/{prompt.pk}/versions/1/comparer/",
    ]
    posts = [
        f"/cahier/reponses/{prompt.pk}/versions/1/restaurer/",
        f"/cahier/dessins/{drawing.pk}/supprimer/",
        f"/cahier/equipe/{other.pk}/commentaires/{eveil.pk}/",
    ]
    assert [writer.get(url).status_code for url in gets] == [404] * len(gets)
    assert [writer.post(url, {"commentaire": "x"}).status_code for url in posts] == [404] * len(posts)
    assert Drawing.objects.filter(pk=drawing.pk).exists()
    assert Answer.objects.get(user=other).version == 2
    assert Comment.objects.count() == 0


@pytest.mark.django_db
def test_own_pages_never_show_another_participants_text(writer, others_things):
    for url in [
        "/cahier/",
        "/cahier/ecole-automne-2025/eveil/",
        "/cahier/ecole-automne-2025/imprimer/",
        "/cahier/ecole-automne-2025/cahier.md",
        "/cahier/ecole-automne-2025/dessinez-vos-idees/",
    ]:
        html = writer.get(url).content.decode()
        assert "Dominique" not in html, url
    # Saving on the same prompt writes the participant's own answer, never the other's.
    prompt = others_things["prompt"]
    writer.post(
        f"/cahier/api/reponses/{prompt.pk}/", '{"text": "Le mien", "version": 0}', content_type="application/json"
    )
    assert sorted(Answer.objects.values_list("text", flat=True)) == ["Le mien", "Le secret de Dominique, version 2"]


@pytest.mark.parametrize(
    "url",
    [
        "/cahier/",
        "/cahier/ecole-automne-2025/",
        "/cahier/ecole-automne-2025/eveil/",
        "/cahier/ecole-automne-2025/dessinez-vos-idees/",
        "/cahier/ecole-automne-2025/imprimer/",
        "/cahier/ecole-automne-2025/cahier.pdf",
        "/cahier/ecole-automne-2025/cahier.md",
        "/cahier/eveil/",
        "/cahier/imprimer/",
        "/cahier/cahier.pdf",
        "/cahier/cahier.md",
        "/cahier/reponses/1/versions/",
        "/cahier/dessins/1/image/",
        "/cahier/equipe/",
        "/cahier/equipe/1/",
        "/cahier/equipe/ecole-automne-2025/1/",
        "/cahier/equipe/ecole-automne-2025/",
        "/cahier/equipe/ecole-automne-2025/cahiers.zip",
        "/cahier/equipe/commentaires/1/modifier/",
        "/cahier/reponses/1/versions/1/comparer/",
    ],
)
@pytest.mark.django_db
def test_anonymous_is_sent_to_login_and_back(client, cahier_structure, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{resolve_url(settings.LOGIN_URL)}?next={url}"
