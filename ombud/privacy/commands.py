"""What ``ombud privacy export`` does: print the access export's JSON of one person (GDPR
art. 15), found by their e-mail address within one organization. Exit status 0, or 2 on an
unknown organization or a person not found (one line on standard error)."""

from __future__ import annotations

import sys
from typing import TextIO

EXIT_INPUT_ERROR = 2


def export(organization: str, email: str, out: TextIO = sys.stdout,
           err: TextIO = sys.stderr) -> int:
    from ombud.orgs.models import Organization
    from ombud.privacy import selectors
    from ombud.privacy.export import export_data, export_json

    found = Organization.objects.filter(slug=organization).first()
    if found is None:
        print(f"ombud: no organization {organization!r}", file=err)
        return EXIT_INPUT_ERROR
    parties = selectors.person_by_email(found, email)
    # Someone no case names (a newsletter's subscriber) is found by the address alone.
    addresses = [email] if selectors.others_find(found, [], email=email) else []
    if not parties and not addresses:
        print(f"ombud: no one with that e-mail address in {organization}", file=err)
        return EXIT_INPUT_ERROR
    places = selectors.places_of(found, parties, addresses)
    print(export_json(export_data(found, places)), file=out)
    return 0
