"""Zip bombs for the upload tests, and the two ways of measuring what judging one costs.

A bomb is a small file (about 400 KB) that inflates to 400 MB of zeros: ZIP_DEFLATED shrinks
zeros about a thousand times. ``deflated_mimetype`` is the bomb of issue 9, finding 2: an ODT
whose ``mimetype`` entry is compressed instead of stored. ``stored_then_deflated_mimetype``
looks like a real ODT at offset 0 (a stored ``mimetype`` entry) and carries a second entry of
the same name, the bomb, which a reader that goes by name rather than position would inflate.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import tracemalloc
import warnings
import zipfile
from pathlib import Path

ODT = b"application/vnd.oasis.opendocument.text"
INFLATED_BYTES = 400 * 1024 * 1024
SHAPES = ("deflated_mimetype", "stored_then_deflated_mimetype")
# Well-formed documents whose content is the bomb: taken as what they are, still never inflated.
DOCUMENT_SHAPES = {"odt_with_bomb_content": ODT.decode(),
                   "docx_with_bomb_content": "application/vnd.openxmlformats-officedocument"
                                             ".wordprocessingml.document"}
LIMIT_BYTES = 64 * 1024 * 1024  # issue 9: the peak memory growth stays under 64 MB


def write_bomb(path: Path, shape: str) -> Path:
    """Write the bomb of ``shape`` to ``path``, streaming the zeros: the test itself never
    holds more than one megabyte of them."""
    zeros = bytes(1024 * 1024)
    with warnings.catch_warnings(), zipfile.ZipFile(path, "w") as archive:
        warnings.simplefilter("ignore", UserWarning)  # "Duplicate name": that is the point
        if shape in ("stored_then_deflated_mimetype", "odt_with_bomb_content"):
            archive.writestr(zipfile.ZipInfo("mimetype"), ODT, compress_type=zipfile.ZIP_STORED)
        if shape == "docx_with_bomb_content":
            archive.writestr("[Content_Types].xml", "<Types/>")
        bomb = zipfile.ZipInfo({"odt_with_bomb_content": "content.xml",
                                "docx_with_bomb_content": "word/document.xml"}.get(shape,
                                                                                  "mimetype"))
        bomb.compress_type = zipfile.ZIP_DEFLATED
        with archive.open(bomb, "w") as entry:
            for _ in range(INFLATED_BYTES // len(zeros)):
                entry.write(zeros)
    return path


class BombShelf(dict):
    """``shelf[shape]``: the bomb of that shape in ``folder``, written when first asked for and
    only if no other process has written it yet (parallel test workers share the folder; a bomb
    appears whole, by rename, or not at all)."""

    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.folder = folder

    def __missing__(self, shape: str) -> Path:
        path = self.folder / f"{shape}.zip"
        if not path.exists():
            partial = self.folder / f"{shape}.{os.getpid()}.part"
            os.replace(write_bomb(partial, shape), path)
        self[shape] = path
        return path


def python_peak_growth(action):
    """(what ``action()`` returns, the peak growth of Python's allocations while it ran, in
    bytes): tracemalloc sees every bytes object, including what zlib inflates into."""
    tracemalloc.start()
    try:
        start = tracemalloc.get_traced_memory()[0]
        result = action()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return result, peak - start


# The high-water mark of the resident set, reset just before judging. Not ru_maxrss: on Linux a
# child inherits its parent's maximum across fork, so a test process that once held a bomb
# would hide the child's growth.
SNIFF_IN_A_FRESH_PROCESS = textwrap.dedent("""
    import sys
    from ombud.cases.files import sniff

    def kilobytes(field):
        for line in open("/proc/self/status"):
            if line.startswith(field + ":"):
                return int(line.split()[1])

    content = open(sys.argv[1], "rb").read()
    sniff(b"%PDF-")  # the module's own first use, before the baseline
    with open("/proc/self/clear_refs", "w") as reset:
        reset.write("5")  # VmHWM := VmRSS
    before = kilobytes("VmRSS")
    found = sniff(content)
    print(found, (kilobytes("VmHWM") - before) * 1024)
""")


def process_peak_growth(path: Path) -> tuple[str, int]:
    """(the type judged, the growth of the resident set's high-water mark in bytes) when a
    fresh Python process judges the file: counts what C code allocates too."""
    result = subprocess.run([sys.executable, "-c", SNIFF_IN_A_FRESH_PROCESS, str(path)],
                            capture_output=True, text=True, check=True, timeout=120)
    found, growth = result.stdout.split()
    return found, int(growth)


def megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"
