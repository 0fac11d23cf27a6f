"""`make bench`: run every benchmark in bench/, each in its own process (each sets up its own database)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BENCHMARKS = [
    ["bench_import.py"],
    ["bench_reporting.py"],
    ["bench_matching.py"],
    ["bench_matching.py", "--sweep"],
    ["bench_pages.py"],
]

if __name__ == "__main__":
    here = Path(__file__).resolve().parent
    failed = [" ".join(b) for b in BENCHMARKS if subprocess.run([sys.executable, str(here / b[0]), *b[1:]]).returncode]
    sys.exit(f"failed: {', '.join(failed)}" if failed else 0)
