"""The benchmark script still runs (tiny sizes; the real figures are in benchmarks/README.md)."""
import subprocess
import sys

from routing_testdata import ROOT


def test_benchmark_smoke():
    p = subprocess.run([sys.executable, "benchmarks/routing_bench.py", "--n", "40", "--terms", "300",
                        "--sample", "5"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert p.returncode == 0, p.stderr
    assert p.stdout.count("proposals/s") == 4 and "extrapolated" in p.stdout
