"""Settings of the test suite: the real settings, plus what every app's tests share.

pytest reads this module (pyproject.toml); the site never does.
"""

import os

# The tests' site address (SITE_URL is required without DEBUG, and a developer's .env may lack it).
os.environ.setdefault("SITE_URL", "http://127.0.0.1:8000")

from automne.settings import *  # noqa: E402, F403

# Whatever the environment says: links in e-mails, PDFs and feeds are compared with it exactly.
SITE_URL = "http://127.0.0.1:8000"

# Real hashing costs a few hundred milliseconds per account, and the tests make many.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Mail stays in memory (django.core.mail.outbox), for every app.
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
