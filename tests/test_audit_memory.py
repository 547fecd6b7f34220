"""What keeps the audit's peak memory low at scale (issue 15: at most 1.1x raw pyoxigraph):
which queries may run at once, and memory a query freed going back to the system. The peak
itself is measured by benchmarks/run.py, not here."""

from __future__ import annotations

import ctypes
import gc
import platform
import threading
import time

import pytest

from kgtool.audit import claim_sentences
from kgtool.audit import run as audit
from kgtool.engines import freed_memory
from kgtool.engines.oxigraph import OxigraphEngine
from kgtool.inputs.loading import Inputs
from kgtool.resources import default_graph_files
from kgtool.sparql import querylib


class RecordingEngine(OxigraphEngine):
    """An Oxigraph engine that notes when each query starts and ends (its rows all read)."""

    def __init__(self) -> None:
        super().__init__()
        texts = audit.query_texts() | {claim_sentences.QUERY: querylib.get(claim_sentences.QUERY).text}
        self.names = {text: name for name, text in texts.items()}
        self.events: list[tuple[str, str]] = []
        self.lock = threading.Lock()

    def note(self, event: str, name: str) -> None:
        with self.lock:
            self.events.append((event, name))

    def select_strings(self, sparql: str, spool: bool = False):
        name = self.names[sparql]
        self.note("start", name)
        self.note("cycle collection", str(gc.isenabled()))
        if name == audit._LARGEST:  # long enough for the other worker to take more queries
            time.sleep(0.5)
        try:
            yield from super().select_strings(sparql, spool)
        finally:
            self.note("end", name)


@pytest.fixture(scope="module")
def recorded():
    engine = Inputs(tuple(map(str, default_graph_files()))).engine(RecordingEngine())
    report = audit.run_audit(engine, sentences=True)
    return engine.events, report


def test_the_largest_query_runs_beside_small_ones_only(recorded):
    events, report = recorded
    largest_end = events.index(("end", audit._LARGEST))
    started_beside = {name for event, name in events[:largest_end] if event == "start"}
    assert audit._LARGEST in started_beside
    assert not started_beside & audit._LARGE, "a large query ran beside the largest"
    # the engine's second thread still works meanwhile: the small queries run beside it
    assert len(started_beside) > 2
    assert {name for event, name in events if event == "start"} >= audit._LARGE
    assert report.claims and report.sentences


def test_no_cycle_collection_while_the_records_are_made(recorded):
    events, _ = recorded
    assert {value for event, value in events if event == "cycle collection"} == {"False"}
    assert gc.isenabled()  # on again after the audit


def test_cycle_collection_is_on_again_after_a_failed_audit():
    from kgtool.errors import VocabularyMissing

    engine = Inputs((str(default_graph_files()[1]),), ontology=None).engine()
    with pytest.raises(VocabularyMissing):
        audit.run_audit(engine)
    assert gc.isenabled()


def test_audit_with_the_schedule_equals_the_audit_on_one_thread(recorded, monkeypatch):
    _, report = recorded
    engine = Inputs(tuple(map(str, default_graph_files()))).engine()
    monkeypatch.setattr(OxigraphEngine, "concurrent_queries", False)
    assert audit.run_audit(engine, sentences=True).as_dict() == report.as_dict()


def test_spooled_rows_are_the_streamed_rows_and_leave_no_file(tmp_path, monkeypatch):
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    engine = Inputs(tuple(map(str, default_graph_files()))).engine()
    query = audit.query_texts()[audit._LARGEST]
    spooled = list(engine.select_strings(query, spool=True))
    assert spooled == list(engine.select_strings(query)) and len(spooled) > 200
    assert not any(tmp_path.iterdir())
    rows = engine.select_strings(query, spool=True)
    next(rows)
    assert any(tmp_path.iterdir())  # the rows are read from the file while the query's done
    rows.close()
    del rows
    assert not any(tmp_path.iterdir())  # a reader that stops early leaves nothing behind


def _resident_mb() -> float:
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS")) / 1024


@pytest.mark.skipif(platform.system() != "Linux", reason="reads /proc/self/status")
def test_freed_c_heap_goes_back_to_the_system():
    if platform.libc_ver()[0] != "glibc":
        assert freed_memory.give_back() is False  # nothing to call: says so
        return
    libc = ctypes.CDLL(None)
    libc.malloc.restype = ctypes.c_void_p
    libc.free.argtypes = [ctypes.c_void_p]
    blocks = [libc.malloc(4096) for _ in range(50_000)]  # 200 MB of small blocks, in the heap
    for block in blocks[:-1]:  # the last one stays: glibc would trim a free heap top itself
        ctypes.memset(block, 1, 4096)
    ctypes.memset(blocks[-1], 1, 4096)
    for block in blocks[:-1]:
        libc.free(block)
    before = _resident_mb()
    assert freed_memory.give_back() is True
    after = _resident_mb()
    libc.free(blocks[-1])
    assert before - after > 100, (before, after)
