"""Scale: ``python -m lipse_widgets score`` on a million respondents, against pandas.

Writes a CSV of made-up answers to the e-procurement model (``RESPONDENTS`` rows, in
a temporary folder), then measures, each in a fresh Python process and as the
median of ``RUNS`` runs:

* pandas reading the file (``pandas.read_csv``): the yardstick;
* the ``score`` command, in-process through :func:`lipse_widgets.cli.main`: read,
  check every cell column by column, score, and write the scored CSV;
* the same command as a user runs it, interpreter start and imports included.

Time is wall-clock; memory is the process's peak resident size (``ru_maxrss``)
above what it held once its imports were done (Linux: ``/proc/self/statm``). The
aims (issue 14): ``score`` at most 5 times pandas' read time, and at most 10 times
the file's size in memory.

Run alone with ``.venv/bin/python benchmarks/scale.py``; ``make bench`` includes it.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

RESPONDENTS = 1_000_000
RUNS = 3
MODEL = "eprocurement"
AIM_TIME = 5.0
AIM_MEMORY = 10.0

#: Run in a fresh interpreter: time ``work`` after the imports, report time and memory.
_MEASURE = """
import json, os, resource, sys, time
{imports}
with open("/proc/self/statm") as statm:  # resident pages now, after the imports
    base = int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024
start = time.perf_counter()
{work}
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({{"seconds": seconds, "peak_kb": peak, "base_kb": base}}))
"""


def write_answers(path: Path, respondents: int) -> None:
    """Write made-up answers to the model (fixed seed): an id and one whole number per factor."""
    from lipse_widgets.data.models import load_model

    model = load_model(MODEL)
    rng = np.random.default_rng(2026)
    frame = pd.DataFrame(
        rng.integers(1, 6, size=(respondents, len(model.factors)), dtype=np.int8),
        columns=list(model.factor_ids),
    )
    frame.insert(0, "respondent_id", [f"r{i:07d}" for i in range(1, respondents + 1)])
    frame.to_csv(path, index=False)


def _measure(imports: str, work: str) -> dict:
    code = _MEASURE.format(imports=imports, work=work)
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    if run.returncode != 0:
        sys.exit(f"scale: the measurement failed:\n{run.stdout[-2000:]}{run.stderr[-2000:]}")
    return json.loads(run.stdout.splitlines()[-1])


def _median(runs: list[dict]) -> dict:
    return {
        "seconds": statistics.median(r["seconds"] for r in runs),
        "memory_mb": statistics.median((r["peak_kb"] - r["base_kb"]) / 1024 for r in runs),
        "peak_mb": statistics.median(r["peak_kb"] / 1024 for r in runs),
    }


def measure(respondents: int = RESPONDENTS, runs: int = RUNS) -> list[tuple[str, str, str]]:
    """Return the scale measurements as (what, value, aim) rows."""
    with tempfile.TemporaryDirectory(prefix="lipse-scale-") as folder:
        answers, out = Path(folder) / "answers.csv", Path(folder) / "scored.csv"
        write_answers(answers, respondents)
        size_mb = answers.stat().st_size / 2**20
        pandas = _median(
            [_measure("import pandas", f"pandas.read_csv({str(answers)!r})") for _ in range(runs)]
        )
        argv = ["score", MODEL, str(answers), "-o", str(out)]
        score = _median(
            [
                _measure(
                    "import contextlib, io\nfrom lipse_widgets.cli import main",
                    f"with contextlib.redirect_stdout(io.StringIO()):\n"
                    f"    assert main({argv!r}) == 0",
                )
                for _ in range(runs)
            ]
        )
        whole = []
        for _ in range(runs):
            start = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "lipse_widgets", *argv], capture_output=True, check=True
            )
            whole.append(time.perf_counter() - start)
        scored = sum(1 for _ in out.open(encoding="utf-8-sig")) - 1
    if scored != respondents:
        sys.exit(f"scale: the scored file has {scored:,} rows, not {respondents:,}")
    ratio = score["seconds"] / pandas["seconds"]
    memory = score["memory_mb"] / size_mb
    label = f"{respondents:,} made-up respondents ({size_mb:.1f} MiB CSV, model '{MODEL}')"
    return [
        (
            f"pandas.read_csv of {label}",
            f"{pandas['seconds']:.2f} s, {pandas['memory_mb']:.0f} MiB above imports",
        ),
        (
            f"score of {label}: read, check, score, write CSV (in-process)",
            f"{score['seconds']:.2f} s = {ratio:.1f} x pandas' read",
            f"{'met' if ratio <= AIM_TIME else 'NOT met'} (aim: at most {AIM_TIME:g} x)",
        ),
        (
            f"score of {label}: peak memory above imports",
            f"{score['memory_mb']:.0f} MiB = {memory:.1f} x the file's size",
            f"{'met' if memory <= AIM_MEMORY else 'NOT met'} (aim: at most {AIM_MEMORY:g} x)",
        ),
        (
            f"python -m lipse_widgets score, {label}, start-up and imports included",
            f"{statistics.median(whole):.2f} s, peak {score['peak_mb']:.0f} MiB resident",
        ),
    ]


if __name__ == "__main__":
    for row in measure():
        print(" | ".join(row))
