"""The template loader of a bundle's letters: a file only where it really lies inside the
folders the engine names. Django's own loader refuses ``../`` in a name but follows a symbolic
link: ``letters/receipt.nl.txt`` linked to the server's settings or key file would be read as the
receipt and mailed to whoever filed a case. A bundle is written by an organization's
administrator; a link that leaves its folder is treated as no file at all."""

from __future__ import annotations

from pathlib import Path

from django.template.loaders.filesystem import Loader


class ConfinedLoader(Loader):
    def get_template_sources(self, template_name):
        folders = [Path(folder).resolve() for folder in self.get_dirs()]
        for origin in super().get_template_sources(template_name):
            real = Path(origin.name).resolve()
            if any(real.is_relative_to(folder) for folder in folders):
                yield origin
