"""Handing in a whole cahier, and the teaching team's « À évaluer », on the 2025 edition.

    .venv/bin/python bench/hand_in.py [--participants 20] [--grow 10]

What it does, on a scratch SQLite database (removed at the end):
1. migrate, load_initial_data (the 2025 edition and its printed cahier: 10 pages, 19 writing areas),
   collectstatic; the edition's hand-in, due in a week, with a rubric of 4 criteria and the A+ to E scale;
2. `participants` credit participants, each with every writing area written (about 250 words each, so
   some 4 700 words) and two drawings (800 × 600 PNG); each opens « Remettre mon cahier » (the preview)
   and hands in, through the site's views in this process, as a gunicorn worker runs them: the copy, the
   PDF of the whole cahier and its SHA-256 are made inside that request; both requests are timed;
3. « À évaluer » is asked for 15 times with those hand-ins, then again once `grow` times as many people
   have handed in (the hand-ins added through the domain, as the views do).

It prints the median and the worst of each, in wall-clock and CPU time of the process (CPU time is what
other work on the machine does not inflate), and the load average. Any answer but the expected one (200
for a page, 302 for a hand-in), or a hand-in whose stored PDF does not match its SHA-256, is a failure:
the script then exits 1.
"""

import argparse
import os
import subprocess
import sys

from harness import environment, manage, prepare_database, run_python, scratch_database

MEASURE = """
import datetime, hashlib, io, json, os, re, statistics, sys, time
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "automne.settings")
import django
django.setup()
from decimal import Decimal
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.test import Client
from django.utils import timezone
from PIL import Image
from automne.roles import TEACHING_TEAM
from cahier.models import Drawing, Prompt
from cahier.writing import save_text
from inscriptions.models import Registration, User
from programme.models import Edition
from remises import handing_in
from remises.models import Assignment, Criterion, CriterionLevel, HandIn
from remises.scales import apply

participants, grow = int(sys.argv[1]), int(sys.argv[2])
edition = Edition.objects.get(slug="ecole-automne-2025")
now = timezone.now()
assignment = Assignment.objects.create(
    edition=edition, due_at=now + datetime.timedelta(days=7), cutoff_at=now + datetime.timedelta(days=14)
)
apply(assignment, "lettres")
for n in range(4):
    criterion = Criterion.objects.create(assignment=assignment, title=f"Critère {n + 1}", order=n)
    for order, points in enumerate((0, 5, 10)):
        CriterionLevel.objects.create(criterion=criterion, title=f"Niveau {order}", description="…", points=points, order=order)
teacher = User.objects.create_user("prof@exemple.ca", "x", first_name="Alix", last_name="Prof")
teacher.groups.add(Group.objects.get(name=TEACHING_TEAM))
assignment.team.add(teacher)
prompts = list(Prompt.objects.filter(page__edition=edition))
words = ("coproduction mobilisation acteurs locaux services publics citoyens écoute confiance "
         "territoire institution partage pouvoir ").split()
text = " ".join(words[i % len(words)] for i in range(250))
out = io.BytesIO()
Image.new("RGB", (800, 600), (30, 90, 160)).save(out, "PNG")
png = out.getvalue()
counter = [0]


def participant():
    counter[0] += 1
    n = counter[0]
    user = User.objects.create_user(f"p{n}@exemple.ca", "x", first_name="Camille", last_name=f"Remise{n}")
    Registration.objects.create(
        edition=edition, user=user, email=user.email, first_name="Camille", last_name=f"Remise{n}",
        kind="credit", matricule=f"{n:08d}", organisation="Ville", function="Agente", sector="municipal",
        consented_at=now, state="confirmee",
    )
    for prompt in prompts:
        save_text(user, prompt, f"{text} {n}", 0)
    for k in range(2):
        Drawing.objects.create(user=user, edition=edition, image=ContentFile(png, name="d.png"),
                               caption=f"Croquis {k + 1}", source="dessin", width=800, height=600)
    return user


def timed(call):
    wall, cpu = time.perf_counter(), time.process_time()
    result = call()
    return result, (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000


failures = []
client = Client(HTTP_HOST="127.0.0.1")
address = f"/cahier/{edition.slug}/remise/"
preview, submit = [], []
for _ in range(participants):
    client.force_login(participant())
    page, wall, cpu = timed(lambda: client.get(address))
    preview.append((wall, cpu))
    if page.status_code != 200:
        failures.append(f"aperçu : {page.status_code}")
        continue
    seen = re.search(r'name="apercu" value="([0-9a-f]+)"', page.content.decode()).group(1)
    answer, wall, cpu = timed(lambda: client.post(address, {"declaration": "oui", "apercu": seen}))
    submit.append((wall, cpu))
    if answer.status_code != 302:
        failures.append(f"remise : {answer.status_code}")
for hand_in in HandIn.objects.all():
    if hashlib.sha256(bytes(hand_in.pdf)).hexdigest() != hand_in.sha256:
        failures.append(f"empreinte : remise {hand_in.pk}")
pdf_sizes = [len(h.pdf) for h in HandIn.objects.all()]

client.force_login(teacher)
board = f"/cahier/equipe/{edition.slug}/remises/"


def board_times():
    times = []
    for _ in range(15):
        page, wall, cpu = timed(lambda: client.get(board))
        if page.status_code != 200:
            failures.append(f"À évaluer : {page.status_code}")
        times.append((wall, cpu))
    return times


once = board_times()
for _ in range(participants * (grow - 1)):
    handing_in.hand_in(participant(), edition, accepted=True)
grown = board_times()


def summary(pairs):
    walls, cpus = [w for w, _ in pairs], [c for _, c in pairs]
    return {"median_wall": round(statistics.median(walls), 1), "max_wall": round(max(walls), 1),
            "median_cpu": round(statistics.median(cpus), 1), "max_cpu": round(max(cpus), 1)}


print(json.dumps({
    "participants": participants, "grow": grow, "failures": failures,
    "words": (len(text.split()) + 1) * len(prompts),
    "pdf_kib": round(statistics.median(pdf_sizes) / 1024), "pages": len(prompts),
    "preview": summary(preview), "hand_in": summary(submit),
    "board_once": summary(once), "board_grown": summary(grown),
    "hand_ins": HandIn.objects.count(),
}))
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=20)
    parser.add_argument("--grow", type=int, default=10)
    options = parser.parse_args()
    with scratch_database("automne-hand-in-") as (scratch, url):
        env = environment(scratch, url)
        prepare_database(env)
        manage(env, "load_initial_data")
        manage(env, "collectstatic", "--noinput")
        try:
            result = run_python(env, MEASURE, str(options.participants), str(options.grow))
        except subprocess.CalledProcessError as error:  # every exception a failure, said in full
            print(error.stderr, file=sys.stderr)
            sys.exit(1)
    load = os.getloadavg()
    print(f"Charge moyenne (1, 5, 15 min) : {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    print(
        f"{result['participants']} remises d'un cahier entier ({result['words']} mots, 2 dessins ; PDF médian "
        f"{result['pdf_kib']} Kio) :"
    )
    for key, label in [("preview", "aperçu (GET)"), ("hand_in", "remise (POST, copie + PDF + SHA-256)")]:
        r = result[key]
        print(f"  {label} : médiane {r['median_wall']} ms ({r['median_cpu']} ms processeur), pire {r['max_wall']} ms")
    for key, label in [("board_once", "1×"), ("board_grown", f"{result['grow']}×")]:
        r = result[key]
        print(
            f"  « À évaluer » à {label} : médiane {r['median_wall']} ms ({r['median_cpu']} ms processeur), pire {r['max_wall']} ms"
        )
    print(f"  remises en base : {result['hand_ins']}")
    if result["failures"]:
        print("Échecs :", *result["failures"], sep="\n  ")
        sys.exit(1)


if __name__ == "__main__":
    main()
