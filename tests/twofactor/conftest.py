import pytest


@pytest.fixture(autouse=True)
def _cheap_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.DEMO_MODE = True  # the seeded people's password is the demo's


@pytest.fixture
def people(db):
    """The five organizations as the demo sets them up: ``{slug: {role: user}}``; the people
    whose role asks for a second factor hold the demo's authenticator app."""
    from ombud.demo.seed import seed_organizations

    return seed_organizations()


@pytest.fixture
def web(client):
    """The test client at ``localhost`` (WebAuthn needs a host name), reading English."""
    client.defaults["HTTP_HOST"] = "localhost"
    client.cookies["django_language"] = "en"
    return client
