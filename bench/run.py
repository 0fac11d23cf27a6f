"""`make bench`: run every benchmark in bench/ and print its table (each includes its own baseline)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_import  # noqa: E402
import bench_reporting  # noqa: E402

if __name__ == "__main__":
    bench_import.main([])
    bench_reporting.main([])
