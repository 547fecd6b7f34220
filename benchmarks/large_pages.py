"""The audit page and the server's start on generated corpora (issue 24, item 14): ``kgtool
audit`` as text and as HTML, and ``kgtool serve`` until it answers, then its audit page twice
(the first draws the picture of the disputes).

    python benchmarks/large_pages.py                 # 2,000, 5,000 and 20,000 claims
    python benchmarks/large_pages.py --sizes 2000

Wall times of one run each; peak memory from /usr/bin/time where it is installed.
"""

from __future__ import annotations

import argparse
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import corpus

KGTOOL = str(Path(sys.executable).parent / "kgtool")
TIME = "/usr/bin/time" if Path("/usr/bin/time").exists() else None


def timed(argv: list[str]) -> tuple[float, str]:
    """Wall time and peak memory of a command."""
    started = time.monotonic()
    done = subprocess.run(
        [TIME, "-f", "%M", *argv] if TIME else argv, capture_output=True, text=True, check=False
    )
    wall = time.monotonic() - started
    peak = re.findall(r"^(\d+)$", done.stderr, re.M)
    return wall, f"{int(peak[-1]) >> 10} MB" if peak else ""


def get(url: str) -> float:
    started = time.monotonic()
    with urllib.request.urlopen(urllib.request.Request(url, headers={"Accept": "text/html"}), timeout=600):
        pass
    return time.monotonic() - started


def serve(data: str) -> tuple[float, float, float]:
    """Seconds until the server answers, then for its audit page the first and second time."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    started = time.monotonic()
    process = subprocess.Popen(
        [KGTOOL, "serve", "-d", data, "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        while True:
            try:
                urllib.request.urlopen(url + "/sparql", timeout=2).close()
                break
            except OSError:
                if process.poll() is not None:
                    raise SystemExit("kgtool serve ended") from None
                time.sleep(0.1)
        up = time.monotonic() - started
        return up, get(url + "/"), get(url + "/")
    finally:
        process.terminate()
        process.wait(timeout=20)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000, 5000, 20000])
    args = parser.parse_args()
    print("| claims | audit (text) | audit --format html | serve: answers after | first / | second / |")
    print("|---:|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as folder:
        for size in args.sizes:
            data = str(Path(folder) / f"claims-{size}.nt")
            corpus.write_corpus(data, size, seed=0)
            text = timed([KGTOOL, "audit", "-d", data, "-o", str(Path(folder) / "audit.txt")])
            html = timed(
                [KGTOOL, "audit", "-d", data, "--format", "html", "-o", str(Path(folder) / "audit.html")]
            )
            up, first, second = serve(data)
            print(
                f"| {size:,} | {text[0]:.1f} s, {text[1]} | {html[0]:.1f} s, {html[1]} "
                f"| {up:.1f} s | {first:.1f} s | {second:.2f} s |",
                flush=True,
            )


if __name__ == "__main__":
    main()
