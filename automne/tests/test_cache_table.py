"""`migrate` alone leaves a site where login works (issue 25, the cache table): the database cache's
table, where the login limits count, is created by a migration (automne/0003_cache_table), and
`createcachetable` afterwards changes nothing. Before, every login was a 500 (`no such table:
automne_cache`) until someone ran createcachetable.

Run as an operator would: manage.py on a new database (SQLite, or a scratch PostgreSQL database
beside DATABASE_URL's when the suite runs on PostgreSQL), the site's own settings, CACHE_URL unset."""

from urllib.parse import quote

from django.conf import settings

from bench import harness

FIRST_TRY = """
import json, sys, django
django.setup()
from django.test import Client
from inscriptions.models import User
User.objects.create_user("camille@exemple.ca", sys.argv[1])
client = Client(HTTP_HOST="127.0.0.1", REMOTE_ADDR="10.0.0.1", raise_request_exception=False)
response = client.post("/connexion/", {"username": "camille@exemple.ca", "password": "mauvais"})
print(json.dumps(response.status_code))
"""
SECOND_TRY = """
import json, sys, django
django.setup()
from django.core.cache import cache
from django.test import Client
from inscriptions import throttle
from inscriptions.models import User
counted = cache.get(throttle._key(throttle.LOGIN_ACCOUNT, User.objects.get().pk))
client = Client(HTTP_HOST="127.0.0.1", REMOTE_ADDR="10.0.0.1", raise_request_exception=False)
response = client.post("/connexion/", {"username": "camille@exemple.ca", "password": sys.argv[1]})
print(json.dumps([counted, response.status_code, response.get("Location")]))
"""
PASSWORD = "Un-secret-de-test-2031"


def new_database():
    """("sqlite", None), or ("postgres", the URL of a scratch database beside the suite's)."""
    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.postgresql":
        return "sqlite", None
    credentials = f"{quote(database['USER'])}:{quote(str(database['PASSWORD']))}@" if database["USER"] else ""
    host = f"{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}"
    return "postgres", f"postgres://{credentials}{host}/{database['NAME']}_cachetable"


def test_migrate_alone_leaves_a_site_where_login_works_and_createcachetable_changes_nothing():
    with harness.scratch_database("automne-cachetable-", *new_database()) as (scratch, url):
        env = harness.environment(scratch, url)
        env.pop("CACHE_URL", None)  # the default: dbcache://automne_cache
        harness.manage(env, "migrate", "--noinput")
        assert harness.run_python(env, FIRST_TRY, PASSWORD) == 200  # « Courriel ou mot de passe incorrect »
        harness.manage(env, "createcachetable")  # as the old production steps said: harmless
        assert harness.run_python(env, SECOND_TRY, PASSWORD) == [1, 302, "/mon-espace/"]
