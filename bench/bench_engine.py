"""Engine speed (issue 3). Run: .venv/bin/python bench/bench_engine.py [CASES | --smoke]

1. Evaluating one case with 20 events (median), beside a baseline in the same run: json.loads of
   the same 20 events as JSON text, the cheapest thing any case view must do anyway.
2. The nightly sweep: recomputing the deadlines of 100,000 generated cases on one core, beside a
   baseline that only walks the same events.

``--smoke`` (the test command's check): a few timings and a sweep of 200 cases, no target asserted.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
import timeit
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from cases import TWENTY_EVENTS, generated_cases, twenty_event_case  # noqa: E402

from ombud.domain.engine import evaluate  # noqa: E402


def median_and_best_ms(function, number: int, repeat: int) -> tuple[float, float]:
    """Median and best of ``repeat`` timings of ``number`` calls, per call. This machine is a
    shared VM whose speed drifts between runs; the best shows the code, the median the day."""
    runs = [total / number * 1e3 for total in timeit.repeat(function, number=number,
                                                            repeat=repeat)]
    return statistics.median(runs), min(runs)


def bench_one_case(number: int = 500, repeat: int = 21) -> None:
    procedure, events, as_of = twenty_event_case()
    state = evaluate(procedure, events, as_of)
    text = json.dumps([{"on": on, "type": kind, **data} for on, kind, data in TWENTY_EVENTS])
    engine, engine_best = median_and_best_ms(lambda: evaluate(procedure, events, as_of), number,
                                                repeat)
    baseline, baseline_best = median_and_best_ms(lambda: json.loads(text), number, repeat)
    print(f"evaluate, 20 events ({len(state.deadlines)} deadlines, {len(state.refused)} refused):"
          f" median {engine:.3f} ms, best {engine_best:.3f} ms (target: median <= 0.2 ms)")
    print(f"  baseline json.loads of the same events: median {baseline:.3f} ms, best "
          f"{baseline_best:.3f} ms; ratio of medians {engine / baseline:.1f}x")


def bench_sweep(count: int) -> None:
    cases = generated_cases(count)
    events_total = sum(len(events) for _, events, _ in cases)
    as_of = max(events[-1].on for _, events, _ in cases)
    started = time.process_time()
    walked = sum(1 for _, events, _ in cases for event in events if event.type)
    baseline = time.process_time() - started
    started = time.process_time()
    missed = 0
    for procedure, events, meetings in cases:
        state = evaluate(procedure, events, as_of, meetings)
        missed += sum(1 for deadline in state.deadlines if deadline.status == "missed")
    elapsed = time.process_time() - started
    print(f"sweep: {count:,} cases, {events_total:,} events, {missed:,} missed deadlines: "
          f"{elapsed:.2f} s CPU (target <= 10 s), {elapsed / count * 1e6:.0f} us per case")
    print(f"  baseline walking the same {walked:,} events: {baseline:.3f} s")


if __name__ == "__main__":
    if sys.argv[1:] == ["--smoke"]:
        bench_one_case(number=5, repeat=3)
        bench_sweep(200)
    else:
        bench_one_case()
        bench_sweep(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
