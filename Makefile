# Two commands on a fresh machine: `make run` and `make test` (see README).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
WORKERS ?= 2

.PHONY: run test setup lint format bench clean messages

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.runtime

# The site's strings in English (issue 24): written in French in the code and templates, translated in
# locale/en/LC_MESSAGES/django.po, compiled here (msgfmt, from Debian's gettext, installed if missing).
MESSAGES := locale/en/LC_MESSAGES/django
$(MESSAGES).mo: $(MESSAGES).po | $(VENV)/.runtime
	@command -v msgfmt >/dev/null || { echo "Installation de gettext (msgfmt)…"; \
	  $$([ "$$(id -u)" = 0 ] || echo sudo) apt-get update -qq && $$([ "$$(id -u)" = 0 ] || echo sudo) apt-get install -y -qq gettext >/dev/null; }
	$(BIN)/python manage.py compilemessages --locale en --ignore '.venv' --ignore 'staticfiles' --verbosity 0

# After a string is added or changed: the catalogue brought up to date, then translated by hand.
messages: $(VENV)/.dev
	$(BIN)/python manage.py makemessages --locale en --no-obsolete --add-location file \
	  --ignore .venv --ignore staticfiles --ignore bench --ignore .ci --ignore '*/tests/*' --ignore conftest.py

# A local .env: a random secret key, plain http on this machine only, e-mails shown in the terminal.
.env: | $(BIN)/python
	$(BIN)/python -c "import secrets; print('SECRET_KEY=' + secrets.token_urlsafe(50)); print('DEBUG=false'); print('HTTPS=false'); print('ALLOWED_HOSTS=127.0.0.1,localhost'); print('SITE_URL=http://127.0.0.1:$(PORT)'); print('EMAIL_ALLOW_CONSOLE=true')" > $@
	@echo "Fichier .env créé (clé secrète aléatoire, HTTPS=false, courriels affichés dans le terminal)."

setup: $(VENV)/.runtime .env $(MESSAGES).mo
	@# A .env written before SITE_URL existed gets this machine's address (required without DEBUG).
	@grep -q '^SITE_URL=' .env || echo 'SITE_URL=http://127.0.0.1:$(PORT)' >> .env
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_initial_data
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0

run: setup
	@echo ""
	@echo "Le site est servi sur http://127.0.0.1:$(PORT)/  (Ctrl+C pour arrêter)"
	@echo "Compte organisateur : $(BIN)/python manage.py create_organizer votre@courriel"
	@echo ""
	@# The mail queue runs beside gunicorn; Ctrl+C (or the end of gunicorn) stops both.
	@$(BIN)/python manage.py send_mail_queue & mailer=$$!; \
	trap 'kill $$mailer 2>/dev/null; wait $$mailer' EXIT; trap 'exit 130' INT TERM; \
	$(BIN)/gunicorn automne.wsgi --bind 127.0.0.1:$(PORT) --workers $(WORKERS) --access-logfile -

# Every core: pytest-xdist, one test database per worker; static files are collected once, before the workers.
test: $(VENV)/.dev .env $(MESSAGES).mo
	$(BIN)/pytest -n auto

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) staticfiles test-artifacts .pytest_cache
