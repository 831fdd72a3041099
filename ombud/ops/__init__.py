"""What the operator watches: the Prometheus metrics of the whole installation (the outbox,
the task queue, missed deadlines) beside each process's request counters, and the backup and
restore of an installation (``ombud backup``, ``ombud restore``)."""
