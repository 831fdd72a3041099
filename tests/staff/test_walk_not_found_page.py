"""Found walking the demo after issue 9 (finding 8: NE, GL and PP files are confidential): a
second handler opening a PP case appointed to a colleague (from a link, a reminder, the queue
of an earlier day) got Django's bare English "Not Found" page, with no layout and no way back.
The refusal stays a 404 (the case is not said to exist), but a page of the site in the
person's language."""

from __future__ import annotations

from tests.cast import sign_in


def test_walk_a_confidential_case_of_a_colleague_is_a_translated_not_found_page(
        client, people, register, step):
    pp = people["pp"]
    case = register("pp/complaint")
    step(case, "assigned", by=pp["manager"], handler_id=pp["handler"].pk, handler="H",
         involved=False)

    response = sign_in(client, pp["handler2"], "nb").get(f"/pp/cases/{case.reference}/")

    assert response.status_code == 404
    page = response.content.decode()
    assert "<main" in page and 'lang="nb"' in page
    assert "Denne siden finnes ikke, eller den er ikke åpen for deg." in page
    assert 'href="/pp/cases/"' in page
    assert case.title not in page and case.complainant_name not in page


def test_walk_an_unknown_public_address_is_a_translated_page_without_staff_words(client):
    client.cookies["django_language"] = "nl"
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Deze pagina bestaat niet" in page and "vertrouwelijk" not in page
