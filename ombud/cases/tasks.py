"""Background work for cases, through Django's tasks API (the database backend in the demo).
Task bodies are one call into a service."""

from django_tasks import task

from ombud.cases import services


@task()
def sweep_deadlines() -> int:
    """Refresh every case that is not closed as of today (see services.cases_refresh)."""
    return services.cases_refresh()
