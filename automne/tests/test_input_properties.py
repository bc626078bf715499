"""Properties of the parsers every request goes through (issue 25): for any input up to the size allowed,
an answer or a refusal in French (BadInput, a 4xx), never another exception, never a 500."""

import json
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from automne import clean_input
from automne.testing import through_wsgi_entry

JSONISH = st.text(alphabet=st.sampled_from('"\\[]{}:, a1\n\x00é'), max_size=400)
BODY_SIZE = clean_input.MAX_JSON_BYTES + 1


def depth_exceeds_one_character_at_a_time(raw, limit):
    """The plainest reading of the rule, to compare with: a string ends at an unescaped quote, or at the end."""
    depth, in_string, escaped = 0, False, False
    for char in raw:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > limit:
                return True
        elif char in "]}":
            depth -= 1
    return False


@given(JSONISH, st.integers(min_value=0, max_value=25))
@example('{"a": "' + '\\"' * 5000, 20)
@example('"\\', 0)
@example("[" * 21 + "]" * 21, 20)
def test_json_depth_scanner_reads_as_the_plain_rule_does(raw, limit):
    assert clean_input.json_depth_exceeds(raw, limit) is depth_exceeds_one_character_at_a_time(raw, limit)


@given(st.binary(max_size=BODY_SIZE))
@example(b'{"a": "' + b'\\"' * 100_000)
@example(b"[" * 100_000)
@example(b"\xff\xfe")
@example(b"1" * 5000)
def test_any_body_is_an_object_or_refused_in_french(body):
    try:
        data = clean_input.parse_json_object(body)
    except clean_input.BadInput as refused:
        assert str(refused) in (clean_input.BAD_JSON, clean_input.TOO_DEEP, clean_input.TOO_BIG, clean_input.BAD_TEXT)
    else:
        assert isinstance(data, dict)


def nested(depth):
    value = "fond"
    for _ in range(depth):
        value = {"a": [value]}
    return value


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=30,
)


def depth_of(value):
    if isinstance(value, dict):
        return 1 + max(map(depth_of, value.values()), default=0)
    if isinstance(value, list):
        return 1 + max(map(depth_of, value), default=0)
    return 0


@given(
    st.dictionaries(st.text(max_size=8), JSON_VALUES, max_size=5) | st.integers(min_value=15, max_value=30).map(nested)
)
def test_a_json_object_is_kept_exactly_unless_too_deep_or_with_bad_text(value):
    body = json.dumps(value).encode()
    bad_text = any(clean_input.is_bad_text(text) for text in clean_input.strings_in(value))
    try:
        data = clean_input.parse_json_object(body)
    except clean_input.BadInput as refused:
        too_deep = depth_of(value) > clean_input.MAX_JSON_DEPTH
        assert str(refused) == (clean_input.TOO_DEEP if too_deep else clean_input.BAD_TEXT if bad_text else None)
    else:
        assert depth_of(value) <= clean_input.MAX_JSON_DEPTH and not bad_text
        assert data == value


@given(st.one_of(st.text(max_size=40), st.integers(), st.booleans(), st.none(), st.floats()))
@example("²")
@example("٣")
@example(str(2**63))
@example(str(2**63 - 1))
@example("0" * 19)
@example("0" * 20)
def test_parse_id_accepts_bounded_ascii_digits_and_nothing_else(value):
    result = clean_input.parse_id(value)
    if isinstance(value, bool) or value is None or isinstance(value, float):
        expected = None
    elif isinstance(value, int):
        expected = value if 0 <= value <= clean_input.MAX_INT else None
    else:
        digits = value != "" and all(char in "0123456789" for char in value) and len(value) <= 19
        expected = int(value) if digits and int(value) <= clean_input.MAX_INT else None
    assert result == expected


@given(st.lists(st.text(max_size=25), max_size=6))
def test_parse_ids_is_every_id_or_none(values):
    ids = [clean_input.parse_id(value) for value in values]
    assert clean_input.parse_ids(values) == (None if None in ids else ids)


@given(st.text(max_size=60))
@example("rot13")
@example("base64")
@example("utf-8\x00")
@example("UTF8")
def test_any_charset_name_is_told_utf8_or_not_without_an_exception(name):
    import codecs

    try:
        expected = codecs.lookup(name).name in ("utf-8", "ascii")
    except (LookupError, ValueError):
        expected = False
    assert clean_input.is_utf8_charset(name) is expected


# The site, fed any body with any declared type at any address through gunicorn's entry: a page or a 4xx,
# never a 500.
CONTENT_TYPES = st.sampled_from(
    [
        "application/json",
        "application/json; charset=rot13",
        "application/x-www-form-urlencoded",
        "application/x-www-form-urlencoded; charset=latin-1",
        "multipart/form-data",
        "multipart/form-data; boundary=x",
        "text/plain; charset=hex",
        "text/plain; charset=utf8",
        "",
    ]
)


@pytest.mark.django_db
@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(
    body=st.binary(max_size=4096) | JSONISH.map(str.encode),
    content_type=CONTENT_TYPES,
    path=st.sampled_from(["/sante/", "/connexion/", "/cahier/api/reponses/1/", "/inscription/", "/"]),
    method=st.sampled_from(["POST", "PUT", "GET"]),
    query=st.text(alphabet=st.sampled_from("a=&%²0\x00;+"), max_size=30),
)
def test_any_request_is_answered_below_500(body, content_type, path, method, query):
    status, _, _ = through_wsgi_entry(method, path, quote(query, safe="=&%;+"), content_type, body)
    assert status < 500
