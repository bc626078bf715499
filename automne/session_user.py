"""The logged-in account of a request, read and validated as django.contrib.auth does on every request,
in one prepared query: for the hot paths (a participant's kept pages, the cahier's autosave).

Validated, as Django's `auth.get_user` would: the session row, unexpired (a logout elsewhere deletes
it); its backend, one of AUTHENTICATION_BACKENDS; its account, active, whose current password gives
the session's hash (a password change elsewhere changes it). Anything this module does not read as
Django would (another session engine, a hash of an older SECRET_KEY, messages waiting in the
session) gives None, and the ordinary path decides.

The session row and the account come in one query once this process knows whose a session is (a
session key names one account for its whole life: a login makes a new key), in two otherwise. The
queries are built with the ORM once, then run as their SQL (`Prepared`): building and compiling a
query is most of a small query's cost.
"""

import datetime
from collections import OrderedDict
from dataclasses import dataclass
from functools import lru_cache, wraps

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.db import connection
from django.db.models import Subquery
from django.utils import timezone
from django.utils.crypto import constant_time_compare

DATABASE_SESSIONS = "django.contrib.sessions.backends.db"
SENTINEL_ID = -8_675_309
SENTINEL_KEY = "automne-session-key-sentinel"
SENTINEL_MOMENT = datetime.datetime(1901, 2, 3, 4, 5, 6, 789012, tzinfo=datetime.UTC)
OWNERS_REMEMBERED = 20_000


@dataclass(frozen=True)
class _Slot:
    name: str  # of the value that takes this parameter's place


class Prepared:
    """A query built with the ORM once, then run as its SQL with new values, its rows converted as
    the ORM converts them. `build(**sentinels)` makes the queryset with sentinel values, each
    replaced at run time by the value of the same name."""

    def __init__(self, build, **sentinels):
        self.build, self.sentinels = build, sentinels
        self.compiled = None

    def rows(self, raw=False, **values):
        if self.compiled is None or self.compiled[0] != connection.vendor:
            compiler = self.build(**self.sentinels).query.get_compiler(connection=connection)
            sql, params = compiler.as_sql()
            slots = {_adapted(value): _Slot(name) for name, value in self.sentinels.items()}
            converters = compiler.get_converters([column[0] for column in compiler.select[: compiler.col_count]])
            self.compiled = (connection.vendor, compiler, converters, sql, [slots.get(p, p) for p in params])
        _, compiler, converters, sql, params = self.compiled
        with connection.cursor() as cursor:
            cursor.execute(
                sql, [_adapted(values[param.name]) if isinstance(param, _Slot) else param for param in params]
            )
            rows = cursor.fetchall()
        return rows if raw else self.converted(rows)

    def instance(self, model, **values):
        """The first row as an instance of `model` (the query selects its fields, in order), or None."""
        return self.instance_and_annotations(model, **values)[0]

    def instance_and_annotations(self, model, **values):
        """The first row as an instance of `model` (the query selects its fields first, in order) and the
        values of the row after them (its annotations); (None, ()) when there is no row."""
        rows = self.rows(**values)
        if not rows:
            return None, ()
        names = [field.attname for field in model._meta.concrete_fields]
        return model.from_db(connection.alias, names, rows[0][: len(names)]), tuple(rows[0][len(names) :])

    def converted(self, rows):
        """`rows` as the database gave them, converted as the ORM converts them."""
        _, compiler, converters, _, _ = self.compiled
        return [tuple(row) for row in compiler.apply_converters(rows, converters)] if converters else rows


def _adapted(value):
    if isinstance(value, datetime.datetime):
        return connection.ops.adapt_datetimefield_value(value)
    return value


def _users(user_id):
    """The account, every field, with `in_teaching_team` (for the header), as the site's backend loads it."""
    from inscriptions import staff

    return staff.with_team_flag(get_user_model()._default_manager.filter(pk=user_id))


def _session_query(key, now):
    return Session.objects.filter(session_key=key, expire_date__gt=now).values_list("session_data")


def _session_and_user_query(key, now, user_id):
    sessions = Session.objects.filter(session_key=key, expire_date__gt=now).values("session_data")
    return _users(user_id).annotate(session_data=Subquery(sessions[:1])).order_by()


SESSION_ROW = Prepared(_session_query, key=SENTINEL_KEY, now=SENTINEL_MOMENT)
USER_ROW = Prepared(_users, user_id=SENTINEL_ID)
SESSION_AND_USER_ROW = Prepared(_session_and_user_query, key=SENTINEL_KEY, now=SENTINEL_MOMENT, user_id=SENTINEL_ID)
_owners = OrderedDict()  # session key → the account it names, as this process last saw it


@dataclass
class Account:
    """The request's account as validated here: what a page shows of it, and the account itself,
    made only when asked for (`user()`: converting the row costs more than the rest)."""

    pk: int
    is_staff: bool
    in_teaching_team: bool
    source: Prepared
    row: tuple

    def user(self):
        row = self.source.converted([self.row])[0]
        model = get_user_model()
        names = [field.attname for field in model._meta.concrete_fields]
        user = model.from_db(connection.alias, names, row[: len(names)])
        user.in_teaching_team = self.in_teaching_team
        return user


def user_of(request):
    """The request's account, validated (see the module's docstring), with `in_teaching_team`; None
    when there is none or when this module leaves the decision to Django's ordinary path."""
    account = account_of(request)
    return account.user() if account is not None else None


def account_of(request):
    """The request's Account, validated (see the module's docstring); None when there is none or
    when this module leaves the decision to Django's ordinary path."""
    key = request.COOKIES.get(settings.SESSION_COOKIE_NAME, "")
    if settings.SESSION_ENGINE != DATABASE_SESSIONS or len(key) != 32 or not key.isalnum() or not key.isascii():
        return None
    now = timezone.now()
    owner = _owners.get(key)
    if owner is not None:
        rows = SESSION_AND_USER_ROW.rows(raw=True, key=key, now=now, user_id=owner)
        if rows and rows[0][-1] is not None:
            data = _session_data(rows[0][-1])
            if data is not None and data.get(SESSION_KEY) == str(owner):
                return _validated(SESSION_AND_USER_ROW, rows[0], data)
        _owners.pop(key, None)
    rows = SESSION_ROW.rows(key=key, now=now)
    data = _session_data(rows[0][0]) if rows else None
    if data is None:
        return None
    try:
        user_id = get_user_model()._meta.pk.to_python(data.get(SESSION_KEY))
    except Exception:  # noqa: BLE001 — whatever the session holds, the ordinary path decides
        return None
    rows = USER_ROW.rows(raw=True, user_id=user_id) if user_id is not None else []
    account = _validated(USER_ROW, rows[0], data) if rows else None
    if account is not None:
        _remember(_owners, key, account.pk)
    return account


def _session_data(encoded):
    """The session's data ({} when its signature does not verify), None when the ordinary path must
    read it (messages waiting, a backend of another kind). The same stored text always decodes the
    same: the last decodings are remembered (the row is read on every request all the same)."""
    data = _decoded.get(encoded)
    if data is None:
        data = _remember(_decoded, encoded, SessionStore().decode(encoded))
    if "_messages" in data or data.get(BACKEND_SESSION_KEY) not in settings.AUTHENTICATION_BACKENDS:
        return None
    return data


@lru_cache(maxsize=1)
def _places():
    """Where the account's pk, password, is_active and is_staff are in its row (its fields' order)."""
    names = [field.attname for field in get_user_model()._meta.concrete_fields]
    pk = get_user_model()._meta.pk.attname
    return names.index(pk), names.index("password"), names.index("is_active"), names.index("is_staff"), len(names)


def _validated(source, row, data):
    """The Account of `row` (a raw row of `source`) if it is active and its current password gives
    the session's hash, as Django checks it."""
    pk, password, is_active, is_staff, team = _places()
    known = (settings.SECRET_KEY, row[password])
    expected = _hashes.get(known)
    if expected is None:
        expected = _remember(_hashes, known, get_user_model()(password=row[password]).get_session_auth_hash())
    if not row[is_active] or not constant_time_compare(data.get(HASH_SESSION_KEY, ""), expected):
        return None
    return Account(row[pk], bool(row[is_staff]), bool(row[team]), source, row)


_decoded, _hashes = OrderedDict(), OrderedDict()  # what the last requests computed, as above


def _remember(memory, key, value):
    memory[key] = value
    while len(memory) > OWNERS_REMEMBERED:
        memory.popitem(last=False)
    return value


def remember_user(view):
    """For a hot view: the request's account read and validated here, kept as the request's user
    (AuthenticationMiddleware keeps a user it finds on the request); the ordinary path otherwise."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not hasattr(request, "_cached_user"):
            user = user_of(request)
            if user is not None:
                request._cached_user = user
        return view(request, *args, **kwargs)

    return wrapped
