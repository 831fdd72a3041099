"""The production processes: ``ombud serve`` (gunicorn's pools of web processes) and ``ombud
worker`` (several task workers under one supervisor). The demo keeps its single waitress
process and needs neither."""
