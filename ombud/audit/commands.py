"""What ``ombud audit`` and ``python -m django audit`` do: create a seal key, seal, verify.
Exit status 0 when all is well, 1 when verify finds a case that does not hold, 2 on bad input
or an unusable key (one line on standard error)."""

from __future__ import annotations

import sys
import time
from typing import TextIO

EXIT_PROBLEMS = 1
EXIT_INPUT_ERROR = 2


def keygen(path: str, out: TextIO = sys.stdout, err: TextIO = sys.stderr) -> int:
    from ombud.audit import keys

    try:
        key = keys.generate(path)
    except keys.SealKeyError as error:
        print(f"ombud: {error}", file=err)
        return EXIT_INPUT_ERROR
    public = keys.public_bytes(key)
    print(f"seal key written to {path} (keep it outside the database and its backups)",
          file=out)
    print(f"public key   {public.hex()}", file=out)
    print(f"fingerprint  {keys.fingerprint(public)}", file=out)
    return 0


def _unknown_organization(organization: str | None) -> bool:
    from ombud.orgs.models import Organization

    return bool(organization) and not Organization.objects.filter(slug=organization).exists()


def seal(organization: str | None = None, out: TextIO = sys.stdout,
         err: TextIO = sys.stderr) -> int:
    from ombud.audit import keys
    from ombud.audit.seal import seal_all

    if _unknown_organization(organization):
        print(f"ombud: no organization {organization!r}", file=err)
        return EXIT_INPUT_ERROR
    try:
        seals = seal_all(organization=organization)
    except keys.SealKeyError as error:
        print(f"ombud: {error}", file=err)
        return EXIT_INPUT_ERROR
    for made in seals:
        print(f"sealed {made.organization.slug}: {made.case_count} cases, root {made.root}, "
              f"key {made.key_fingerprint[:16]}", file=out)
    if not seals:
        print("nothing changed since the last seals", file=out)
    return 0


def verify(organization: str | None = None, out: TextIO = sys.stdout,
           err: TextIO = sys.stderr) -> int:
    from ombud.audit.verify import verify as verify_all

    if _unknown_organization(organization):
        print(f"ombud: no organization {organization!r}", file=err)
        return EXIT_INPUT_ERROR
    started = time.perf_counter()
    report = verify_all(organization)
    for problem in report.problems:
        print(problem, file=out)
    seconds = time.perf_counter() - started
    if report.problems:
        print(f"{len(report.problems)} problems in {report.cases} cases ({seconds:.1f} s)",
              file=err)
        return EXIT_PROBLEMS
    sealed = ", ".join(f"{seal.organization.slug} {seal.sealed_at:%Y-%m-%d %H:%M} UTC key "
                       f"{seal.key_fingerprint[:16]}" for seal in report.seals) or "none"
    print(f"ok: {report.cases} cases, {report.events} entries verified in {seconds:.1f} s; "
          f"latest seals: {sealed}", file=out)
    return 0
