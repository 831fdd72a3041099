"""The public pages of one web process take turns (``web.middleware.PublicTurnsMiddleware``):
at most OMBUD_PUBLIC_CONCURRENCY at once, the others wait and, after QUEUE_SECONDS, hear "try
again"; a robot's refusal takes turns of its own; pages not listed never wait."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.conf import settings as django_settings
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import resolve
from django.utils import translation
from public_world import PublicClient, elements, footprint, valid_fields

from ombud.web import middleware
from ombud.web.middleware import PublicTurnsMiddleware, screened_by

FORM = "/pp/complaint/new/"
WAIT = 5  # seconds a test waits for a thread before it calls the run a failure


@pytest.fixture
def turns(settings, monkeypatch):
    """A middleware of one turn, whose requests wait a tenth of a second for it."""
    settings.OMBUD_PUBLIC_CONCURRENCY = 1
    monkeypatch.setattr(middleware, "QUEUE_SECONDS", 0.1)
    return PublicTurnsMiddleware(lambda request: HttpResponse())


def request(path: str = FORM, method: str = "get"):
    made = getattr(RequestFactory(), method)(path)
    made.resolver_match = resolve(path)
    return made


class Held:
    """A view that keeps its turn until released."""

    def __init__(self):
        self.entered, self.release = threading.Event(), threading.Event()

    def __call__(self, request, *args, **kwargs):
        self.entered.set()
        assert self.release.wait(WAIT)
        return HttpResponse("done")


def answer(turns, view, made):
    return turns.process_view(made, view, (), resolve(made.path).kwargs)


def test_the_turns_come_last_after_the_csrf_check():
    assert django_settings.MIDDLEWARE[-1] == "ombud.web.middleware.PublicTurnsMiddleware"
    assert {"public:file", "public:receipt", "public:track",
            "public:track_upload"} <= set(django_settings.OMBUD_PUBLIC_TURN_PAGES)
    assert "public:resend" not in django_settings.OMBUD_PUBLIC_TURN_PAGES


def test_a_public_page_waits_for_its_turn_then_hears_try_again(turns):
    held = Held()
    with ThreadPoolExecutor(1) as pool:
        first = pool.submit(answer, turns, held, request())
        assert held.entered.wait(WAIT)
        with translation.override("en"):
            refused = answer(turns, lambda *args, **kwargs: HttpResponse("never"), request())
        held.release.set()
        assert first.result(WAIT).content == b"done"
    assert refused.status_code == 503
    assert refused["Retry-After"] == "60"
    assert refused.content.decode() == ("Many cases are being sent right now. Please send again "
                                        "in a minute: nothing was saved.")
    # the turn came back: the next request is worked on
    assert answer(turns, lambda *args, **kwargs: HttpResponse("next"), request()).content == (
        b"next")


def test_a_turn_comes_back_when_the_page_fails(turns):
    def failing(*args, **kwargs):
        raise RuntimeError("the page failed")

    with pytest.raises(RuntimeError):
        answer(turns, failing, request())
    assert answer(turns, lambda *args, **kwargs: HttpResponse("next"), request()).content == (
        b"next")


def test_pages_not_listed_never_take_a_turn(turns):
    held = Held()
    with ThreadPoolExecutor(1) as pool:
        pool.submit(answer, turns, held, request())
        assert held.entered.wait(WAIT)
        for path in ("/track/", "/login/"):  # the request for a new link, a staff page
            assert answer(turns, held, request(path)) is None  # the view is left to Django
        held.release.set()


def test_a_screen_refuses_in_its_own_lane_without_the_pages_turn(turns):
    held = Held()
    calls = []

    @screened_by(lambda made, **kwargs: HttpResponse("refused", status=429))
    def page(*args, **kwargs):
        calls.append("page")
        return HttpResponse()

    with ThreadPoolExecutor(1) as pool:
        pool.submit(answer, turns, held, request())  # the only page turn is taken
        assert held.entered.wait(WAIT)
        refused = answer(turns, page, request(method="post"))
        held.release.set()
    assert (refused.status_code, calls) == (429, [])


def test_while_a_screen_works_other_posts_wait_for_the_lane_and_pages_do_not(turns):
    screen = Held()
    screen_answer = screen.__call__

    def passing_screen(*args, **kwargs):
        screen_answer(*args, **kwargs)
        return None  # let through

    @screened_by(passing_screen)
    def page(*args, **kwargs):
        return HttpResponse("filed")

    with ThreadPoolExecutor(1) as pool:
        first = pool.submit(answer, turns, page, request(method="post"))
        assert screen.entered.wait(WAIT)
        with translation.override("en"):
            waiting = answer(turns, page, request(method="post"))
        opened = answer(turns, page, request())  # a GET is not screened: it takes its turn
        screen.release.set()
        assert first.result(WAIT).content == b"filed"
    assert waiting.status_code == 503
    assert opened.content == b"filed"


def test_the_public_pages_are_served_through_their_turns(people, client):
    response = client.get(FORM)
    assert response.status_code == 200
    assert client.get("/track/").status_code == 200


def test_a_robot_over_the_limit_is_answered_by_the_forms_screen_not_the_form(people, settings):
    settings.OMBUD_PUBLIC_LIMIT_WITHOUT_WORK = 0
    before = footprint()
    response, _ = PublicClient().send(FORM, valid_fields("pp/complaint"), proof=False)
    page = response.content.decode()
    assert response.status_code == 429
    assert "<h1>Too many cases sent</h1>" in page  # the short page, not the form again
    assert not elements(page, "textarea", name="description")
    assert footprint() == before
