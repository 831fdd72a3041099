"""``ombud procedure validate --all`` on the bundles' letters: each template read and set once
with no case, so one that does not parse or includes what it may not is found by the operator
before a step would send it (then the step is refused: ``render.LetterError``)."""

from __future__ import annotations


def letter_problems() -> list[str]:
    """Every bundle's letter template that cannot be used, one line each. The template engine
    needs settings, none of the server's: the command also runs without them."""
    from django.conf import settings

    if not settings.configured:
        settings.configure()
    from ombud.domain.bundles import all_bundles
    from ombud.letters.render import LetterError
    from ombud.letters.render import _template_text as template_text  # the same lookup

    found = []
    for organization, folder in sorted(all_bundles().items()):
        for path in sorted((folder / "letters").rglob("*.txt")):
            name = path.relative_to(folder / "letters").as_posix()
            if not path.resolve().is_relative_to((folder / "letters").resolve()):
                found.append(f"{path}: links outside the letters folder, so it is not read "
                             "(Ombud's own letter is sent instead)")
                continue
            case_type, _slash, file_name = name.rpartition("/")
            kind, _dot, language = file_name.removesuffix(".txt").partition(".")
            try:
                template_text(organization, kind, language, {}, case_type)
            except LetterError as error:
                found.append(f"{path}: {str(error).rpartition(': ')[2]}")
    return found
