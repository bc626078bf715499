import pytest


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Real hashing costs a few hundred milliseconds per account; these tests make many.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
