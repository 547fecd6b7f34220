"""Benchmark kgtool at corpus scale: every step in a fresh process, wall time and peak memory,
beside the fastest engine measured for the same work, every answer checked against the
generator's expected counts (a wrong answer fails the run: exit 1).

    python benchmarks/run.py                         # 1k, 10k and 100k claims, 3 runs each
    python benchmarks/run.py --sizes 1000 --repeat 1
    python benchmarks/run.py --server                # also Oxigraph and Virtuoso servers at the largest size

Peak memory is the maximum resident set size from /usr/bin/time -v (or getrusage of children).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
KGTOOL = str(BIN / "kgtool")
ONTOLOGY = str(ROOT / "ontology" / "proxy.ttl")
POLNEAR = ROOT.parent / "shared" / "corpora" / "polnear"
TIME = "/usr/bin/time" if Path("/usr/bin/time").exists() else None

# Library-level steps: each prints one JSON line of answers on stdout.
LOAD_KGTOOL = """
import json, sys
from kgtool.inputs import loading
print(json.dumps({"triples": len(loading.load(sys.argv[1:], ontology=None))}))
"""
LOAD_OXIGRAPH = """
import json, sys, pyoxigraph as ox
store = ox.Store()
for path in sys.argv[1:]:
    store.load(path=path, format=ox.RdfFormat.from_extension(path.rsplit(".", 1)[1]))
print(json.dumps({"triples": len(store)}))
"""
QUERIES_KGTOOL = """
import json, sys
from rdflib import URIRef
from kgtool.inputs import loading
from kgtool.sparql import querylib
expected = json.load(open(sys.argv[1]))
engine = loading.load(sys.argv[2:], ontology=None)
rows = {}
for name, query in querylib.library().items():
    bindings = {k: URIRef(v) for k, v in expected["params"].get(name, {}).items()}
    rows[name] = len(engine.query(query.text, bindings).rows)
print(json.dumps({"rows": rows}))
"""
QUERIES_OXIGRAPH = """
import json, sys, pyoxigraph as ox
from kgtool.sparql import querylib
expected = json.load(open(sys.argv[1]))
store = ox.Store()
for path in sys.argv[2:]:
    store.load(path=path, format=ox.RdfFormat.from_extension(path.rsplit(".", 1)[1]))
rows = {}
for name, query in querylib.library().items():
    subs = {ox.Variable(k): ox.NamedNode(v) for k, v in expected["params"].get(name, {}).items()}
    rows[name] = sum(1 for _ in store.query(query.text, use_default_graph_as_union=True,
                                            substitutions=subs or None))
print(json.dumps({"rows": rows}))
"""
# The audit's own queries on raw pyoxigraph, one after the other, rows iterated but no term
# converted: the same work without kgtool's code.
AUDIT_OXIGRAPH = """
import json, sys, pyoxigraph as ox
from kgtool.audit.run import query_texts
store = ox.Store()
for path in sys.argv[1:]:
    store.load(path=path, format=ox.RdfFormat.from_extension(path.rsplit(".", 1)[1]))
rows = {n: sum(1 for _ in store.query(text, use_default_graph_as_union=True))
        for n, text in query_texts().items()}
print(json.dumps({"claims": rows["claims-by-status"], "anonymous_only": rows["anonymous-only-claims"]}))
"""
VALIDATE = """
import json, sys
from collections import Counter
from kgtool.inputs import loading
from kgtool import validation
report = validation.validate_files(loading.Inputs(tuple(sys.argv[2:])), method=sys.argv[1])
def local(x): return str(x).rsplit("#", 1)[-1].removesuffix("ConstraintComponent")
counts = Counter("|".join((local(r.shape), local(r.component), local(r.severity)))
                 for r in report.results)
print(json.dumps({"shacl": dict(counts), "method": report.method}))
"""
EXPORT_OXIGRAPH = """
import json, sys, pyoxigraph as ox
store = ox.Store()
store.load(path=sys.argv[1], format=ox.RdfFormat.N_TRIPLES)
store.dump(sys.argv[2], format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
print(json.dumps({"lines": sum(1 for _ in open(sys.argv[2], "rb"))}))
"""


@dataclass
class Measure:
    wall: float
    rss_mb: float
    stdout: str
    code: int
    stderr: str = ""


def measure(argv: list[str], env: dict | None = None) -> Measure:
    """Run one fresh process; its wall time and peak resident memory."""
    if TIME:
        start = time.perf_counter()
        done = subprocess.run([TIME, "-v", *argv], capture_output=True, text=True, env=env)
        wall = time.perf_counter() - start
        rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr)
        return Measure(
            wall, int(rss.group(1)) / 1024 if rss else float("nan"), done.stdout, done.returncode, done.stderr
        )
    import resource

    start = time.perf_counter()
    done = subprocess.run(argv, capture_output=True, text=True, env=env)
    wall = time.perf_counter() - start
    # children's maximum so far: exact only for the largest process run
    rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return Measure(wall, rss, done.stdout, done.returncode, done.stderr)


def python(script: str, *args: str) -> list[str]:
    return [sys.executable, "-c", script, *args]


class Bench:
    def __init__(self, repeat: int, only: list[str] | None = None) -> None:
        self.repeat = repeat
        self.only = only
        self.rows: list[dict] = []
        self.failures: list[str] = []

    def step(
        self,
        size: str,
        step: str,
        who: str,
        argv: list[str],
        check=None,
        env: dict | None = None,
        repeat: int | None = None,
    ) -> dict | None:
        if self.only and not any(word in f"{size} {step} {who}" for word in self.only):
            return None
        runs = [measure(argv, env) for _ in range(repeat or self.repeat)]
        wall = statistics.median(r.wall for r in runs)
        rss = max(r.rss_mb for r in runs)
        verdict = "ok"
        if check is not None:
            problem = check(runs[-1])
            if problem:
                verdict = f"WRONG: {problem}"
                self.failures.append(f"{size} {step} {who}: {problem}")
        row = {
            "size": size,
            "step": step,
            "who": who,
            "wall_s": round(wall, 3),
            "peak_mb": round(rss),
            "answers": verdict,
        }
        self.rows.append(row)
        print(f"{size:>6} {step:<22} {who:<34} {wall:8.2f} s {rss:8.0f} MB  {verdict}", flush=True)
        return row


def last_json(m: Measure) -> dict:
    lines = [line for line in m.stdout.splitlines() if line.startswith("{")]
    return json.loads(lines[-1]) if lines else {}


def differs(got: dict, want: dict) -> str:
    diff = {k: (got.get(k), want.get(k)) for k in set(got) | set(want) if got.get(k) != want.get(k)}
    return "" if not diff else f"got/expected {diff}"


def audit_check(expected: dict, exit_code: int):
    def check(m: Measure) -> str:
        if m.code != exit_code:
            return f"exit {m.code}, expected {exit_code}"
        s = json.loads(m.stdout)["summary"]
        got = {
            "claims": s["claims"],
            "by_status": s["by_status"],
            "anonymous_only": s["anonymous_only"],
            "disputes": s["disputes"],
            "failed_checks": s["failed_checks"],
        }
        want = {
            "claims": expected["claims"],
            "by_status": {k: expected["by_status"].get(k, 0) for k in s["by_status"]},
            "anonymous_only": expected["anonymous_only"],
            "disputes": expected["disputes"],
            "failed_checks": expected["failed_checks"],
        }
        return differs(got, want)

    return check


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_steps(bench: Bench, label: str, corpus: str, expected: dict, work: Path) -> None:
    """The same audit on an Oxigraph server: its on-disk store (loaded by its own CLI) and its
    in-memory store (loaded over HTTP by kgtool push)."""
    binary = shutil.which("oxigraph") or str(BIN / "oxigraph")
    location = work / f"store-{label}"
    shutil.rmtree(location, ignore_errors=True)
    bench.step(
        label,
        "server load",
        "oxigraph load (CLI, on disk)",
        [binary, "load", "--location", str(location), "--file", ONTOLOGY, corpus],
        repeat=1,
    )
    with oxigraph_server(binary, ["serve-read-only", "--location", str(location)]) as url:
        bench.step(
            label,
            "audit over HTTP",
            "kgtool audit -e URL (on disk)",
            [KGTOOL, "audit", "-e", url + "/query", "--timeout", "600", "--format", "json"],
            audit_check(expected, 1 if expected["failed_checks"] else 0),
        )
    shutil.rmtree(location, ignore_errors=True)
    virtuoso_steps(bench, label, corpus, expected, work)
    with oxigraph_server(binary, ["serve"]) as url:  # no --location: in memory
        bench.step(
            label,
            "server load",
            "kgtool push (in memory)",
            [KGTOOL, "push", "-e", url + "/store", "-d", ONTOLOGY, "-d", corpus, "-q"],
            lambda m: "" if m.code == 0 else f"exit {m.code}",
            repeat=1,
        )
        bench.step(
            label,
            "audit over HTTP",
            "kgtool audit -e URL (in memory)",
            [KGTOOL, "audit", "-e", url + "/query", "--timeout", "600", "--format", "json"],
            audit_check(expected, 1 if expected["failed_checks"] else 0),
        )


def virtuoso_steps(bench: Bench, label: str, corpus: str, expected: dict, work: Path) -> None:
    """The same audit on OpenLink Virtuoso (the private server of the tests, its result cap
    raised): loaded once by its bulk loader and once by kgtool push (Digest)."""
    sys.path.insert(0, str(ROOT / "tests"))
    from conftest import VirtuosoServer

    audit = [KGTOOL, "audit", "--timeout", "600", "--format", "json", "-e"]
    for how in ("bulk", "push"):
        folder = work / f"virtuoso-{label}-{how}"
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir()
        server = VirtuosoServer(folder, max_rows=10_000_000)
        try:
            if how == "bulk":  # its own loader reads files from a folder it is allowed
                for path in (ONTOLOGY, corpus):
                    shutil.copy(path, folder)
                sql = f"ld_dir('{folder}', '*.*', '{server.GRAPH}'); rdf_loader_run(); checkpoint;"
                bench.step(
                    label,
                    "server load",
                    "virtuoso bulk loader (isql)",
                    ["isql-vt", str(server.sql_port), server.USER, server.PASSWORD, f"exec={sql}"],
                    lambda m: "" if m.code == 0 else f"exit {m.code}",
                    repeat=1,
                )
            else:
                env = os.environ | {
                    "KGTOOL_ENDPOINT_USER": server.USER,
                    "KGTOOL_ENDPOINT_PASSWORD": server.PASSWORD,
                }
                bench.step(
                    label,
                    "server load",
                    "kgtool push (Virtuoso, Digest)",
                    [
                        KGTOOL,
                        "push",
                        "-e",
                        server.store,
                        "--graph",
                        server.GRAPH,
                        "-d",
                        ONTOLOGY,
                        "-d",
                        corpus,
                        "-q",
                    ],
                    lambda m: "" if m.code == 0 else f"exit {m.code}",
                    env=env,
                    repeat=1,
                )
            bench.step(
                label,
                "audit over HTTP",
                f"kgtool audit -e URL (Virtuoso, {how})",
                [*audit, server.url],
                audit_check(expected, 1 if expected["failed_checks"] else 0),
            )
        finally:
            server.stop()
            shutil.rmtree(folder, ignore_errors=True)


@contextlib.contextmanager
def oxigraph_server(binary: str, command: list[str]) -> Iterator[str]:
    """An Oxigraph server on a free local port (union default graph), stopped at the end."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [binary, *command, "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(url + "/query?query=ASK%7B%7D", timeout=2):
                    break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("the oxigraph server did not start") from None
                time.sleep(0.2)
        yield url
    finally:
        os.kill(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def run_size(bench: Bench, n: int, work: Path, server: bool) -> None:
    import corpus as gen

    label = f"{n // 1000}k" if n >= 1000 else str(n)
    path = work / f"corpus-{label}.nt"
    start = time.perf_counter()
    expected = gen.write_corpus(path, n, seed=1).as_dict()
    print(
        f"{label:>6} generated {expected['triples']:,} triples in {time.perf_counter() - start:.1f} s",
        flush=True,
    )
    data = [ONTOLOGY, str(path)]
    expected_file = work / f"expected-{label}.json"
    expected_file.write_text(json.dumps(expected), encoding="utf-8")

    def triples(m: Measure) -> str:
        got = last_json(m).get("triples", 0)
        return "" if got > expected["triples"] else f"{got} triples"

    bench.step(label, "load", "kgtool (Oxigraph engine)", python(LOAD_KGTOOL, *data), triples)
    bench.step(label, "load", "pyoxigraph (reference)", python(LOAD_OXIGRAPH, *data), triples)

    def rows(m: Measure) -> str:
        return differs(last_json(m).get("rows", {}), expected["rows"])

    library = f"query library ({len(expected['rows'])})"  # every query the generator answers
    bench.step(
        label, library, "kgtool (Oxigraph engine)", python(QUERIES_KGTOOL, str(expected_file), *data), rows
    )
    bench.step(
        label, library, "pyoxigraph (reference)", python(QUERIES_OXIGRAPH, str(expected_file), *data), rows
    )
    code = 1 if expected["failed_checks"] else 0
    bench.step(
        label,
        "audit",
        "kgtool audit",
        [KGTOOL, "audit", "-d", ONTOLOGY, "-d", str(path), "--format", "json"],
        audit_check(expected, code),
    )

    def audit_rows(m: Measure) -> str:
        got = last_json(m)
        return differs(got, {"claims": expected["claims"], "anonymous_only": expected["anonymous_only"]})

    bench.step(
        label, "audit", "pyoxigraph, same queries (reference)", python(AUDIT_OXIGRAPH, *data), audit_rows
    )

    def shacl(m: Measure) -> str:
        return differs(last_json(m).get("shacl", {}), expected["shacl"])

    def validate_cli(m: Measure) -> str:
        if m.code != (0 if expected["conforms"] else 1):
            return f"exit {m.code}"
        return ""

    bench.step(
        label,
        "validate",
        "kgtool validate (CLI)",
        [KGTOOL, "validate", "-d", str(path), "-o", os.devnull, "--quiet"],
        validate_cli,
    )
    bench.step(
        label, "validate", "validation.validate_files (auto)", python(VALIDATE, "auto", str(path)), shacl
    )
    if n <= 1000:  # auto picks pyshacl here, the SPARQL translation above 16 MB; pyshacl takes
        # minutes beyond 1,000 claims
        bench.step(
            label, "validate", "SHACL as SPARQL on Oxigraph", python(VALIDATE, "sparql", str(path)), shacl
        )
        bench.step(label, "validate", "pyshacl (reference)", python(VALIDATE, "pyshacl", str(path)), shacl)
    out = work / f"export-{label}.nt"

    def lines(m: Measure) -> str:
        return "" if last_json(m).get("lines") == expected["triples"] else str(last_json(m))

    def exported(m: Measure) -> str:
        if m.code != 0:
            return f"exit {m.code}"
        with open(out, "rb") as written:
            count = sum(1 for _ in written)
        return "" if count == expected["triples"] else f"{count} lines"

    bench.step(
        label,
        "export N-Triples",
        "kgtool export (CLI)",
        [KGTOOL, "export", "-d", str(path), "--format", "ntriples", "-o", str(out)],
        exported,
    )
    bench.step(
        label,
        "export N-Triples",
        "pyoxigraph dump (reference)",
        python(EXPORT_OXIGRAPH, str(path), str(out)),
        lines,
    )
    out.unlink(missing_ok=True)
    if server:
        server_steps(bench, label, str(path), expected, work)


def verdicts(rows: list[dict]) -> list[str]:
    """Issue 9's targets, each with what this run measured and whether it is met."""

    def row(size: str, step: str, who: str) -> dict | None:
        return next((r for r in rows if (r["size"], r["step"], r["who"]) == (size, step, who)), None)

    lines = ["| target | measured | met |", "|---|---|---|"]

    def target(
        name: str,
        measured: dict | None,
        limit_s: float,
        limit_mb: float | None = None,
    ) -> None:
        if measured is None:
            return
        ok = measured["wall_s"] < limit_s and (limit_mb is None or measured["peak_mb"] < limit_mb)
        memory = f", {measured['peak_mb']} MB" if limit_mb else ""
        lines.append(f"| {name} | {measured['wall_s']:.2f} s{memory} | {'yes' if ok else 'NO'} |")

    target(
        "`kgtool audit`, 100k claims: under 10 s and 1 GiB", row("100k", "audit", "kgtool audit"), 10, 1024
    )
    audit, fastest = (
        row("100k", "audit", "kgtool audit"),
        row("100k", "audit", "pyoxigraph, same queries (reference)"),
    )
    if audit and fastest:
        ratio = audit["wall_s"] / fastest["wall_s"]
        lines.append(
            f"| `kgtool audit` within 3x of the fastest engine | {ratio:.2f}x "
            f"| {'yes' if ratio <= 3 else 'NO'} |"
        )
    target(
        "`kgtool validate`, 100k claims: under 30 s and 2 GiB",
        row("100k", "validate", "kgtool validate (CLI)"),
        30,
        2048,
    )
    target(
        "`kgtool audit` of the shipped article: under 1 s",
        row("article", "audit", "kgtool audit (shipped data)"),
        1,
    )
    target("`kgtool --help`: under 0.3 s", row("-", "kgtool --help", "start-up"), 0.3)
    for small in (r for r in rows if r["size"] == "10k"):
        large = row("100k", small["step"], small["who"])
        if large and small["wall_s"] > 0:
            growth = large["wall_s"] / small["wall_s"]
            # a reference shows how the machine itself scales: context, not a target
            ok = "yes" if growth <= 12 else "NO"
            verdict = "(reference)" if "reference" in small["who"] else ok
            lines.append(
                f"| linear, 10k to 100k: {small['step']}, {small['who']} | {growth:.1f}x | {verdict} |"
            )
    return lines


def machine() -> str:
    import pyoxigraph
    import pyshacl
    import rdflib

    cpu = (
        next(
            (
                line.split(":", 1)[1].strip()
                for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")
            ),
            platform.processor(),
        )
        if Path("/proc/cpuinfo").exists()
        else platform.processor()
    )
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (
        f"{os.cpu_count()} cores ({cpu}), {memory:.0f} GiB, Python {platform.python_version()}, "
        f"rdflib {rdflib.__version__}, pyoxigraph {pyoxigraph.__version__}, "
        f"pyshacl {pyshacl.__version__}"
    )


def polnear_attributions(corpus: Path) -> tuple[int, int]:
    """(articles, attributions) of the train and dev splits, the first annotator of each
    article by name, counted from the .ann files: what the import must give."""
    firsts: dict[str, Path] = {}
    for ann in sorted(corpus.glob("*/attributions/*.ann")):
        firsts.setdefault(ann.stem.rsplit("_", 1)[0], ann)
    return len(firsts), sum(
        1
        for ann in firsts.values()
        for line in ann.read_text(encoding="utf-8").splitlines()
        if line.startswith("E")
    )


def run_polnear(bench: Bench, corpus: Path, work: Path) -> None:
    """The first real multi-article corpus: PolNeAR train and dev imported, then every step."""
    articles, attributions = polnear_attributions(corpus)
    path = work / "polnear.nt"
    label = "PolNeAR"

    def imported(m: Measure) -> str:
        want = f"imported {articles} articles, {attributions} claims"
        return "" if m.code == 0 and want in m.stderr else f"exit {m.code}: {m.stderr[:80]}"

    bench.step(
        label,
        "import brat",
        "kgtool import brat (CLI)",
        [KGTOOL, "import", "brat", str(corpus / "train"), str(corpus / "dev"), "-o", str(path)],
        imported,
    )
    bench.step(
        label,
        "validate",
        "kgtool validate (CLI)",
        [KGTOOL, "validate", "-d", str(path), "-o", os.devnull, "--quiet"],
        lambda m: "" if m.code == 0 else f"exit {m.code}",
    )

    def audited(m: Measure) -> str:
        got = json.loads(m.stdout or "{}").get("summary", {})  # the audit's JSON is indented
        return differs(
            {k: got.get(k) for k in ("claims", "content_only")},
            {"claims": attributions, "content_only": attributions},
        )

    bench.step(
        label, "audit", "kgtool audit", [KGTOOL, "audit", "-d", str(path), "--format", "json", "-q"], audited
    )
    for split in ("train", "dev"):
        bench.step(
            label,
            f"coverage ({split})",
            "kgtool coverage",
            [KGTOOL, "coverage", "-d", str(path), "-a", str(corpus / split / "text"), "-q", "-o", os.devnull],
            lambda m: "" if m.code == 1 else f"exit {m.code}",
        )
    bench.step(
        label,
        "export nanopub",
        "kgtool export (CLI)",
        [
            KGTOOL,
            "export",
            "-d",
            str(path),
            "--profile",
            "nanopub",
            "--format",
            "nq",
            "-o",
            str(work / "polnear-np.nq"),
        ],
        lambda m: "" if m.code == 0 else f"exit {m.code}",
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=3, help="runs per step (the median is shown)")
    parser.add_argument(
        "--server",
        action="store_true",
        help="also the Oxigraph and Virtuoso servers (load, audit over HTTP) at the largest size",
    )
    parser.add_argument("--work", help="folder for the corpora (default: a temporary folder)")
    parser.add_argument("--json", help="also write the rows as JSON to this file")
    parser.add_argument(
        "--only", nargs="+", metavar="WORD", help="run only the steps whose name contains one of these words"
    )
    parser.add_argument(
        "--polnear",
        metavar="DIR",
        default=str(POLNEAR),
        help="the PolNeAR corpus (its train and dev splits are imported and "
        "measured when the folder exists; '' for none)",
    )
    parser.add_argument(
        "--tables",
        metavar="FILE.json",
        help="print the tables of an earlier run (its --json file); run nothing",
    )
    args = parser.parse_args(argv)
    if args.tables:
        print_tables(json.loads(Path(args.tables).read_text(encoding="utf-8")))
        return 0
    print(f"# {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; {machine()}", flush=True)
    bench = Bench(args.repeat, args.only)
    bench.step("-", "kgtool --help", "start-up", [KGTOOL, "--help"])
    bench.step(
        "article",
        "audit",
        "kgtool audit (shipped data)",
        [KGTOOL, "audit"],
        lambda m: "" if m.code == 0 else f"exit {m.code}",
    )
    with tempfile.TemporaryDirectory(prefix="kgtool-bench-", dir=args.work) as tmp:
        for n in args.sizes:
            run_size(bench, n, Path(tmp), args.server and n == max(args.sizes))
        if args.polnear and Path(args.polnear, "train").is_dir():
            run_polnear(bench, Path(args.polnear), Path(tmp))
    if args.json:
        Path(args.json).write_text(json.dumps(bench.rows, indent=2) + "\n", encoding="utf-8")
    print_tables(bench.rows)
    if bench.failures:
        print("\nwrong answers:\n" + "\n".join(bench.failures), file=sys.stderr)
        return 1
    return 0


def print_tables(rows: list[dict]) -> None:
    print("\n| size | step | who | wall (median) | peak memory | answers |\n|---|---|---|---:|---:|---|")
    for r in rows:
        print(
            f"| {r['size']} | {r['step']} | {r['who']} | {r['wall_s']:.2f} s | {r['peak_mb']} MB "
            f"| {r['answers']} |"
        )
    print("\n" + "\n".join(verdicts(rows)))


if __name__ == "__main__":
    sys.exit(main())
