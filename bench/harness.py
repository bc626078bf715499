"""What every bench script needs: a scratch database, the site served by gunicorn, a percentile.

All on 127.0.0.1 only. The scripts import it as a sibling module (`python bench/<script>.py` puts
bench/ on sys.path).
"""

import contextlib
import http.client
import http.cookiejar
import json
import os
import secrets
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

BASE_DIR = Path(__file__).resolve().parent.parent
PYTHON = BASE_DIR / ".venv" / "bin" / "python"
GUNICORN = BASE_DIR / ".venv" / "bin" / "gunicorn"
HOST = "127.0.0.1"


def free_port():
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def scratch_database(prefix, database="sqlite", postgres_url=None):
    """Yields (scratch folder, DATABASE_URL): a SQLite file in the folder, or a PostgreSQL database
    created for the run; the folder is removed and the PostgreSQL database dropped at the end."""
    with tempfile.TemporaryDirectory(prefix=prefix) as folder:
        scratch = Path(folder)
        if database == "postgres":
            url = postgres_url
            postgres_database(url, "create")
        else:
            url = f"sqlite:///{scratch / 'bench.sqlite3'}"
        try:
            yield scratch, url
        finally:
            if database == "postgres":
                postgres_database(url, "drop")


def postgres_database(url, action):
    """Creates or drops the scratch PostgreSQL database named in `url` (on loopback only)."""
    import psycopg

    parts = urlsplit(url)
    if parts.hostname not in ("127.0.0.1", "localhost", "::1"):
        raise SystemExit("Le banc d'essai ne vise que 127.0.0.1.")
    name = parts.path.lstrip("/")
    admin = urlunsplit(parts._replace(path="/postgres", query=""))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if action == "create":
            connection.execute(f'CREATE DATABASE "{name}"')


def environment(scratch, database_url):
    """Production-like settings (DEBUG off, plain http) for manage.py and gunicorn."""
    env = dict(os.environ)
    env.update(
        {
            "ENV_FILE": str(scratch / "no.env"),
            "DJANGO_SETTINGS_MODULE": "automne.settings",
            "DEBUG": "false",
            "HTTPS": "false",
            "SECRET_KEY": "bench-" + secrets.token_urlsafe(40),
            "ALLOWED_HOSTS": HOST,
            "SITE_URL": f"http://{HOST}",
            "DATABASE_URL": database_url,
            "LOG_LEVEL": "ERROR",
            "MEDIA_ROOT": str(scratch / "media"),
            # E-mails are queued in the database (as in production) and never delivered.
            "EMAIL_URL": "dummymail://",
            "EMAIL_ALLOW_CONSOLE": "true",
        }
    )
    return env


def prepare_database(env):
    """Tables, the shared cache's included (CACHE_URL defaults to the database cache), as `make run` does."""
    manage(env, "migrate", "--noinput")


def manage(env, *args):
    subprocess.run([str(PYTHON), "manage.py", *args], cwd=BASE_DIR, env=env, check=True, stdout=subprocess.DEVNULL)


def run_python(env, code, *args):
    """Runs `code` with Django set up against the scratch database; returns the JSON it printed last."""
    result = subprocess.run(
        [str(PYTHON), "-c", code, *args], cwd=BASE_DIR, env=env, check=True, capture_output=True, text=True
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def start_server(env, port, *extra_args):
    """gunicorn with 2 sync workers (as `make run`), returned once /sante/ answers 200."""
    process = subprocess.Popen(
        [
            str(GUNICORN),
            "automne.wsgi",
            "--bind",
            f"{HOST}:{port}",
            "--workers",
            "2",
            "--log-level",
            "warning",
            "--control-socket",
            f"/tmp/automne-bench-{port}.ctl",  # one per server: two may run at once
            *extra_args,
        ],
        cwd=BASE_DIR,
        env=env,
        start_new_session=True,
    )
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection(HOST, port, timeout=2)
            connection.request("GET", "/sante/")
            if connection.getresponse().status == 200:
                return process
        except OSError:
            pass
        time.sleep(0.1)
    stop_server(process)
    raise SystemExit("gunicorn n'a pas démarré.")


def stop_server(process):
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


class _FormFields(HTMLParser):
    """The fields of every <form> of a page, as a browser would submit them (first submit button excluded)."""

    def __init__(self):
        super().__init__()
        self.forms, self._select, self._textarea = [], None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append({"action": attrs.get("action"), "fields": []})
        elif not self.forms:
            return
        elif tag == "input" and attrs.get("name") and attrs.get("type", "text") not in ("submit", "button", "file"):
            if attrs.get("type") not in ("checkbox", "radio") or "checked" in attrs:
                self.forms[-1]["fields"].append((attrs["name"], attrs.get("value") or ""))
        elif tag == "select" and attrs.get("name"):
            self._select = [attrs["name"], None, None]  # name, first option, selected option
        elif tag == "option" and self._select is not None:
            value = attrs.get("value", "")
            self._select[1] = value if self._select[1] is None else self._select[1]
            if "selected" in attrs:
                self._select[2] = value
        elif tag == "textarea" and attrs.get("name"):
            self._textarea = [attrs["name"], ""]

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "select" and self._select is not None:
            name, first, selected = self._select
            if selected is not None or first is not None:
                self.forms[-1]["fields"].append((name, selected if selected is not None else first))
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            self.forms[-1]["fields"].append(tuple(self._textarea))
            self._textarea = None


def form_fields(page, index=-1):
    """[(name, value)] of a page's form (the last one by default: the site's header has a logout form)."""
    parser = _FormFields()
    parser.feed(page)
    return list(parser.forms[index]["fields"])


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """A visitor with its own cookies; each request names the server (port) it goes to, on a new
    connection. Redirects are not followed: (status, Location or body) is returned."""

    def __init__(self):
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect)

    def request(self, port, path, form=None):
        data = urlencode(form).encode() if form is not None else None
        request = urllib.request.Request(f"http://{HOST}:{port}{path}", data=data)
        try:
            with self.opener.open(request, timeout=120) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            body = error.read().decode()
            return error.code, error.headers.get("Location") or body

    def get(self, port, path):
        return self.request(port, path)

    def submit(self, port, path, changes, index=-1):
        """Loads the form at `path` and posts it back with `changes`, as a person filling it in would."""
        status, page = self.get(port, path)
        if status != 200:
            raise AssertionError(f"GET {path} : HTTP {status}")
        fields = [(name, value) for name, value in form_fields(page, index) if name not in changes]
        return self.request(port, path, fields + list(changes.items()))
