import pytest


@pytest.fixture(autouse=True)
def _demo_mode(settings):
    """The seeded people's password is the demo's; the people whose role asks for a second
    factor hold the demo's authenticator app (the root conftest's ``people``)."""
    settings.DEMO_MODE = True


@pytest.fixture
def web(client):
    """The test client at ``localhost`` (WebAuthn needs a host name), reading English."""
    client.defaults["HTTP_HOST"] = "localhost"
    client.cookies["django_language"] = "en"
    return client
