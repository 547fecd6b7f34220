"""What a query that sorts a join of unbound patterns costs under the memory limit (issue 24,
item 13): ``kgtool query`` once, and four cross-origin form POSTs at once to ``kgtool serve``,
on the shipped data, with the default limits unless told otherwise.

    python benchmarks/query_memory.py
    python benchmarks/query_memory.py --serve-memory 512 --query-memory 2048

Memory is the peak of the sum of the resident sets of kgtool and every process it forked,
sampled every 50 ms from /proc (Linux); time is each answer's wall time.
"""

from __future__ import annotations

import argparse
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

KGTOOL = str(Path(sys.executable).parent / "kgtool")
SORTED_JOIN = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?a"
PAGE = 4096


def tree_rss(root: int) -> int:
    """The resident bytes of ``root`` and its descendants."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            fields = stat[stat.rindex(")") + 2 :].split()
            children.setdefault(int(fields[1]), []).append(int(entry.name))
            rss[int(entry.name)] = int((entry / "statm").read_text().split()[1]) * PAGE
        except (OSError, ValueError):
            continue
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack += children.get(pid, [])
    return total


class Peak:
    """The peak of :func:`tree_rss` while it runs, sampled in a thread."""

    def __init__(self, pid: int) -> None:
        self.pid, self.peak, self.running = pid, 0, True
        self.thread = threading.Thread(target=self._sample, daemon=True)
        self.thread.start()

    def _sample(self) -> None:
        while self.running:
            self.peak = max(self.peak, tree_rss(self.pid))
            time.sleep(0.05)

    def stop(self) -> int:
        self.running = False
        self.thread.join()
        return self.peak


def cli(memory: int) -> None:
    started = time.monotonic()
    process = subprocess.Popen(
        [KGTOOL, "query", "-", "--max-rows", "10", "--max-query-memory", str(memory)],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    peak = Peak(process.pid)
    _, err = process.communicate(SORTED_JOIN)
    wall = time.monotonic() - started
    print(
        f"| kgtool query --max-rows 10 --max-query-memory {memory} | exit {process.returncode} "
        f"| {wall:.1f} s | {peak.stop() >> 20} MB | {err.strip()} |"
    )


def serve(memory: int) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    process = subprocess.Popen(
        [KGTOOL, "serve", "--port", str(port), "--query-timeout", "60", "--max-query-memory", str(memory)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(600):
            try:
                urllib.request.urlopen(url + "/sparql", timeout=2).close()
                break
            except OSError:
                time.sleep(0.1)
        peak = Peak(process.pid)
        answers: list[str] = []

        def post() -> None:
            started = time.monotonic()
            request = urllib.request.Request(
                url + "/sparql",
                data=urllib.parse.urlencode({"query": SORTED_JOIN}).encode(),
                headers={"Origin": "https://elsewhere.example", "Accept": "text/csv"},
            )
            try:
                with urllib.request.urlopen(request, timeout=120) as response:
                    status = response.status
            except urllib.error.HTTPError as e:
                status = e.code
            answers.append(f"{status} in {time.monotonic() - started:.1f} s")

        posts = [threading.Thread(target=post) for _ in range(4)]
        for thread in posts:
            thread.start()
        for thread in posts:
            thread.join()
        print(
            f"| kgtool serve --max-query-memory {memory}, 4 POSTs at once | {', '.join(sorted(answers))} "
            f"| | {peak.stop() >> 20} MB | |"
        )
    finally:
        process.terminate()
        process.wait(timeout=20)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--query-memory", type=int, default=4096, help="kgtool query's limit (MB)")
    parser.add_argument("--serve-memory", type=int, default=1024, help="kgtool serve's limit (MB)")
    args = parser.parse_args()
    print("| run | answers | wall | peak memory (all processes) | message |")
    print("|---|---|---:|---:|---|")
    cli(args.query_memory)
    serve(args.serve_memory)


if __name__ == "__main__":
    main()
