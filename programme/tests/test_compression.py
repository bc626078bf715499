"""Shared pages are sent compressed to whoever accepts gzip, compressed once when cached; pages
that depend on the visitor are compressed with the mitigations against BREACH (automne/compression.py)."""

import gzip
import re
import zlib

import pytest

from automne import compression
from programme.caching import cache

GZIP = {"Accept-Encoding": "gzip, deflate, br"}


def test_shared_page_is_gzipped_for_clients_that_accept_it(client, week_2025):
    plain = client.get("/programme/")
    compressed = client.get("/programme/", headers=GZIP)

    assert "Content-Encoding" not in plain
    assert compressed["Content-Encoding"] == "gzip"
    assert gzip.decompress(compressed.content) == plain.content
    assert int(compressed["Content-Length"]) == len(compressed.content) < len(plain.content) / 3
    assert compressed["ETag"] == "W/" + plain["ETag"]
    assert "Accept-Encoding" in compressed["Vary"]


def test_gzipped_page_is_validated_by_its_weak_etag(client, week_2025):
    first = client.get("/programme/", headers=GZIP)
    again = client.get("/programme/", headers={**GZIP, "If-None-Match": first["ETag"]})
    assert again.status_code == 304


def test_page_is_compressed_once_not_once_per_request(client, week_2025, monkeypatch):
    calls = []
    real = compression.gzipped
    monkeypatch.setattr(compression, "gzipped", lambda content: calls.append(1) or real(content))
    cache.clear()
    bodies = {client.get("/programme/", headers=GZIP).content for _ in range(3)}
    assert (len(calls), len(bodies)) == (1, 1)


def test_pages_of_a_logged_in_visitor_are_compressed_with_a_fresh_token_each_time(client, week_2025, django_user_model):
    user = django_user_model.objects.create_user("camille@example.org", "un mot de passe solide")
    client.force_login(user)
    answers = [client.get("/programme/", headers=GZIP) for _ in range(3)]  # rendered, then kept (personal.py)
    pages = [gzip.decompress(answer.content) for answer in answers]
    assert [answer["Content-Encoding"] for answer in answers] == ["gzip"] * 3
    assert all(b'name="csrfmiddlewaretoken"' in page and "Se déconnecter" in page.decode() for page in pages)
    tokens = [re.findall(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page) for page in pages]
    assert len({token for found in tokens for token in found}) == sum(len(set(found)) for found in tokens)
    assert "Accept-Encoding" in answers[-1]["Vary"]


def test_a_logged_in_visitors_page_with_a_query_string_is_not_compressed(client, week_2025, django_user_model):
    # The query string is what another site can make a page reflect (BREACH): never beside what is theirs.
    user = django_user_model.objects.create_user("camille@example.org", "un mot de passe solide")
    client.force_login(user)
    response = client.get("/programme/?q=atelier", headers=GZIP)
    assert response.status_code == 200
    assert "Content-Encoding" not in response
    assert b'value="atelier"' in response.content
    assert client.get("/programme/?q=atelier", headers=GZIP).status_code == 200
    client.logout()
    assert client.get("/programme/?q=atelier", headers=GZIP)["Content-Encoding"] == "gzip"


@pytest.mark.parametrize("url", ["/programme.ics", "/programme.json", "/schedule.json"])
def test_exports_keep_their_cors_header_on_a_cached_304(client, week_2025, url):
    first = client.get(url)
    again = client.get(url, headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304
    assert again["Access-Control-Allow-Origin"] == "*"


def test_a_page_changed_in_one_place_is_compressed_again_in_that_place_only(monkeypatch):
    lines = [f"<li>Séance {n} : une ligne de programme, « salle {n % 7} »</li>".encode() for n in range(20_000)]
    page = b"\n".join(lines)
    first = compression.gzipped(page)
    assert gzip.decompress(first) == page
    assert len(compression.chunks(page)) > 5
    compressed = []
    real = compression._deflated_chunk
    monkeypatch.setattr(
        compression, "_deflated_chunk", lambda chunk, before: compressed.append(chunk) or real(chunk, before)
    )
    lines[10_000] = "<li>Une séance renommée</li>".encode()
    changed = b"\n".join(lines)
    again = compression.gzipped(changed)
    assert gzip.decompress(again) == changed
    # The chunk that changed, and the one after it (compressed as it follows the changed one).
    assert len(compressed) == 2 and lines[10_000] in compressed[0]
    assert len(again) < len(zlib.compress(changed, 6)) * 1.01
