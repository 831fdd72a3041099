import pytest


@pytest.fixture
def people(db):
    """The five organizations with `<org>-<role>` people, as in the demo."""
    from ombud.demo.seed import seed_meetings, seed_organizations

    found = seed_organizations()
    seed_meetings()
    return found


@pytest.fixture
def as_person(client, people):
    """A test client signed in as `<org>-<role>`, reading English."""

    def sign_in(username: str):
        organization, _, role = username.partition("-")
        client.force_login(people[organization][role])
        client.cookies["django_language"] = "en"
        return client

    return sign_in
