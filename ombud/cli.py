"""The ``ombud`` command.

    ombud procedure simulate TIMELINE|-        run a timeline through the engine, print JSON
    ombud procedure validate [FILE ... | --all] check procedure files (--all: every bundle found
                                                in the package and OMBUD_PROCEDURE_DIRS)
    ombud procedure explain PROCEDURE [--lang]  the procedure in plain words
    ombud procedure coverage [--check] [--tests DIR] [--bundle ORG]
                                                every rule of every catalogue (Ombud's and each
                                                bundle's), how Ombud covers it, the tests that
                                                name it; --check: exit 1 where they disagree
    ombud demo [--data-dir DIR] [--port N] [--no-serve]   the demo, web server and worker
    ombud serve [--bind HOST:PORT] [--workers N] [--threads N] [--pool public|staff|all] [--nice N]
                                                the production web server (gunicorn), one pool
    ombud worker [--processes N]                 N background workers under one supervisor
    ombud backup DIR | restore DIR               the database, the stored files and a manifest
                                                (chain heads, seals); restore into empty ones
    ombud audit keygen PATH | seal [--org ORG] | verify [--org ORG]
                                                prove the case histories (docs/audit.md)
    ombud report annual --org ORG --year YYYY [--procedure ID] --format pdf|xlsx|csv
                 [--output FILE] [--outside]     the annual report (AV-11, GL-12, PP-16)
    ombud report refresh [--org ORG]             the reports' figures anew from the histories
    ombud privacy export --org ORG --email EMAIL the access export of one person as JSON
                                                (GDPR art. 15, docs/privacy.md)
    ombud org create SLUG --name NAME --language nb|nl|en --procedures ID[,ID...]
                                                a new organization with its procedures enabled
    ombud user create USERNAME --org SLUG --role ROLE --email EMAIL
                                                a new person; a link to choose the password is
                                                mailed through the outbox
    ombud privacy retention [--dry-run] [--org ORG] [--today YYYY-MM-DD]
                                                closed cases past their retention; old rows

Exit status 0 on success, 1 when validation finds broken files or the coverage check finds a
claim its tests contradict, 2 on bad input (one line on standard error, nothing on standard
output). Imports stay inside the commands: the simulator starts and ends in well under 0.25 s.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

EXIT_INPUT_ERROR = 2


class InputError(Exception):
    """Bad input from the user: reported as one line, exit status 2."""


def _read_text(source: str) -> str:
    if source == "-":
        return sys.stdin.read()
    try:
        return Path(source).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"{source}: cannot be read: {getattr(error, 'strerror', None) or error}")\
            from None


def simulate_command(args: argparse.Namespace) -> int:
    from ombud.domain.simulate import simulate
    from ombud.domain.timeline import TimelineError, parse_timeline

    text = _read_text(args.timeline)
    try:
        timeline = parse_timeline(text, today=date.today())
    except TimelineError as error:
        name = "<stdin>" if args.timeline == "-" else args.timeline
        raise InputError(f"{name}: {error}") from None
    json.dump(simulate(timeline), sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return 0


def validate_command(args: argparse.Namespace) -> int:
    from ombud.domain.loader import ProcedureError, bundle_problems, load_procedure_file
    from ombud.domain.loader import procedure_files as bundled_files
    from ombud.letters.check import letter_problems
    from ombud.ops.versions_check import changed_in_use

    if args.all == bool(args.files):
        raise InputError("give procedure files to validate, or --all for every bundle found")
    paths = bundled_files() if args.all else [Path(file) for file in args.files]
    broken = 0
    for path in paths:
        try:
            procedure = load_procedure_file(path)
        except ProcedureError as error:
            broken += 1
            print(error, file=sys.stderr)
        else:
            print(f"ok  {procedure.id} {procedure.version}  ({path})")
    problems = changed_in_use(None if args.all else paths)  # versions changed under cases
    if args.all and not broken:
        problems += [*bundle_problems(), *letter_problems()]
    print(*problems, sep="\n", file=sys.stderr, end="\n" if problems else "")
    return 1 if broken or problems else 0


def explain_command(args: argparse.Namespace) -> int:
    from ombud.domain.explain import explain
    from ombud.domain.loader import UnknownProcedure, find_procedure

    try:
        procedure = find_procedure(args.procedure, version=args.version)
    except UnknownProcedure as error:
        raise InputError(str(error)) from None
    print(explain(procedure, args.lang or procedure.language))
    return 0


def coverage_command(args: argparse.Namespace) -> int:
    from ombud.domain.coverage import PLAN_FILE, all_coverage, coverage_report, problems
    from ombud.domain.evidence import default_tests_dir

    tests_dir = Path(args.tests) if args.tests else default_tests_dir()
    if args.tests and not tests_dir.is_dir():
        raise InputError(f"{args.tests}: no such directory")
    if args.check and tests_dir is None:
        raise InputError("no tests/ beside the package: give the test directory with --tests DIR")
    try:
        rows = all_coverage(tests_dir, Path(args.plan) if args.plan else PLAN_FILE)
    except (OSError, ValueError) as error:  # tomllib.TOMLDecodeError is a ValueError
        raise InputError(str(error)) from None
    if args.bundle:
        rows = [row for row in rows if row.bundle == args.bundle]
        if not rows:
            raise InputError(f"no bundle {args.bundle!r} (ombud procedure validate --all "
                             "lists them)")
    if not args.check:
        print(coverage_report(rows, only_uncovered=args.uncovered, tests_dir=tests_dir))
        return 0
    found = problems(rows, tests_dir)
    for line in found:
        print(line, file=sys.stderr)
    if found:
        print(f"ombud: coverage: {len(found)} places where the claims and the tests disagree",
              file=sys.stderr)
        return 1
    enforced = sum(1 for row in rows if row.tests)
    print(f"ok  {len(rows)} rules; the {enforced} that tests name are the ones claimed enforced")
    return 0


def demo_command(args: argparse.Namespace) -> int:
    from ombud.demo.run import run_demo

    return run_demo(data_dir=Path(args.data_dir), port=args.port, serve=not args.no_serve)


def serve_command(args: argparse.Namespace) -> int:
    from ombud.server.web import serve

    return serve(bind=args.bind, workers=args.workers, threads=args.threads, pool=args.pool,
                 nice=args.nice)


def worker_command(args: argparse.Namespace) -> int:
    from ombud.server.workers import run_workers

    return run_workers(processes=args.processes, interval=args.interval)


def _env_default(name: str, default: str) -> str:
    import os

    return os.environ.get(name) or default


def _whole(low: int, high: int | None = None):  # an argument's type: a whole number in range
    expected = f"of at least {low}" if high is None else f"from {low} to {high}"

    def parse(text: str) -> int:
        value = int(text) if text.lstrip("-").isdigit() else low - 1
        if not low <= value <= (high if high is not None else value):
            raise argparse.ArgumentTypeError(f"{text!r}: expected a whole number {expected}")
        return value
    return parse


def _add_processes(commands) -> None:
    serve = commands.add_parser("serve", help="the production web server: one pool of processes")
    serve.add_argument("--bind", default=_env_default("OMBUD_BIND", "127.0.0.1:8000"),
                       help="HOST:PORT or unix:PATH to listen on (OMBUD_BIND; 127.0.0.1:8000)")
    serve.add_argument("--workers", type=_whole(1),
                       default=_env_default("OMBUD_WEB_WORKERS", "2"),
                       help="processes in the pool (OMBUD_WEB_WORKERS; 2)")
    serve.add_argument("--threads", type=_whole(1),
                       default=_env_default("OMBUD_WEB_THREADS", "8"),
                       help="threads in each process (OMBUD_WEB_THREADS; 8)")
    serve.add_argument("--pool", choices=("public", "staff", "all"),
                       default=_env_default("OMBUD_POOL", "all"),
                       help="which pages: the complainants', the staff's, or all (OMBUD_POOL)")
    serve.add_argument("--nice", type=_whole(0, 19), default=_env_default("OMBUD_WEB_NICE", "0"),
                       help="lower the processor priority by N, 0-19: 10 for a public pool "
                            "beside the staff's, so a flood yields to them (OMBUD_WEB_NICE; 0)")
    serve.set_defaults(run=serve_command)
    worker = commands.add_parser("worker", help="background workers: outbox, sweep, seal")
    worker.add_argument("--processes", type=_whole(1),
                        default=_env_default("OMBUD_WORKER_PROCESSES", "1"),
                        help="workers side by side (OMBUD_WORKER_PROCESSES; 1)")
    worker.add_argument("--interval", type=float, default=1.0,
                        help="seconds a worker waits when no task is ready (1)")
    worker.set_defaults(run=worker_command)


def backup_command(args: argparse.Namespace) -> int:
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ombud.settings")
    django.setup()
    from ombud.ops import backup, dumps

    folder = Path(args.folder)
    try:
        manifest = (backup.backup if args.command == "backup" else backup.restore)(folder)
    except (backup.BackupError, dumps.DumpError) as error:
        raise InputError(str(error)) from None
    verb = "backed up" if args.command == "backup" else "restored"
    print(f"{verb} {len(manifest['heads'])} cases, {len(manifest['files'])} files and "
          f"{len(manifest['seals'])} seals ({manifest['database']['vendor']}) "
          f"{'to' if args.command == 'backup' else 'from'} {folder}")
    if args.command == "restore":
        problems = backup.restored_problems(manifest)
        for problem in problems:
            print(f"ombud: restore: {problem}", file=sys.stderr)
        if problems:
            return 1
        print("chain heads, seals and documents match the manifest; "
              "now run `ombud audit verify`")
    return 0


def audit_command(args: argparse.Namespace) -> int:
    import os

    import django

    from ombud.audit import commands

    if args.action == "keygen":  # needs no database, nor settings
        return commands.keygen(args.path)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ombud.settings")
    django.setup()
    return getattr(commands, args.action)(args.org)


def report_command(args: argparse.Namespace) -> int:
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ombud.settings")
    django.setup()
    from ombud.reports import commands

    if args.action == "refresh":
        return commands.refresh(args.org)
    return commands.annual(args.org, args.year, args.procedure, args.format, args.output,
                           outside=args.outside)


def _django() -> None:
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ombud.settings")
    django.setup()


def privacy_command(args: argparse.Namespace) -> int:
    _django()
    from ombud.privacy import commands

    return commands.export(args.org, args.email)


PRIVACY_COMMANDS = ("ombud.retention.commands",)


def _add_privacy(commands) -> None:
    from importlib import import_module

    privacy = commands.add_parser("privacy", help="people's personal data (GDPR)")
    actions = privacy.add_subparsers(dest="action", required=True)
    export = actions.add_parser("export", help="everything held about one person, as JSON")
    export.add_argument("--org", required=True, help="the organization (its slug)")
    export.add_argument("--email", required=True, help="the person's e-mail address")
    export.set_defaults(run=privacy_command)
    for module in PRIVACY_COMMANDS:  # other apps' own subcommands (retention)
        import_module(module).add_to(actions)


def _add_report(commands) -> None:
    report = commands.add_parser("report", help="the annual report and its figures")
    actions = report.add_subparsers(dest="action", required=True)
    annual = actions.add_parser("annual", help="the annual report as PDF, XLSX or CSV")
    annual.add_argument("--org", required=True, help="the organization (its slug)")
    annual.add_argument("--year", type=int, required=True, help="the year reported on")
    annual.add_argument("--procedure", help="one case type, e.g. gl/complaint (default: all)")
    annual.add_argument("--format", choices=("pdf", "xlsx", "csv"), required=True)
    annual.add_argument("--output", help="the file to write (default: standard output)")
    annual.add_argument("--outside", action="store_true",
                        help="made for an outside body: small counts hidden where the "
                             "organization asks so")
    annual.set_defaults(run=report_command)
    refresh = actions.add_parser("refresh", help="write every case's figures anew")
    refresh.add_argument("--org", help="one organization (its slug)")
    refresh.set_defaults(run=report_command)


def _add_audit(commands) -> None:
    audit = commands.add_parser("audit", help="seal and verify the case histories")
    actions = audit.add_subparsers(dest="action", required=True)
    keygen = actions.add_parser("keygen", help="create the seal key (Ed25519, PEM)")
    keygen.add_argument("path", help="the key file to create (never overwritten)")
    keygen.set_defaults(run=audit_command)
    for name, text in (("seal", "sign the heads of every case's chain, per organization"),
                       ("verify", "recompute every chain; compare with the rows and the seal")):
        action = actions.add_parser(name, help=text)
        action.add_argument("--org", help="one organization (its slug)")
        action.set_defaults(run=audit_command)


# The ``ombud privacy`` subcommands, each module's ``add_to(actions)`` registers its own (and
# imports no Django there): a branch adds its module to this list, nothing else.
def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="ombud", description="Ombud: complaints, objections "
                                     "and appeals, run by each organization's own procedure")
    commands = parser.add_subparsers(dest="command", required=True)
    demo = commands.add_parser("demo", help="the demo: five organizations, web server and worker")
    demo.add_argument("--data-dir", default=".ombud-demo",
                      help="where the database and files live (seeded when empty)")
    demo.add_argument("--port", type=int, default=8000, help="web server port (default 8000)")
    demo.add_argument("--no-serve", action="store_true", help="seed and exit")
    demo.set_defaults(run=demo_command)
    _add_processes(commands)
    for name, text in (("backup", "write the database, the stored files and a manifest to DIR"),
                       ("restore", "restore DIR into an empty database and an empty storage")):
        command = commands.add_parser(name, help=text)
        command.add_argument("folder", metavar="DIR")
        command.set_defaults(run=backup_command)
    _add_audit(commands)
    _add_privacy(commands)
    _add_report(commands)
    from ombud.orgs import commands as setup_commands

    setup_commands.add_to(commands)
    procedure = commands.add_parser("procedure", help="work with procedure files")
    actions = procedure.add_subparsers(dest="action", required=True)

    simulate = actions.add_parser("simulate", help="run a timeline through the engine (JSON out)")
    simulate.add_argument("timeline", help="a timeline (docs/authoring.md: Timelines), or -")
    simulate.set_defaults(run=simulate_command)

    validate = actions.add_parser("validate", help="check procedure files")
    validate.add_argument("files", nargs="*", help="procedure TOML files")
    validate.add_argument("--all", action="store_true",
                          help="every procedure of every bundle found")
    validate.set_defaults(run=validate_command)

    explain = actions.add_parser("explain", help="a procedure in plain words")
    explain.add_argument("procedure", help="<org>/<case type>, e.g. dnv/objection")
    explain.add_argument("--lang", choices=("nb", "nl", "en"),
                         help="language (default: the organization's)")
    explain.add_argument("--version", help="a procedure version (default: the current one)")
    explain.set_defaults(run=explain_command)

    coverage = actions.add_parser("coverage", help="how every rule of every catalogue is covered")
    coverage.add_argument("--uncovered", action="store_true", help="only rules not yet covered")
    coverage.add_argument("--check", action="store_true",
                          help="exit 1, naming them, where a rule claimed as enforced has no test "
                               "naming its ID, or a rule a test names is called planned")
    coverage.add_argument("--tests", metavar="DIR",
                          help="the test directory (default: tests/ beside the package)")
    coverage.add_argument("--plan", metavar="FILE",
                          help="Ombud's own coverage file (default: the bundled coverage.toml)")
    coverage.add_argument("--bundle", metavar="ORG", help="only this organization's bundle")
    coverage.set_defaults(run=coverage_command)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except InputError as error:
        print(f"ombud: {error}", file=sys.stderr)
        return EXIT_INPUT_ERROR
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
