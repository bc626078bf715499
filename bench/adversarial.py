"""The worst inputs at the largest size allowed, under gunicorn (issue 25): what each costs the server.

    .venv/bin/python bench/adversarial.py [--repeat 5]

On 127.0.0.1 only, a scratch SQLite database (removed at the end) loaded with the 2025 edition, and
gunicorn with 2 sync workers (as `make run`). Requests are sent one at a time; the CPU time of each is
read from the workers' scheduler counters (/proc/<pid>/schedstat, in nanoseconds) before and after it,
so other work on the machine does not count, only what this request cost the server.

Every endpoint that reads a participant's text or JSON, and every page that renders it back (the word
diff, the Markdown, the PDF, the team's ZIP), is fed the inputs that cost it most at the largest size
the site accepts: 256 KiB of JSON built to defeat the depth check, a 7 MiB form, 20 000-character
answers made of one character repeated, of neutral runs, of marks, of alternating scripts, two
unrelated versions to compare, the largest cahier the quotas allow (19 answers of 20 000 characters
and 20 drawings), photos at the pixel budget.

Rules, each a failure (exit 1) when broken:
- any answer 5xx, any answer other than the one expected, any exception (a cut connection, a worker
  killed by its timeout);
- input (« entrée »): more than LIMIT_MS of CPU for one request;
- documents (PDF, ZIP): a cost that grows faster than the document (4 times the text, or 8 times the
  notebooks, costing more than 1.5 times as much again, comparing the least CPU of the repeats: the
  measure least disturbed by the other work of a shared machine); the largest cahier over 2 s of CPU.
Two kinds of request cost more than LIMIT_MS by design and are reported apart, each with its rule: a
password checked (PBKDF2, as slow as Django makes it on purpose) and an image decoded and re-encoded
(bounded by the pixel budget, linear in the pixels).

It prints a Markdown table (bench/README.md, « Mesures » in the README) and the load average, since
the machine is shared.
"""

import argparse
import contextlib
import http.client
import io
import json
import os
import random
import secrets
import statistics
import sys
import time

from harness import (
    HOST,
    environment,
    free_port,
    manage,
    percentile,
    prepare_database,
    run_python,
    scratch_database,
    start_server,
    stop_server,
)

LIMIT_MS = 250
LARGEST_CAHIER_LIMIT_MS = 2000
GROWTH_TOLERANCE = 1.5
MAX_ANSWER = 20_000
PDF_KINDS = ["prose", "newlines", "spaces", "dots", "arabic-percent", "marks", "lri", "a-beh", "a-emoji", "cjk"]
ZIP_SIZES = [1, 2, 4, 8]


# Texts, the same in the set-up (which imports this module) and in the requests.


def prose(length, seed=0):
    """French-looking prose: words of a fixed vocabulary, commas, full stops, paragraphs."""
    rng = random.Random(seed)
    vocabulary = [
        "la",
        "co-production",
        "des",
        "services",
        "publics",
        "demande",
        "aux",
        "citoyens",
        "et",
        "aux",
        "élus",
        "une",
        "posture",
        "d'écoute",
        "réflexive",
        "qui",
        "transforme",
        "le",
        "rôle",
        "expert·e",
        "« avec »",
        "nous",
    ]
    words, size = [], 0
    while size < length:
        # A comma now and then, a full stop every dozen words, a new paragraph every hundred or so.
        word = rng.choice(vocabulary) + rng.choices(["", ",", ".", ".\n\n"], weights=[84, 7, 8, 1])[0]
        words.append(word)
        size += len(word) + 1
    return " ".join(words)[:length]


def repeated(unit, length):
    return (unit * (length // len(unit) + 1))[:length]


def text_of_kind(kind, length):
    return {
        "prose": lambda: prose(length),
        "newlines": lambda: repeated("\n", length),
        "spaces": lambda: "a" + repeated(" ", length - 2) + "b",
        "dots": lambda: repeated(".", length),
        "arabic-percent": lambda: "ب" + repeated("%", length - 1),
        "marks": lambda: "a" + repeated("\u0301\u0316", length - 1),
        "lri": lambda: repeated("\u2066a", length),
        "a-beh": lambda: repeated("aب", length),
        "a-emoji": lambda: repeated("a🎉", length),
        "cjk": lambda: repeated("你好世界", length),
    }[kind]()


def shuffled_prose(length, seed):
    words = prose(length).split(" ")
    random.Random(seed).shuffle(words)
    return " ".join(words)[:length]


DIFF_PAIRS = {
    "deux versions sans rapport": lambda: (prose(MAX_ANSWER, 1), prose(MAX_ANSWER, 2)),
    "mêmes mots, ordre mélangé": lambda: (prose(MAX_ANSWER, 3), shuffled_prose(MAX_ANSWER, 4)),
    "« a b » contre « b a »": lambda: (repeated("a b ", MAX_ANSWER), repeated("b a ", MAX_ANSWER)),
    "espaces contre sauts de ligne": lambda: (repeated(" x", MAX_ANSWER), repeated("\nx", MAX_ANSWER)),
    "un dixième modifié": lambda: (prose(MAX_ANSWER, 5), edited_tenth(prose(MAX_ANSWER, 5))),
}


def edited_tenth(text):
    words = text.split(" ")
    rng = random.Random(6)
    for index in rng.sample(range(len(words)), len(words) // 10):
        words[index] = "modifié"
    return " ".join(words)[:MAX_ANSWER]


MARKDOWN_ANSWERS = [
    repeated("\n", MAX_ANSWER),
    repeated(" ", MAX_ANSWER),
    repeated("\n \t", MAX_ANSWER),
    repeated("1", MAX_ANSWER),
    repeated("\n1", MAX_ANSWER),
    repeated("#", MAX_ANSWER),
    repeated("\\*_[]<>&", MAX_ANSWER),
    repeated("https://www.a@", MAX_ANSWER),
]

SETUP = """
import io, json, random, sys
import django
django.setup()
sys.path.insert(0, "bench")
import adversarial as bench
from django.contrib.auth.models import Group
from django.test import Client
from PIL import Image, ImageDraw
from automne.roles import TEACHING_TEAM
from cahier import images
from cahier.models import Drawing, Notebook, Page, Prompt
from cahier.writing import save_text
from inscriptions.models import Registration, User
from inscriptions.tests.factories import make_registration
from programme.models import Day, Edition

edition = Edition.objects.current()
prompts = list(Prompt.objects.filter(page__edition=edition).order_by("page__order", "order", "pk"))
sessions = {}


def account(email, **fields):
    user = User.objects.create_user(email, "mot de passe du banc d'essai", first_name=email.split("@")[0], **fields)
    client = Client()
    client.force_login(user)
    sessions[email.split("@")[0]] = client.cookies["sessionid"].value
    return user


def drawing_png(width, height, seed):
    image = Image.new("RGB", (width, height), "white")
    pen = ImageDraw.Draw(image)
    rng = random.Random(seed)
    for _ in range(200):
        pen.line([(rng.randrange(width), rng.randrange(height)) for _ in range(2)], fill=(rng.randrange(200), 40, 90), width=4)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


participant = account("participant@example.org")
make_registration(edition, participant)
teacher = account("equipe@example.org")
teacher.groups.add(Group.objects.get(name=TEACHING_TEAM))
account("admin@example.org", is_staff=True, is_superuser=True)
uploads = account("photos@example.org")

# The participant's answers: pairs of versions to compare, then answers to export as Markdown.
pairs = {}
for prompt, (name, pair) in zip(prompts, bench.DIFF_PAIRS.items()):
    save_text(participant, prompt, pair()[0], 0)
    save_text(participant, prompt, pair()[1], 1)
    pairs[name] = prompt.pk
for prompt, text in zip(prompts[len(pairs):], bench.MARKDOWN_ANSWERS):
    save_text(participant, prompt, text, 0)

# The largest cahier the quotas allow: every answer at its longest, 20 drawings; the same with 20 photos of
# 2000 × 2000 pixels (in PNG, the costliest to put in a PDF) instead.
largest = account("plus-grand@example.org")
for number, prompt in enumerate(prompts):
    save_text(largest, prompt, bench.prose(bench.MAX_ANSWER, seed=10 + number), 0)
largest_images = account("plus-grandes-images@example.org")
for number in range(20):
    images.store(largest, drawing_png(800, 600, number), f"Dessin {number}", Drawing.Source.CANVAS, edition=edition)
    images.store(largest_images, drawing_png(2000, 2000, number), f"Photo {number}", Drawing.Source.PHOTO, edition=edition)

# One notebook per kind of text and length, for the PDF's growth.
for kind in bench.PDF_KINDS:
    for length in (bench.MAX_ANSWER // 4, bench.MAX_ANSWER):
        save_text(account(f"pdf-{kind}-{length}@example.org"), prompts[0], bench.text_of_kind(kind, length), 0)

# Notebooks of the team's ZIP: each answer a plausible 1 500 characters.
for number in range(max(bench.ZIP_SIZES)):
    owner = account(f"zip-{number}@example.org")
    for index, prompt in enumerate(prompts):
        save_text(owner, prompt, bench.prose(1500, seed=100 * number + index), 0)
    Notebook.objects.create(user=owner, edition=edition)
Notebook.objects.create(user=largest, edition=edition)

page = Page.objects.of(edition).get(slug="eveil")
print(json.dumps({
    "sessions": sessions,
    "edition": edition.slug,
    "pairs": pairs,
    "page": page.get_absolute_url(),
    "page_prompts": list(page.prompts.values_list("pk", flat=True)),
    "autosave_prompt": prompts[-1].pk,
    "comment_page": page.pk,
    "zip_owner": User.objects.get(email="zip-0@example.org").pk,
    "largest_owner": largest.pk,
    "day": Day.objects.filter(edition=edition).order_by("date").first().pk,
    "registrations": list(Registration.objects.values_list("pk", flat=True)),
    "drawing_page": Page.objects.of(edition).get(kind=Page.Kind.DRAWINGS).get_absolute_url(),
}))
"""

SHARE = """
import json, sys
import django
django.setup()
from cahier.models import Notebook
wanted = set(json.loads(sys.argv[1]))
for notebook in Notebook.objects.select_related("user"):
    if notebook.user.email in wanted:
        notebook.share()
    else:
        notebook.stop_sharing()
print(json.dumps(sorted(wanted)))
"""


# Measuring a request: the CPU the gunicorn workers spent on it.


def workers_of(master):
    pids = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                parent = int(stat.read().rsplit(")", 1)[1].split()[1])
        except OSError:
            continue
        if parent == master:
            pids.append(int(entry))
    return sorted(pids)


def cpu_ns(pids):
    total = 0
    for pid in pids:
        with open(f"/proc/{pid}/schedstat") as schedstat:
            total += int(schedstat.read().split()[0])
    return total


class Server:
    def __init__(self, process, port):
        self.process, self.port = process, port
        self.workers = workers_of(process.pid)
        self.csrf = secrets.token_hex(16)  # a 32-character secret, as Django's CSRF cookie holds

    def send(self, method, path, body=b"", headers=None, session=None):
        """(status, body, CPU ms, wall ms) of one request, with `session`'s cookies and a CSRF token."""
        headers = dict(headers or {})
        cookies = [f"csrftoken={self.csrf}"] + ([f"sessionid={session}"] if session else [])
        headers.setdefault("Cookie", "; ".join(cookies))
        headers.setdefault("X-CSRFToken", self.csrf)
        if self.workers != workers_of(self.process.pid):
            raise RuntimeError("un processus gunicorn a été remplacé (tué par son délai ?)")
        before, started = cpu_ns(self.workers), time.perf_counter()
        connection = http.client.HTTPConnection(HOST, self.port, timeout=600)
        # A body too large is answered before it is all read: the answer is there all the same.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        content = response.read()
        connection.close()
        wall = (time.perf_counter() - started) * 1000
        return response.status, content, (cpu_ns(self.workers) - before) / 1e6, wall


def form(fields, csrf):
    from urllib.parse import urlencode

    return urlencode([("csrfmiddlewaretoken", csrf), *fields]).encode()


FORM = {"Content-Type": "application/x-www-form-urlencoded"}
JSON = {"Content-Type": "application/json", "Accept": "application/json"}


def multipart(fields, files, boundary="banc-essai"):
    body = io.BytesIO()
    for name, value in fields:
        body.write(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode())
        body.write(value.encode() + b"\r\n")
    for name, (filename, content, kind) in files.items():
        body.write(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'.encode())
        body.write(f"Content-Type: {kind}\r\n\r\n".encode() + content + b"\r\n")
    body.write(f"--{boundary}--\r\n".encode())
    return body.getvalue(), {"Content-Type": f"multipart/form-data; boundary={boundary}"}


def photo_jpeg(width, height, limit):
    """A noisy photo (the costliest to decode) of width × height pixels, as good as fits in `limit` bytes."""
    from PIL import Image

    image = Image.effect_noise((width, height), 30).convert("RGB")
    for quality in range(92, 10, -6):
        out = io.BytesIO()
        image.save(out, "JPEG", quality=quality)
        if len(out.getvalue()) <= limit:
            return out.getvalue()
    raise SystemExit("Photo d'essai trop lourde.")


def line_art_png(side):
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (side, side), "white")
    pen = ImageDraw.Draw(image)
    rng = random.Random(7)
    for _ in range(300):
        pen.line([(rng.randrange(side), rng.randrange(side)) for _ in range(2)], fill=(0, 0, 0), width=6)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


# The cases: (name, category, method, path, body, headers, session, expected statuses).


def input_cases(data, server):
    s = data["sessions"]
    csrf = server.csrf
    kib_256 = 256 * 1024 - 16
    mib_7 = 7 * 1024 * 1024
    cases = [
        (
            'JSON : 256 Kio de \\" sans fin (F1)',
            "POST",
            "/sante/",
            b'{"a": "' + b'\\"' * (kib_256 // 2),
            JSON,
            None,
            {400},
        ),
        ("JSON : 256 Kio de [", "POST", "/sante/", b"[" * kib_256, JSON, None, {400}),
        ("JSON : 256 Kio de guillemets", "POST", "/sante/", b'"' * kib_256, JSON, None, {400}),
        (
            "formulaire de 7 Mio, 1 000 champs",
            "POST",
            "/connexion/",
            form([(f"champ{n}", "x" * (mib_7 // 1000 - 40)) for n in range(998)], csrf),
            FORM,
            None,
            {200},
        ),
        ("formulaire de 7 Mio + 1 octet", "POST", "/connexion/", b"a=" + b"x" * mib_7, FORM, None, {400}),
        ("1 001 champs", "POST", "/connexion/", "&".join(f"c{n}=x" for n in range(1001)).encode(), FORM, None, {400}),
        (
            "charset=rot13",
            "POST",
            "/connexion/?next=/",
            b"username=x",
            {"Content-Type": "text/plain; charset=rot13"},
            None,
            {400},
        ),
        ("recherche du programme, 200 caractères", "GET", "/programme/?q=" + "a+" * 100, b"", {}, None, {200}),
        ("recherche des intervenant·e·s, 200 car.", "GET", "/intervenants/?q=" + "e+" * 100, b"", {}, None, {200}),
    ]
    for name, text in [
        ("« a- » × 10 000 (comptage des mots)", repeated("a-", MAX_ANSWER)),
        ("20 000 émojis", repeated("🎉", MAX_ANSWER)),
        ("20 000 guillemets (JSON échappé)", repeated('"', MAX_ANSWER)),
        ("prose de 20 000 caractères", prose(MAX_ANSWER, 9)),
    ]:
        cases.append(
            ("enregistrement auto. : " + name, "AUTOSAVE", data["autosave_prompt"], text, JSON, s["participant"], {200})
        )
    page_fields = [(f"texte-{pk}", prose(MAX_ANSWER, pk)) for pk in data["page_prompts"]]
    cases.append(
        ("« Enregistrer » : 3 réponses de 20 000 car.", "PAGEFORM", data["page"], page_fields, FORM, s["photos"], {302})
    )
    for name, prompt in data["pairs"].items():
        cases.append(
            (
                f"comparaison : {name}",
                "GET",
                f"/cahier/reponses/{prompt}/versions/1/comparer/",
                b"",
                {},
                s["participant"],
                {200},
            )
        )
    edition = data["edition"]
    cases += [
        ("Markdown : réponses piégées (F2)", "GET", f"/cahier/{edition}/cahier.md", b"", {}, s["participant"], {200}),
        ("Markdown : le plus grand cahier", "GET", f"/cahier/{edition}/cahier.md", b"", {}, s["plus-grand"], {200}),
        ("page du cahier : 3 × 20 000 car.", "GET", data["page"], b"", {}, s["plus-grand"], {200}),
        ("impression : le plus grand cahier", "GET", f"/cahier/{edition}/imprimer/", b"", {}, s["plus-grand"], {200}),
        (
            "commentaire de 5 000 car. (équipe)",
            "POST",
            f"/cahier/equipe/{data['zip_owner']}/commentaires/{data['comment_page']}/",
            form([("commentaire", prose(5000, 3))], csrf),
            FORM,
            s["equipe"],
            {302},
        ),
        (
            "lecture par l'équipe : le plus grand cahier",
            "GET",
            f"/cahier/equipe/{edition}/{data['largest_owner']}/",
            b"",
            {},
            s["equipe"],
            {200},
        ),
        (
            "admin : recherche de 20 mots",
            "GET",
            "/admin/inscriptions/registration/?q=" + "+".join(["co"] * 20),
            b"",
            {},
            s["admin"],
            {200},
        ),
        (
            "admin : 21 mots",
            "GET",
            "/admin/inscriptions/registration/?q=" + "+".join(["co"] * 21),
            b"",
            {},
            s["admin"],
            {400},
        ),
        (
            "admin : export.csv?edition=²",
            "GET",
            "/admin/inscriptions/registration/export.csv?edition=%C2%B2",
            b"",
            {},
            s["admin"],
            {200},
        ),
        (
            "admin : présences, 999 ids",
            "POST",
            f"/admin/inscriptions/registration/presences/{data['day']}/",
            form([("ids", str(pk)) for pk in (data["registrations"] * 999)[:999]], csrf),
            FORM,
            s["admin"],
            {302},
        ),
        (
            "admin : sélection de 999 « ² »",
            "POST",
            "/admin/inscriptions/registration/",
            form([("action", "cancel_selected"), *[("_selected_action", "²")] * 998], csrf),
            FORM,
            s["admin"],
            {400},
        ),
        (
            "présences : recherche de 4 Kio",
            "GET",
            f"/presences/{data['day']}/?q=" + "a+" * 1900,
            b"",
            {},
            s["admin"],
            {200},
        ),
    ]
    return cases


def run_input_case(server, case, versions, repeat):
    name, method, target, body, headers, session, expected = case
    runs = []
    for _ in range(repeat):
        if method == "AUTOSAVE":
            # As a browser's JSON.stringify: characters as they are, in UTF-8 (not \\u escapes).
            payload = json.dumps({"text": body, "version": versions.get(target, 0)}, ensure_ascii=False).encode()
            status, content, cpu, wall = server.send(
                "POST", f"/cahier/api/reponses/{target}/", payload, headers, session
            )
            if status == 200:
                versions[target] = json.loads(content)["version"]
            body_size = len(payload)
        elif method == "PAGEFORM":
            fields = [*body, *[(f"version-{n.split('-')[1]}", str(versions.get(n, 0))) for n, _ in body]]
            payload = form(fields, server.csrf)
            status, content, cpu, wall = server.send("POST", target, payload, headers, session)
            for field_name, _ in body:
                versions[field_name] = versions.get(field_name, 0) + 1
            body_size = len(payload)
        else:
            status, content, cpu, wall = server.send(method, target, body, headers, session)
            body_size = len(body)
        runs.append((status, cpu, wall, body_size, len(content)))
    return runs


# Documents: the PDF's growth with its text, the ZIP's with its notebooks, the largest cahier.


def pdf_pages(content):
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(content)).pages)


def measure_documents(server, env, data, repeat):
    edition = data["edition"]
    rows, failures = [], []
    largest = []
    for who, label in (
        ("plus-grand", "le plus grand cahier (19 × 20 000 car., 20 dessins)"),
        ("plus-grandes-images", "20 images de 2000 × 2000 (PNG)"),
    ):
        runs = [
            server.send("GET", f"/cahier/{edition}/cahier.pdf", session=data["sessions"][who]) for _ in range(repeat)
        ]
        check_statuses(runs, {200}, label, failures)
        cpu = statistics.median(run[2] for run in runs)
        pages = pdf_pages(runs[-1][1])
        rows.append(("PDF", label, pages, cpu, cpu / pages))
        largest.append((label, cpu))
    if largest[0][1] > LARGEST_CAHIER_LIMIT_MS:
        failures.append(f"PDF du plus grand cahier : {largest[0][1]:.0f} ms de CPU (au plus {LARGEST_CAHIER_LIMIT_MS})")
    for kind in PDF_KINDS:
        costs = []
        for length in (MAX_ANSWER // 4, MAX_ANSWER):
            session = data["sessions"][f"pdf-{kind}-{length}"]
            runs = [server.send("GET", f"/cahier/{edition}/cahier.pdf", session=session) for _ in range(repeat)]
            check_statuses(runs, {200}, f"PDF {kind} {length}", failures)
            costs.append((length, min(run[2] for run in runs), pdf_pages(runs[-1][1])))
        (small, small_cpu, small_pages), (big, big_cpu, big_pages) = costs
        growth = big_cpu / small_cpu
        rows.append(("PDF", f"{kind} : {small} → {big} car.", f"{small_pages} → {big_pages}", big_cpu, growth))
        if growth > (big / small) * GROWTH_TOLERANCE:
            failures.append(f"PDF {kind} : {growth:.1f} × le coût pour {big / small:.0f} × le texte")
    zip_costs = []
    for count in ZIP_SIZES:
        run_python(env, SHARE, json.dumps([f"zip-{n}@example.org" for n in range(count)]))
        runs = [
            server.send("GET", f"/cahier/equipe/{edition}/cahiers.zip", session=data["sessions"]["equipe"])
            for _ in range(repeat)
        ]
        check_statuses(runs, {200}, f"ZIP {count}", failures)
        cpu = min(run[2] for run in runs)
        zip_costs.append((count, cpu))
        rows.append(("ZIP", f"{count} cahier(s) de 19 × 1 500 car.", count, cpu, cpu / count))
    (first, first_cpu), (last, last_cpu) = zip_costs[0], zip_costs[-1]
    if last_cpu / first_cpu > (last / first) * GROWTH_TOLERANCE:
        failures.append(f"ZIP : {last_cpu / first_cpu:.1f} × le coût pour {last / first:.0f} × les cahiers")
    return rows, failures


def check_statuses(runs, expected, label, failures):
    for run in runs:
        if run[0] not in expected:
            failures.append(f"{label} : HTTP {run[0]} (attendu {sorted(expected)})")


def by_design_cases(server, data):
    """Requests whose cost is the work asked for: a password checked, an image decoded and re-encoded."""
    s, csrf = data["sessions"], server.csrf
    jpeg = photo_jpeg(5200, 3900, 5 * 1024 * 1024)
    png = line_art_png(4000)
    cases = []
    for label, filename, content, kind in (
        (f"photo JPEG {len(jpeg) / 2**20:.1f} Mio, 20 Mpx", "photo.jpg", jpeg, "image/jpeg"),
        (f"PNG {len(png) / 2**20:.1f} Mio, 16 Mpx", "dessin.png", png, "image/png"),
    ):
        body, headers = multipart(
            [("csrfmiddlewaretoken", csrf), ("legende", "Croquis")], {"photo": (filename, content, kind)}
        )
        path = f"/cahier/{data['edition']}/dessins/ajouter/"
        cases.append(("image : " + label, "POST", path, body, headers, s["photos"], {302}))
    cases.append(
        (
            "connexion, bon mot de passe (PBKDF2)",
            "POST",
            "/connexion/",
            form([("username", "participant@example.org"), ("password", "mot de passe du banc d'essai")], csrf),
            FORM,
            None,
            {302},
        )
    )
    return cases


def load_average():
    return " ; ".join(f"{value:.2f}" for value in os.getloadavg())


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5, help="requêtes par cas (défaut : 5)")
    args = parser.parse_args()
    print(f"Charge moyenne au départ (1, 5, 15 min) : {load_average()}", flush=True)
    failures = []
    with scratch_database("automne-adversarial-") as (scratch, url):
        env = environment(scratch, url)
        prepare_database(env)
        manage(env, "load_initial_data")
        manage(env, "collectstatic", "--noinput", "--verbosity", "0")
        print("Données du banc d'essai…", flush=True)
        data = run_python(env, SETUP)
        run_python(env, SHARE, json.dumps(["zip-0@example.org", "plus-grand@example.org"]))
        port = free_port()
        server_process = start_server(env, port, "--timeout", "300")
        try:
            server = Server(server_process, port)
            versions = {}
            table = []
            for case in input_cases(data, server):
                runs = run_input_case(server, case, versions, args.repeat)
                table.append(("entrée", case[0], runs))
                check_statuses(runs, case[-1], case[0], failures)
                worst = max(run[1] for run in runs)
                if worst > LIMIT_MS:
                    failures.append(f"{case[0]} : {worst:.0f} ms de CPU (au plus {LIMIT_MS})")
            for case in by_design_cases(server, data):
                runs = run_input_case(server, case, versions, min(args.repeat, 3))
                table.append(("voulu", case[0], runs))
                check_statuses(runs, case[-1], case[0], failures)
            documents, document_failures = measure_documents(server, env, data, min(args.repeat, 3))
            failures += document_failures
        finally:
            stop_server(server_process)
    print_tables(table, documents)
    print(f"\nCharge moyenne à la fin (1, 5, 15 min) : {load_average()}")
    if failures:
        print("\nÉCHECS :")
        for failure in failures:
            print(f"- {failure}")
        sys.exit(1)
    print("\nAucun 5xx, aucune entrée au-delà de 250 ms de CPU, documents linéaires.")


def print_tables(table, documents):
    print("\n| type | cas | envoyé | statut | CPU médian (ms) | p99 (ms) | max (ms) | 5xx |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for category, name, runs in table:
        cpus = [run[1] for run in runs]
        statuses = sorted({run[0] for run in runs})
        sent = max(run[3] for run in runs)
        size = f"{sent / 1024:.0f} Kio" if sent >= 1024 else (f"{sent} o" if sent else "—")
        server_errors = sum(run[0] >= 500 for run in runs)
        print(
            f"| {category} | {name} | {size} | {', '.join(map(str, statuses))} | {statistics.median(cpus):.1f} | "
            f"{percentile(cpus, 99):.1f} | {max(cpus):.1f} | {server_errors} |"
        )
    print("\n| document | cas | pages (ou cahiers) | CPU (ms) ¹ | par page, par cahier, ou croissance |")
    print("| --- | --- | --- | --- | --- |")
    for kind, name, size, cpu, ratio in documents:
        unit = "×" if "→" in name else " ms"
        print(f"| {kind} | {name} | {size} | {cpu:.0f} | {ratio:.2f}{unit} |")
    print("\n¹ le plus grand cahier : médiane ; croissance du PDF et ZIP : le moins de CPU des répétitions.")


if __name__ == "__main__":
    main()
