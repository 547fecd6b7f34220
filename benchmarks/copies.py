"""What a second copy of the data costs each library query on a store whose default graph is the
union of its graphs (issue 24, item 19): every library query against a store holding the data
once, then against one holding it twice (Oxigraph: the default graph and a named graph; Virtuoso:
two named graphs), the wall time of each and their ratio. The two answers must be equal (else
exit 1): a copy may cost time, never a row.

    python benchmarks/copies.py                           # the article and 10,000 claims, both stores
    python benchmarks/copies.py --sizes 0 --stores oxigraph --queries unnamed-sources corroborations

Size 0 is the shipped article; any other size a generated corpus (benchmarks/corpus.py, seed 7).
A query that takes longer than --timeout is stopped and shown as such. With --repeat N each
query runs N times and the least time is shown (the article's queries take milliseconds, where
one run on a shared machine says little).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import corpus
from run import BIN, KGTOOL, ONTOLOGY, ROOT, oxigraph_server

sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

from rdflib import URIRef

from kgtool.engines.endpoint import EndpointEngine
from kgtool.errors import KgtoolError
from kgtool.sparql import querylib

COPY = "https://example.org/copy"
# The parameter of the library queries that take one, on the article.
ARTICLE_PARAMS = {
    "entity": "https://w3id.org/kgtool/id/entity/khamenei",
    "source": "https://w3id.org/kgtool/id/source/specialist",
}


@contextmanager
def oxigraph(files: list[str], copies: int, work: Path) -> Iterator[str]:
    """An Oxigraph server (on disk, read-only, union default graph) holding ``files`` once in
    the default graph, and, with ``copies`` 2, again in a named graph."""
    binary = shutil.which("oxigraph") or str(BIN / "oxigraph")
    location = work / f"oxigraph-{copies}"
    shutil.rmtree(location, ignore_errors=True)
    for graph in ((), ("--graph", COPY))[:copies]:
        subprocess.run([binary, "load", "--location", str(location), *graph, "--file", *files], check=True)
    try:
        with oxigraph_server(binary, ["serve-read-only", "--location", str(location)]) as url:
            yield url + "/query"
    finally:
        shutil.rmtree(location, ignore_errors=True)


@contextmanager
def virtuoso(files: list[str], copies: int, work: Path) -> Iterator[str]:
    """The tests' private Virtuoso holding ``files`` in one named graph, or in two."""
    from conftest import VirtuosoServer

    folder = work / f"virtuoso-{copies}"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    server = VirtuosoServer(folder, max_rows=10_000_000)
    env = os.environ | {"KGTOOL_ENDPOINT_USER": server.USER, "KGTOOL_ENDPOINT_PASSWORD": server.PASSWORD}
    try:
        for graph in (server.GRAPH, COPY)[:copies]:
            data = [arg for path in files for arg in ("-d", path)]
            subprocess.run(
                [KGTOOL, "push", "-e", server.store, "--graph", graph, *data, "-q"],
                check=True,
                env=env,
                capture_output=True,
            )
        yield server.url
    finally:
        server.stop()
        shutil.rmtree(folder, ignore_errors=True)


def timed(
    url: str, name: str, params: dict[str, str], timeout: float, repeat: int
) -> tuple[float | None, Counter]:
    """The least of ``repeat`` runs' seconds (None: stopped at the time limit) and the rows of
    the last as a multiset."""
    query = querylib.get(name)
    bindings = {p: URIRef(params[p]) for p in query.params}
    best, rows = None, Counter()
    for _ in range(repeat):
        started = time.perf_counter()
        try:
            result = EndpointEngine(url, timeout=timeout).query(query.text, bindings, max_rows=10_000_000)
        except KgtoolError as e:
            if "no answer within" not in str(e):
                raise
            return None, Counter()
        elapsed = time.perf_counter() - started
        best, rows = elapsed if best is None else min(best, elapsed), result.as_multiset()
    return best, rows


def seconds(value: float | None, timeout: float) -> str:
    return f"> {timeout:.0f} s" if value is None else f"{value:.2f} s"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[0, 10_000], help="0: the article")
    parser.add_argument(
        "--stores", nargs="+", choices=["oxigraph", "virtuoso"], default=["oxigraph", "virtuoso"]
    )
    parser.add_argument("--queries", nargs="+", help="library queries (default: all)")
    parser.add_argument("--timeout", type=float, default=300)
    parser.add_argument("--repeat", type=int, default=1, help="runs of each query; the least time is shown")
    args = parser.parse_args(argv)
    names = args.queries or sorted(querylib.library())
    stores = {"oxigraph": oxigraph, "virtuoso": virtuoso}
    wrong = 0
    print("| size | store | query | once | twice | ratio |")
    print("|---|---|---|---:|---:|---:|")
    with tempfile.TemporaryDirectory(prefix="kgtool-copies-") as tmp:
        work = Path(tmp)
        for size in args.sizes:
            if size:
                path = work / f"corpus-{size}.nt"
                expected = corpus.write_corpus(path, size, seed=7)
                files = [ONTOLOGY, str(path)]
                label = f"{size // 1000}k"
            else:
                files, label = [ONTOLOGY, str(ROOT / "data" / "claims.ttl")], "article"
            for store in args.stores:
                times: dict[int, dict[str, float | None]] = {}
                answers: dict[int, dict[str, Counter]] = {}
                for copies in (1, 2):
                    with stores[store](files, copies, work) as url:
                        times[copies], answers[copies] = {}, {}
                        for name in names:
                            params = expected.params.get(name, {}) if size else ARTICLE_PARAMS
                            times[copies][name], answers[copies][name] = timed(
                                url, name, params, args.timeout, args.repeat
                            )
                for name in names:
                    once, twice = times[1][name], times[2][name]
                    ratio = f"{twice / once:.1f}" if once and twice else "-"
                    same = once is None or twice is None or answers[1][name] == answers[2][name]
                    wrong += not same
                    flag = "" if same else " (answers differ)"
                    print(
                        f"| {label} | {store} | {name} | {seconds(once, args.timeout)} | "
                        f"{seconds(twice, args.timeout)} | {ratio}{flag} |",
                        flush=True,
                    )
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
