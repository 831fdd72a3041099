"""Shared fixtures. Domain tests need nothing from Django; database tests use pytest-django."""
