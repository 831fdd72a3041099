"""The nightly seal, through Django's tasks API (see ombud.schedule)."""

import logging

from django_tasks import task

from ombud import schedule
from ombud.audit import keys
from ombud.audit.seal import seal_all

log = logging.getLogger(__name__)


@task()
def seal_histories() -> dict[str, int]:
    """Seal every organization's case chains, then book the next night. Without a usable key
    nothing is sealed and the reason is logged: the worker keeps doing its other work."""
    try:
        sealed = len(seal_all())
    except keys.SealKeyError as error:
        log.error("the nightly seal was not made: %s", error)
        sealed = 0
    finally:
        schedule.enqueue_once(seal_histories, run_after=schedule.next_seal_at())
    return {"sealed": sealed}
