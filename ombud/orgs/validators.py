"""Password validators whose messages Django does not translate into bokmål yet."""

from __future__ import annotations

from django.contrib.auth import password_validation
from django.utils.translation import ngettext


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django 5.2's own message ("at least %d characters") is missing from its bokmål catalogue,
    so a Norwegian handler would be refused in English: the same rule with a message of ours."""

    def get_error_message(self):
        return ngettext(
            "This password is too short. It must have at least %(min_length)d character.",
            "This password is too short. It must have at least %(min_length)d characters.",
            self.min_length) % {"min_length": self.min_length}
