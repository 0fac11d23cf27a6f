"""`make bench`: run every benchmark in bench/, each in its own process (each sets up its own database)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BENCHMARKS = ["bench_import.py", "bench_reporting.py", "bench_matching.py"]

if __name__ == "__main__":
    here = Path(__file__).resolve().parent
    failed = [name for name in BENCHMARKS if subprocess.run([sys.executable, str(here / name)]).returncode]
    sys.exit(f"failed: {', '.join(failed)}" if failed else 0)
