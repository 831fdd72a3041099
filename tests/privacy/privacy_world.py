"""Who the privacy tests are about: one person, and the words that stand for him."""

from __future__ import annotations

from datetime import date

NAME = "Pieterjan Zwanenburg"
EMAIL = "pj.zwanenburg@example.org"
PHONE = "+31 6 1234 5678"
ADDRESS = "Dorpsstraat 12, 2991 Barendrecht"
BORN = date(1991, 4, 7)
# Words that stand for him: none may be left anywhere once he is erased.
TRACES = ("zwanenburg", "pj.zwanenburg", "1234 5678", "dorpsstraat", "1991-04-07",
          "mijn examenwerk")
SMALL_PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
             b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")
