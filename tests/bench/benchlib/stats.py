"""Small statistics helpers (no numpy needed)."""

import statistics


def median(values):
    return statistics.median(values) if values else float("nan")


def p95(values):
    if not values:
        return float("nan")
    ordered = sorted(values)
    # nearest-rank percentile
    rank = max(1, -(-95 * len(ordered) // 100))
    return ordered[rank - 1]


def mode(values):
    return statistics.mode(values) if values else None


def ms(seconds):
    return f"{seconds * 1000:.1f} ms"


def secs(seconds):
    return f"{seconds:.2f} s"
