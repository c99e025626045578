"""Result rows, the printed table, latest.json and latest.md."""

import json
import os
import platform
import subprocess
from dataclasses import asdict, dataclass, field

PASS, MISS, NA, ERROR, INFO = "pass", "miss", "not available", "error", "info"


@dataclass
class Row:
    figure: str  # "1".."6"
    name: str
    measured: str = ""  # our figure, human readable
    reference: str = ""  # the reference, human readable
    ratio: float | None = None  # measured / reference (cost: lower is better)
    target: str = ""
    status: str = INFO
    note: str = ""
    data: dict = field(default_factory=dict)  # raw numbers for the JSON

    @classmethod
    def not_available(cls, figure, name, reason, target=""):
        return cls(figure, name, target=target, status=NA, note=f"not available: {reason}")

    @classmethod
    def error(cls, figure, name, exc, target=""):
        text = str(exc).strip().splitlines()
        return cls(
            figure,
            name,
            target=target,
            status=ERROR,
            note=f"error: {type(exc).__name__}: {text[0] if text else ''}"[:300],
        )


def machine():
    info = {
        "nproc": os.cpu_count(),
        "cpu": "",
        "memory_gb": None,
        "python": platform.python_version(),
        "kernel": platform.release(),
    }
    try:
        with open("/proc/cpuinfo") as f:
            info["cpu"] = next((line.split(":", 1)[1].strip() for line in f if line.startswith("model name")), "")
        with open("/proc/meminfo") as f:
            kb = int(next(line.split()[1] for line in f if line.startswith("MemTotal")))
            info["memory_gb"] = round(kb / 1024 / 1024, 1)
    except (OSError, StopIteration, ValueError):
        pass
    try:
        info["nproc"] = int(subprocess.check_output(["nproc"], text=True).strip())
        info["postgresql"] = subprocess.check_output(
            ["psql", "-Atc", "SHOW server_version", "postgres"], text=True
        ).strip()
    except (OSError, subprocess.CalledProcessError, ValueError):
        pass
    return info


def fmt_ratio(row):
    return "" if row.ratio is None else f"{row.ratio:.2f}×"


COLUMNS = ("Fig.", "Figure", "Measured", "Reference", "Ratio", "Target", "Result")


def _cells(row):
    return (row.figure, row.name, row.measured, row.reference, fmt_ratio(row), row.target, row.status)


def text_table(rows):
    cells = [COLUMNS] + [_cells(r) for r in rows]
    widths = [min(48, max(len(str(c[i])) for c in cells)) for i in range(len(COLUMNS))]
    lines = []
    for n, c in enumerate(cells):
        lines.append("  ".join(str(v)[: widths[i]].ljust(widths[i]) for i, v in enumerate(c)))
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    notes = [f"  [{r.figure}] {r.name}: {r.note}" for r in rows if r.note]
    return "\n".join(lines + ([""] + ["Notes:"] + notes if notes else []))


def markdown(rows, meta):
    m = meta["machine"]
    out = [
        "# Benchmark results",
        "",
        f"Run {meta['finished_at']} (UTC), scale {meta['scale']} "
        f"({'full' if meta['scale'] >= 1 else 'reduced'}), seed {meta['seed']}, "
        f"{meta['duration_s']:.0f} s in all, server workers: {meta['workers']}.",
        "",
        f"Machine: {m.get('nproc')} CPU ({m.get('cpu') or 'unknown CPU'}), "
        f"{m.get('memory_gb')} GB RAM, PostgreSQL {m.get('postgresql', '?')}, "
        f"Python {m.get('python')}; commit {meta.get('commit', '?')}"
        f"{' (addons read from ' + meta['addons'] + ')' if meta.get('addons') else ''}.",
        "",
        "Data: " + ", ".join(f"{k.replace('_', ' ')} {v:,}" for k, v in meta["sizes"].items()) + ".",
        "",
        "| " + " | ".join(COLUMNS) + " |",
        "|" + "---|" * len(COLUMNS),
    ]
    for r in rows:
        out.append("| " + " | ".join(str(c).replace("|", "\\|") for c in _cells(r)) + " |")
    notes = [r for r in rows if r.note]
    if notes:
        out += ["", "## Notes", ""]
        out += [f"* **{r.figure}. {r.name}** — {r.note}" for r in notes]
    return "\n".join(out) + "\n"


def write(rows, meta, directory):
    directory.mkdir(parents=True, exist_ok=True)
    payload = {"meta": meta, "results": [asdict(r) for r in rows]}
    tmp = directory / "latest.json.tmp"
    tmp.write_text(json.dumps(payload, indent=2, default=str) + "\n")
    tmp.replace(directory / "latest.json")
    tmp = directory / "latest.md.tmp"
    tmp.write_text(markdown(rows, meta))
    tmp.replace(directory / "latest.md")


def update_readme(path, rows, meta):
    """Replace the README's results section with this run's table and notes."""
    text = path.read_text()
    start, end = "<!-- results:start -->", "<!-- results:end -->"
    if start not in text or end not in text:
        return
    body = markdown(rows, meta).split("\n", 2)[2].strip()  # without the title
    head, rest = text.split(start, 1)
    tail = rest.split(end, 1)[1]
    path.write_text(f"{head}{start}\n{body}\n{end}{tail}")
