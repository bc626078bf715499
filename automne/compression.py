"""Every text answer goes out compressed (gzip) to a client that accepts it, with the mitigations
against BREACH that Django documents, and a page put together from pieces compressed once.

BREACH guesses a secret in a compressed page from the page's length, by making the victim's browser
send requests whose text the page reflects. What stands against it here:
- CSRF tokens are masked anew in every answer (Django's `get_token`), so they never repeat;
- every answer compressed per request carries « Heal the Breach » padding (Django's
  `compress_string(max_random_bytes=…)`: a random number of bytes in the gzip header);
- the pages put together from pieces (`Pieces`, the personal pages of programme/personal.py) carry
  their secrets (CSRF tokens, a calendar's secret address) in stored blocks of their own: never
  compressed and never matched by the text around them, so the length says nothing of their value;
- an answer to a logged-in visitor (a session cookie) whose address has a query string is never
  compressed: the query string is the one text another site can make a browser send and a page
  reflect (a search, a filter, `next`), while the page holds what is theirs. A form's POST carries a
  CSRF token that another site cannot forge, and no page reflects its path or headers;
- session cookies are `SameSite=Lax` (Django's default): another site's page cannot make a browser
  send them with the many background requests an attack needs.
What was checked, page by page, is in bench/README.md (« Compression et BREACH »).
"""

import hashlib
import re
import secrets
import struct
import zlib

from django.conf import settings
from django.core.cache import caches
from django.utils.cache import patch_vary_headers
from django.utils.text import compress_string

COMPRESSIBLE = (
    "text/html",
    "text/calendar",
    "text/csv",
    "text/plain",
    "application/json",
    "application/xml",
    "application/javascript",
    "image/svg+xml",
)
RANDOM_BYTES = 100  # « Heal the Breach », as django.middleware.gzip.GZipMiddleware
MIN_LENGTH = 200
ACCEPTS_GZIP = re.compile(r"\bgzip\b")


def accepts_gzip(request):
    return bool(ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", "")))


def may_compress(request):
    """False for a logged-in visitor's request with a query string (see the module's docstring)."""
    return not (request.META.get("QUERY_STRING") and settings.SESSION_COOKIE_NAME in request.COOKIES)


def is_compressible(response):
    content_type = response.get("Content-Type", "").split(";")[0].strip()
    return (
        content_type in COMPRESSIBLE
        and not response.streaming
        and not response.has_header("Content-Encoding")
        and len(response.content) >= MIN_LENGTH
    )


def weak_etag(response):
    """A compressed answer is the same page in another encoding: its ETag becomes weak."""
    etag = response.get("ETag")
    if etag and etag.startswith('"'):
        response["ETag"] = "W/" + etag


class CompressionMiddleware:
    """Compresses every text answer (HTML, JSON, calendars, XML…) for a client that accepts gzip,
    with Heal-the-Breach padding; placed right after WhiteNoise, which serves static files already
    compressed. Answers already compressed (cached shared pages, personal pages) pass unchanged."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 304 or not is_compressible(response):
            return response
        patch_vary_headers(response, ["Accept-Encoding"])
        if not accepts_gzip(request) or not may_compress(request):
            return response
        compressed = compress_string(response.content, max_random_bytes=RANDOM_BYTES)
        if len(compressed) >= len(response.content):
            return response
        response.content = compressed
        response["Content-Length"] = str(len(compressed))
        response["Content-Encoding"] = "gzip"
        weak_etag(response)
        return response


# Pages put together from pieces ------------------------------------------------------------

TEXT, SECRET, HOLE = "text", "secret", "hole"


def _stored_block(data):
    """A deflate block that holds `data` as it is (RFC 1951, 3.2.4), byte-aligned before and after."""
    blocks = []
    for start in range(0, len(data), 0xFFFF):
        chunk = data[start : start + 0xFFFF]
        blocks.append(b"\x00" + struct.pack("<HH", len(chunk), len(chunk) ^ 0xFFFF) + chunk)
    return b"".join(blocks)


WINDOW = 32 * 1024  # how far back deflate looks


def _deflated_chunk(data, before=b""):
    """`data` compressed as it follows `before` in the stream (its last WINDOW bytes), so that it may
    refer to them as deflate would in one pass."""
    if before:
        compressor = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS, zdict=before[-WINDOW:])
    else:
        compressor = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
    return compressor.compress(data) + compressor.flush(zlib.Z_SYNC_FLUSH)


CHUNK_END = 0xFF  # past CHUNK_MIN, a chunk ends after a line whose CRC-32 ends with 8 zero bits
CHUNK_MIN, CHUNK_MAX = 32 * 1024, 256 * 1024


def chunks(data):
    """`data` cut after lines chosen by their own content, not by their place, at least CHUNK_MIN
    bytes apart: an edit in one part of a page leaves the chunks far from it as they were
    (content-defined chunking, as rsync does), and each chunk is long enough to compress well."""
    found, start, end = [], 0, 0
    for line in data.split(b"\n"):
        end += len(line) + 1
        size = end - start
        if size >= CHUNK_MAX or (size >= CHUNK_MIN and zlib.crc32(line) & CHUNK_END == 0):
            found.append(data[start:end])
            start = end
    if start < len(data):
        found.append(data[start:])
    return found


def _deflated(data):
    """`data` compressed, ending byte-aligned and not final (a sync flush), so that any deflate block
    may follow it in the same stream: chunk by chunk (`chunks`), each compressed as it follows the
    one before (as one pass would: the same size) and kept by both their contents, so that a page
    that changed in one place costs the compression of a chunk or two."""
    cache = caches["pages"]  # the process's own (settings.CACHES)
    parts = chunks(data)
    befores = [b""] + [part[-WINDOW:] for part in parts[:-1]]
    keys = [
        "deflate:" + hashlib.sha256(before + b"\x00" + part).hexdigest()
        for before, part in zip(befores, parts, strict=True)
    ]
    found = cache.get_many(keys)
    made = {
        key: _deflated_chunk(part, before)
        for key, part, before in zip(keys, parts, befores, strict=True)
        if key not in found
    }
    if made:
        cache.set_many(made, 24 * 60 * 60)
        found.update(made)
    return b"".join(found[key] for key in keys)


def gzip_member(deflated, content, padding=b""):
    """One gzip member holding `deflated` (a raw deflate stream, not final, of `content`)."""
    header = b"\x1f\x8b\x08" + (b"\x08" if padding else b"\x00") + b"\x00\x00\x00\x00\x00\xff"
    name = padding + b"\x00" if padding else b""
    trailer = struct.pack("<II", zlib.crc32(content), len(content) & 0xFFFFFFFF)
    return header + name + deflated + FINAL_EMPTY_BLOCK + trailer


def gzipped(content):
    """`content` as one gzip member, compressed chunk by chunk (_deflated): for pages without a
    secret (shared pages), so without padding."""
    return gzip_member(_deflated(content), content)


FINAL_EMPTY_BLOCK = b"\x03\x00"  # a final fixed-Huffman block holding nothing: the end of the stream


class Pieces:
    """A page kept as a list of pieces: text, compressed once here; secrets, kept in stored blocks;
    and holes, filled for each answer (a CSRF token, masked anew). `content(fills)` gives the page,
    `gzipped(fills)` the same page as one gzip member, with Heal-the-Breach padding, without
    compressing anything again."""

    def __init__(self, pieces):
        self.kinds = [kind for kind, _ in pieces]
        self.plain = [data for _, data in pieces]
        self.deflated = [
            _deflated(data) if kind == TEXT else _stored_block(data) if kind == SECRET else None
            for kind, data in pieces
        ]

    def _parts(self, fills):
        fills = iter(fills)
        return [next(fills) if kind == HOLE else data for kind, data in zip(self.kinds, self.plain, strict=True)]

    def content(self, fills=()):
        return b"".join(self._parts(fills))

    def gzipped(self, fills=()):
        fills = list(fills)
        content = b"".join(self._parts(fills))
        fills = iter(fills)
        blocks = b"".join(_stored_block(next(fills)) if data is None else data for data in self.deflated)
        # The padding is the gzip header's file name, of a random length (« Heal the Breach »).
        return gzip_member(blocks, content, padding=b"a" * (1 + secrets.randbelow(RANDOM_BYTES)))
