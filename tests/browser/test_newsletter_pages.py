"""Every newsletter page in chromium, in bokmål, Dutch and English, on a phone (390 px) and a
desktop: axe finds no WCAG 2.1 AA violation and nothing scrolls sideways. The staff page with a
consent history, as the privacy officer sees it (NE-N-01, NE-N-02)."""

from __future__ import annotations

import pytest
from django.utils import timezone

from tests.browser.conftest import horizontal_overflow, screenshot, sign_in, wcag_violations


def _looked_at(page, name: str) -> None:
    assert wcag_violations(page) == [], name
    assert horizontal_overflow(page) <= 0, name
    screenshot(page, f"newsletter-{name}")


def _links(subscriber):
    from ombud.newsletter import tokens

    slug = subscriber.newsletter.organization.slug
    return (f"/{slug}/newsletter/confirm/{tokens.make(tokens.CONFIRM, subscriber)}/",
            f"/{slug}/newsletter/unsubscribe/{tokens.make(tokens.UNSUBSCRIBE, subscriber)}/")


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["nb", "nl", "en"])
def test_ne_n_03_every_public_newsletter_page_in_each_language_and_width(public_site, open_page,
                                                                         language):
    from ombud.newsletter import services
    from ombud.newsletter.models import Newsletter

    newsletter = Newsletter.objects.get(organization__slug="ne")
    services.subscription_request(newsletter=newsletter, email=f"{language}@example.org",
                                  name="Åse <b>Ødegård</b>", language=language,
                                  text=newsletter.consent_text(), client=language)
    subscriber = newsletter.subscribers.get()
    confirm, unsubscribe = _links(subscriber)
    for width, height in ((390, 844), (1280, 900)):
        page = open_page(width, height, base=public_site, language=language)
        for path, name in (("/ne/newsletter/", "subscribe"), ("/ne/newsletter/sent/", "sent"),
                           (confirm, "confirm"), (unsubscribe, "unsubscribe"),
                           ("/ne/newsletter/withdraw/", "withdraw"),
                           ("/ne/newsletter/unsubscribe/forged/", "link-unknown")):
            page.goto(public_site + path)
            assert page.locator("html").get_attribute("lang") == language, name
            _looked_at(page, f"{name}-{language}-{width}")
        page.goto(public_site + "/ne/newsletter/")
        page.click("main form button[type=submit]")  # nothing filled in: the errors shown
        page.wait_for_load_state()
        assert page.locator(".field-error").count() >= 2
        _looked_at(page, f"subscribe-errors-{language}-{width}")
    page.goto(public_site + confirm)
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    _looked_at(page, f"confirmed-{language}")
    page.goto(public_site + unsubscribe)
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    _looked_at(page, f"withdrawn-{language}")


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["nb", "nl"])
def test_ne_n_02_the_privacy_officer_registers_a_written_withdrawal(public_site, open_page,
                                                                   language):
    from ombud.newsletter import services, tokens
    from ombud.newsletter.models import Newsletter

    newsletter = Newsletter.objects.get(organization__slug="ne")
    services.subscription_request(newsletter=newsletter, email="kari@example.org",
                                  name="Kari <script>x</script>", language="nb",
                                  text=newsletter.consent_text(), client="x")
    subscriber = newsletter.subscribers.get()
    services.subscription_confirm(newsletter=newsletter, claim=tokens.Claim(
        subscriber.pk, subscriber.generation))
    page = open_page(1280, 900, base=public_site, language=language, locale="nb-NO")
    sign_in(page, public_site, "ne-privacy")  # once: an authenticator code is good once
    menu = {"nb": "Nyhetsbrev", "nl": "Nieuwsbrief"}[language]
    page.click(f"header a:text('{menu}')")
    page.wait_for_load_state()
    page.fill("#id_lookup-email", "kari@example.org")  # POSTed: no address in a URL
    page.click("main form:has(#id_lookup-email) button[type=submit]")
    page.wait_for_load_state()
    _looked_at(page, f"staff-{language}-1280")
    page.set_viewport_size({"width": 390, "height": 844})
    _looked_at(page, f"staff-{language}-390")
    page.fill("#id_withdrawal-email", "kari@example.org")
    page.fill("#id_withdrawal-received_on", timezone.localdate().isoformat())
    page.check("#id_withdrawal-channel_0")
    page.click("main form:has(#id_withdrawal-email) button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("table.history tbody tr").count() == 2
    _looked_at(page, f"staff-withdrawn-{language}-390")
    subscriber.refresh_from_db()
    assert subscriber.state == "withdrawn"
