"""Searching the queue by words (issue 11) at 1,000,000 cases on PostgreSQL, measured beside the
queue page itself (and Django's minimal view) in the same process and run.

    .venv/bin/python bench/bench_search.py --generate 1000000   # once: builds ombud_bench_search
    .venv/bin/python bench/bench_search.py                        # measures
    .venv/bin/python bench/bench_search.py --smoke                # the test command's check

The cases are bench_pages' DNV cases, each with a subject and a complaint in Dutch made of words
drawn as real text draws them (a few very common, most rare: Zipf), the complainant's surname
and an exam number; their searchable text (``CaseText``) is written by COPY and its tsvector
computed in the database in one pass, as the migration's GIN index then covers it. The searches
are what a handler types: an exam number (one case), a surname (about 1 in 200 cases), words of
middling frequency, a common word, two words together, a surname with a common word (found in
about 3,000 cases: ranked, near search.RANK_LIMIT), and a word no case holds; each through
the whole queue page (middleware, session, scoping to what the person may read, ranking, the
highlighted snippets), 300 times after a warm-up; the queue's first page also as the
manager, whose overview above it holds every handler's line. p50 and p95 are reported, each
beside the queue page's first page and as its ratio. ``--smoke``: 300 cases in a database of
its own, 3 requests a page, then dropped.
"""

from __future__ import annotations

import argparse
import math
import os
import platform
import random
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
os.environ["DJANGO_SETTINGS_MODULE"] = "settings_bench"  # the minimal view is in its URLs
os.environ.setdefault("OMBUD_DEMO", "1")

import benchdb  # noqa: E402

CHUNK = 50_000

COMMON = [
    "examen", "praktijkexamen", "theorie", "examinator", "uitslag", "klacht", "bezwaar",
    "rijbewijs", "beoordeling", "afspraak"
]
WORDS = [
    "vrachtwagen", "heftruck", "graafmachine", "kraan", "hoogwerker", "laadschop", "verreiker",
    "tractor", "bus", "aanhanger", "lasser", "steiger", "veiligheid", "certificaat", "diploma",
    "vakbekwaamheid", "opleiding", "cursus", "instructeur", "locatie", "terrein",
    "oefenterrein", "hal", "parkeerplaats", "wachtruimte", "kantine", "toilet", "telefoon",
    "mail", "brief", "factuur", "betaling", "bedrag", "korting", "annulering", "verplaatsing",
    "datum", "tijd", "ochtend", "middag", "wachttijd", "vertraging", "storing", "regen",
    "sneeuw", "wind", "gladheid", "modder", "lawaai", "onvriendelijk", "onbeleefd",
    "respectloos", "gehaast", "ongeduldig", "onduidelijk", "verwarrend", "oneerlijk",
    "partijdig", "discriminatie", "taal", "uitleg", "vraag", "antwoord", "opdracht", "fout",
    "beoordelingsformulier", "puntentelling", "normering", "herkansing", "inzage", "dossier",
    "verslag", "hoorzitting", "getuige", "werkgever", "collega", "leidinggevende", "planner",
    "begeleider", "tolk", "dyslexie", "faalangst", "medicijnen", "beperking", "rolstoel",
    "aanpassing", "extra", "computer", "scherm", "toetsenbord", "vragenlijst", "software",
    "systeem", "inlogcode", "wachtwoord", "account", "website", "formulier", "handtekening",
    "adres", "postcode", "woonplaats", "nummer", "kenteken", "voertuig", "remmen", "spiegel",
    "gordel", "helm", "handschoenen", "hesje", "schoenen", "kleding", "regels", "reglement",
    "procedure", "termijn", "deadline", "ontvangstbevestiging", "reactie", "behandeling",
    "klachtenregeling", "geschil", "commissie", "rechter", "advocaat", "schadevergoeding",
    "terugbetaling", "excuses", "verbetering", "maatregel", "gesprek", "overleg", "uitnodiging",
    "toelichting", "besluit", "herbeoordeling", "examencentrum", "Barendrecht", "Rotterdam",
    "Utrecht", "Amsterdam", "Eindhoven", "Zwolle", "Groningen", "Arnhem", "Tilburg", "Breda",
    "Nijmegen", "Almere", "Leiden", "Delft", "Haarlem", "Amersfoort", "Apeldoorn", "Enschede",
    "Maastricht", "Venlo", "Dordrecht", "Zaandam", "Alkmaar", "Heerlen", "Leeuwarden", "Emmen",
    "Deventer", "Helmond", "Oss", "Hengelo", "Purmerend", "Roosendaal", "Schiedam",
    "Spijkenisse", "Vlaardingen", "Gouda", "Hoorn", "Lelystad", "Assen", "Kampen", "Harderwijk",
    "Veenendaal", "Zeist", "Hilversum"
]
SURNAMES = [
    "Jong", "Jansen", "Vries", "Berg", "Dijk", "Bakker", "Janssen", "Visser", "Smit", "Meijer",
    "Boer", "Mulder", "Groot", "Bos", "Vos", "Peters", "Hendriks", "Leeuwen", "Dekker",
    "Brouwer", "Wit", "Dijkstra", "Smits", "Graaf", "Meer", "Linden", "Kok", "Jacobs", "Haan",
    "Vermeulen", "Heuvel", "Veen", "Broek", "Bruijn", "Bruin", "Heijden", "Schouten", "Beek",
    "Willems", "Vliet", "Ven", "Hoekstra", "Maas", "Verhoeven", "Koster", "Dam", "Wal", "Prins",
    "Blom", "Huisman", "Peeters", "Jonge", "Kuipers", "Post", "Kuiper", "Veenstra", "Kramer",
    "Brink", "Scholten", "Wijk", "Postma", "Martens", "Vink", "Ruiter", "Timmermans", "Groen",
    "Gerritsen", "Jonker", "Loon", "Velde", "Willemsen", "Smeets", "Lange", "Bosch", "Dongen",
    "Schipper", "Koning", "Laan", "Velden", "Driessen", "Doorn", "Hermans", "Evers", "Meulen",
    "Hofman", "Bosman", "Wolters", "Sanders", "Horst", "Mertens", "Kuijpers", "Wouters"
]
# Every one a word some cases hold, at a frequency the benchmark reports (``searches``).
SENTENCES = (
    "Ik heb op {datum} een {common} gedaan bij het examencentrum in {stad}.",
    "De {common} verliep niet goed omdat de examinator {w1} en {w2} was.",
    "Ik maak bezwaar tegen de {common} van examen {nummer}.",
    "Er was een probleem met de {w1} en de {w2} tijdens het examen.",
    "Mijn werkgever vindt dat de {w1} niet klopt en vraagt om {w2}.",
    "Graag ontvang ik een {w1} over de {w2} en de {w3}.",
)


def zipf_word(rng: random.Random) -> str:
    """A word of WORDS, the first ones far more often than the last (Zipf, s ≈ 1)."""
    index = int(len(WORDS) ** rng.random()) - 1
    return WORDS[min(index, len(WORDS) - 1)]


def complaint(rng: random.Random, case_id: int) -> tuple[str, str, str]:
    """(subject, complaint text, complainant) of one case."""
    surname = rng.choice(SURNAMES)
    name = f"{rng.choice('ABCDEFGHJKLMNPRSTW')}. {surname}"
    number = f"{100000 + case_id}"
    sentences = []
    for template in rng.sample(SENTENCES, 4):
        sentences.append(template.format(
            datum=f"{rng.randint(1, 28)}-{rng.randint(1, 12)}-2026", common=rng.choice(COMMON),
            stad=zipf_word(rng), w1=zipf_word(rng), w2=zipf_word(rng), w3=zipf_word(rng),
            nummer=number))
    subject = f"{rng.choice(COMMON).capitalize()} {zipf_word(rng)} {number}"
    return subject, " ".join(sentences), name


def generate(count: int, long_cases: int = 10, long_events: int = 200) -> None:
    """bench_pages' organizations and DNV cases, with words, then their searchable text."""
    import bench_pages
    from django.core.management import call_command
    from django.db import connection

    from ombud.cases.models import Case, CaseEvent, CaseText, Party
    from ombud.demo.seed import seed_meetings, seed_organizations
    from ombud.orgs.models import Organization

    call_command("migrate", verbosity=0)
    if not Organization.objects.exists():
        seed_organizations()
        seed_meetings()
    dnv = Organization.objects.get(slug="dnv")
    first_id = (Case.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
    with connection.cursor() as cursor:  # built once after the rows, far faster than kept
        cursor.execute("DROP INDEX IF EXISTS case_text_vector")
    for start in range(first_id, first_id + count, CHUNK):
        rows = list(bench_pages.bench_rows(dnv.pk, start, min(CHUNK, first_id + count - start)))
        texts = []
        for case, _event, party in rows:
            rng = random.Random(case["id"])
            subject, text, name = complaint(rng, case["id"])
            case["title"], case["complainant_name"], party["name"] = subject, name, name
            texts.append({"case_id": case["id"], "organization_id": dnv.pk, "config": "dutch",
                          "body": f"{subject}\n{name}\n{text}"})
        benchdb.copy_rows(Case, (case for case, _, _ in rows))
        benchdb.copy_rows(CaseEvent, (event for _, event, _ in rows))
        benchdb.copy_rows(Party, (party for _, _, party in rows))
        benchdb.copy_rows(CaseText, texts)
        print(f"  copied {start + len(rows) - first_id:,} cases", flush=True)
    with connection.cursor() as cursor:
        # The subject weighted above the rest, as search.text_store writes it.
        cursor.execute(
            "UPDATE cases_casetext SET vector = setweight(to_tsvector('dutch', "
            "split_part(body, E'\\n', 1)), 'A') || to_tsvector('dutch', "
            "substr(body, length(split_part(body, E'\\n', 1)) + 2)) WHERE case_id >= %s",
            [first_id])
        cursor.execute("SET maintenance_work_mem = '1GB'")
        cursor.execute("CREATE INDEX case_text_vector ON cases_casetext USING gin (vector)")
        cursor.execute("select setval(pg_get_serial_sequence('cases_case', 'id'), "
                       "(select max(id) from cases_case))")
        cursor.execute("ANALYZE")
    from ombud.cases import services

    handler = dnv.memberships.filter(role="handler").first().user
    for _ in range(long_cases):
        bench_pages.long_case(services, dnv, handler, long_events)


def searches(total: int) -> dict[str, str]:
    """What a handler types (how many cases each finds is counted and printed)."""
    some_id = max(1, total // 2)
    return {
        "exam number": f"{100000 + some_id}",
        "surname": "Hoekstra",
        "rare word": "Harderwijk",
        "middling word": "onvriendelijk",
        "two words": "onvriendelijk examinator",
        "surname and a common word": "Hoekstra klacht",
        "common word": "klacht",
        "very common word": "examinator",
        "word in no case": "zeppelin",
    }


def measure(runs: int) -> None:
    from urllib.parse import quote

    import bench_pages
    from django.db import connection

    from ombud.cases.models import Case, CaseText

    total = Case.objects.count()
    client = _signed_in("dnv-handler")
    manager = _signed_in("dnv-manager")  # the overview above the queue: every handler's line
    pages = {"minimal Django view (baseline)": "/minimal/", "queue, first page": "/dnv/cases/",
             "queue, first page, as the manager": "/dnv/cases/"}
    matches = {}
    for name, words in searches(total).items():
        pages[f"search: {name}"] = f"/dnv/cases/?q={quote(words)}"
        matches[f"search: {name}"] = _count(words)
    pages["search, sorted by received: middling word"] = (
        "/dnv/cases/?q=onvriendelijk&sort=-received")
    matches["search, sorted by received: middling word"] = _count("onvriendelijk")
    for column in ("received", "-reference", "state", "handler", "-handler"):
        pages[f"queue sorted by {column}"] = f"/dnv/cases/?sort={column}"
    fewer = {"search, sorted by received: middling word"}
    print(f"{total:,} cases ({CaseText.objects.count():,} searchable texts) on "
          f"{connection.vendor}; {runs} requests per page; "
          f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    results = {}
    for name, path in pages.items():
        who = manager if name.endswith("as the manager") else client
        queries = bench_pages.count_queries(connection, who, path)
        count = min(runs, 30) if name in fewer else runs
        times = bench_pages.timed(who, path, count)
        p50, p95 = statistics.median(times), sorted(times)[math.ceil(count * 0.95) - 1]
        results[name] = (p50, p95)
        found = f", {matches[name]:,} cases match" if name in matches else ""
        print(f"  {name:<44} p50 {p50:7.2f} ms  p95 {p95:7.2f} ms  "
              f"({len(queries)} queries{found}{'' if count == runs else f', {count} runs'})")
    queue_p95 = results["queue, first page"][1]
    searched = [p95 for name, (_, p95) in results.items() if name.startswith("search:")]
    all_times = sorted(searched)
    print(f"queue first page p95 {queue_p95:.2f} ms; search p95 worst {max(searched):.2f} ms "
          f"({max(searched) / queue_p95:.1f}x the queue), median of the searches' p95 "
          f"{statistics.median(all_times):.2f} ms "
          f"({statistics.median(all_times) / queue_p95:.1f}x the queue); target: ≤ 50 ms")


def _signed_in(username: str):
    """A client signed in as ``username``, past the second factor where their role needs one
    (as the login page's second step records it)."""
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from ombud.twofactor.selectors import authenticator_app_of, second_factor_needed

    person = get_user_model().objects.get(username=username)
    client = Client()
    client.force_login(person)
    if second_factor_needed(person):
        device = (authenticator_app_of(person)
                  or TOTPDevice.objects.create(user=person, name="benchmark"))
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


def _count(words: str) -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM cases_casetext WHERE vector @@ "
                       "websearch_to_tsquery('dutch', %s)", [words])
        return cursor.fetchone()[0]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--generate", type=int, default=0, help="add this many cases first")
    parser.add_argument("--runs", type=int, default=300)
    parser.add_argument("--database", default="ombud_bench_search")
    parser.add_argument("--smoke", action="store_true",
                        help="300 cases in a database of its own, 3 runs a page, then drop it")
    args = parser.parse_args()
    with benchdb.bench_database(args.database, smoke=args.smoke, fresh=False):
        import django

        django.setup()
        from django.core.management import call_command

        # a database generated before the newest migration is brought up to date first
        call_command("migrate", verbosity=0)
        started = time.perf_counter()
        if args.smoke:
            generate(300, long_cases=1, long_events=20)
        elif args.generate:
            generate(args.generate)
        if args.smoke or args.generate:
            count = 300 if args.smoke else args.generate
            print(f"generated {count:,} cases in {time.perf_counter() - started:.0f} s")
        measure(3 if args.smoke else args.runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
