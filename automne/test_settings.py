"""Settings of the test suite: the real settings, plus what every app's tests share.

pytest reads this module (pyproject.toml); the site never does.
"""

from automne.settings import *  # noqa: F403

# Real hashing costs a few hundred milliseconds per account, and the tests make many.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Mail stays in memory (django.core.mail.outbox), for every app.
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
