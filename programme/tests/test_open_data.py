"""Every export is open data: `Access-Control-Allow-Origin: *`, with ETag and 304 as for the pages."""

import pytest

EXPORTS = [
    "/programme.ics",
    "/programme.json",
    "/seances/co-production-and-evaluation.ics",
    "/schedule.xml",
    "/schedule.json",
]


@pytest.mark.parametrize("path", EXPORTS)
def test_export_allows_every_origin_with_etag_and_304(client, week_2025, path):
    first = client.get(path, HTTP_ORIGIN="https://exemple.org")
    assert first.status_code == 200
    assert first["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in first
    again = client.get(path, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again["ETag"] == first["ETag"]


@pytest.mark.parametrize("path", EXPORTS)
def test_export_with_a_garbage_if_none_match_gets_a_full_200(client, week_2025, path):
    first = client.get(path)
    for garbage in ('"n\'importe quoi"', "pas un etag", "W/", ",,,"):
        response = client.get(path, HTTP_IF_NONE_MATCH=garbage)
        assert response.status_code == 200
        assert response.content == first.content


def test_pages_are_not_opened_to_other_origins(client, week_2025):
    assert "Access-Control-Allow-Origin" not in client.get("/programme/")
