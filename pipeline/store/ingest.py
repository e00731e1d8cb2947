"""Ingest folders of plans into a store: walk, hash, extract in worker processes, write.

Incremental by content: a file whose SHA-256 and pipeline version are already stored is
skipped; a changed file replaces its document's rows; a copy of a stored file (same hash at
another path) is linked to the stored document without extracting it again. The version is
a digest of the extraction code, the lexicons and the model build
(:func:`pipeline_version`), so upgrading kehoach re-extracts what it would now extract
differently; ``force`` re-extracts everything. Documents are written in batched
transactions (each document whole or not at all), so a kill at any moment leaves the
database consistent and a rerun completes it. A file that
fails is recorded in ``ingest_errors`` with its run (and skipped on reruns while its content
is unchanged); the batch goes on. Files deleted from a folder given to ingest are forgotten
(``prune``), and an ``X.plan.json`` beside its source ``X.docx`` is not a second plan.

Extraction runs in ``jobs`` worker processes (:func:`extract_job` is a top-level function,
so it pickles), or on a Dask cluster (``dask="tcp://HOST:8786"``, :mod:`pipeline.store.
cluster`); the parent only hashes files and writes rows, and never imports the extraction
stack when ``jobs > 1``.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import multiprocessing
import os
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline.errors import NotAPlanError, PipelineError
from pipeline.store.records import IngestFailure
from pipeline.store.rows import DocumentRows, plan_rows

if TYPE_CHECKING:
    from pipeline.store import Store

__all__ = [
    "INGEST_SUFFIXES",
    "PLAN_JSON_SUFFIX",
    "IngestProgress",
    "IngestSummary",
    "ExtractJob",
    "iter_input_files",
    "extract_job",
    "ingest",
    "pipeline_version",
]

log = logging.getLogger(__name__)

# Documents the readers take; plan JSON written by `kehoach extract` is stored as it is.
INGEST_SUFFIXES = (".txt", ".docx", ".docm", ".doc", ".pdf", ".html", ".htm")
PLAN_JSON_SUFFIX = ".plan.json"
_MAX_ATTEMPTS = 2  # a job in flight when a worker process dies is retried once
WRITE_BATCH = 64  # documents per write transaction
WRITE_SECONDS = 1.0  # ... or what came within this time


# What extraction depends on: every module but the store, the CLI, the diff and the scorer.
_NOT_EXTRACTION = ("store", "cli", "diff", "evaluate.py", "evaluate_report.py", "summary.py")


@functools.cache
def pipeline_version() -> str:
    """The version stored with each document: the package version and a digest of the
    extraction code, the lexicons and the model build (the stamp ``make models`` uses), so
    any change to what extraction would produce re-extracts on the next ingest.

    >>> pipeline_version()  # doctest: +SKIP
    '0.1.0+3f9a0c1d2e4b5a6f'
    """
    from pipeline import __version__
    from pipeline.nlp import PIPELINE_VERSION, lexicon_digest

    root = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256(f"{PIPELINE_VERSION}:{lexicon_digest()}".encode())
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root)
        if rel.parts[0] in _NOT_EXTRACTION:
            continue
        digest.update(str(rel).encode() + b"\0" + path.read_bytes())
    return f"{__version__}+{digest.hexdigest()[:16]}"


@dataclass(frozen=True, slots=True)
class ExtractJob:
    path: str
    sha256: str
    size: int
    version: str


@dataclass(frozen=True, slots=True)
class ExtractResult:
    job: ExtractJob
    rows: DocumentRows | None
    code: str = ""
    message: str = ""


@dataclass(frozen=True, slots=True)
class IngestProgress:
    done: int
    total: int
    counts: dict[str, int]
    elapsed: float


@dataclass(frozen=True, slots=True)
class IngestSummary:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    duplicate: int = 0
    failed: int = 0
    failed_before: int = 0  # failed in an earlier run, content unchanged, not retried
    pruned: int = 0  # stored paths whose file is gone from the folders ingested
    files: int = 0
    elapsed: float = 0.0
    failures: tuple[IngestFailure, ...] = ()

    def counts(self) -> dict[str, int]:
        return {
            "new": self.new,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "duplicate": self.duplicate,
            "failed": self.failed,
        }


def _is_candidate(path: Path) -> bool:
    name = path.name.lower()
    if name.startswith(("~$", ".")):
        return False
    return name.endswith(PLAN_JSON_SUFFIX) or path.suffix.lower() in INGEST_SUFFIXES


def _beside_its_source(name: str, names: set[str]) -> bool:
    """``X.plan.json`` when the folder also holds ``X.docx`` (or another readable suffix):
    the output of ``kehoach extract`` next to its input is the same plan, not a second one."""
    if not name.lower().endswith(PLAN_JSON_SUFFIX):
        return False
    stem = name[: -len(PLAN_JSON_SUFFIX)]
    return any(f"{stem}{suffix}" in names for suffix in INGEST_SUFFIXES)


def iter_input_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Files to ingest under ``paths``, sorted, each once: readable document suffixes and
    ``*.plan.json`` found in folders (hidden entries, ``~$`` lock files and a ``.plan.json``
    beside its source skipped); a path named explicitly is taken whatever its suffix.

    Raises:
        PipelineError: ``not_found`` when a given path does not exist.
    """
    seen: set[Path] = set()
    for given in paths:
        root = Path(given)
        if not root.exists():
            raise PipelineError("no such file or folder", path=str(given), code="not_found")
        if root.is_file():
            found = [root]
        else:
            found = []
            for folder, dirs, files in os.walk(root):
                dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d != "__pycache__")
                names = {f.lower() for f in files}
                found += [
                    Path(folder, f)
                    for f in sorted(files)
                    if _is_candidate(Path(folder, f)) and not _beside_its_source(f.lower(), names)
                ]
        for p in found:
            resolved = p.resolve()
            if resolved not in seen:
                seen.add(resolved)
                yield resolved


def _sha256(path: Path) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def _load_plan_json(path: str) -> dict[str, Any]:
    try:
        plan = json.loads(Path(path).read_text(encoding="utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise PipelineError(f"not valid JSON ({exc})", code="invalid_output") from exc
    if not isinstance(plan, dict) or not isinstance(plan.get("tasks", []), list):
        raise PipelineError("not a plan JSON (no tasks list)", code="not_a_plan")
    return plan


def _require_plan(plan: dict[str, Any], path: str) -> dict[str, Any]:
    """Refuse what ``kehoach extract`` refuses: a page with no header, no task, no section
    and no reference (a diff page, a note) is not a plan and is not stored."""
    if not any(plan.get(k) for k in ("document", "tasks", "sections", "references")):
        raise NotAPlanError(
            "not a plan or official document: no header, numbered outline or legal reference found",
            path=path,
        )
    return plan


def _extract_plan(path: str) -> dict[str, Any]:
    if path.lower().endswith(".json"):  # *.plan.json from folders, any JSON named explicitly
        return _require_plan(_load_plan_json(path), path)
    from pipeline.export import plan_to_dict
    from pipeline.run import extract_file

    return _require_plan(plan_to_dict(extract_file(path)), path)


def extract_job(job: ExtractJob) -> ExtractResult:
    """Extract one file and build its rows (runs in a worker process). Never raises for a
    bad file: the failure comes back as ``code`` and ``message``."""
    try:
        plan = _extract_plan(job.path)
        source = plan.get("source")
        media = (source.get("media_type") if isinstance(source, dict) else None) or (
            Path(job.path).suffix.lstrip(".").lower() or None
        )
        rows = plan_rows(
            plan, sha256=job.sha256, pipeline_version=job.version, media_type=media, size=job.size
        )
        return ExtractResult(job, rows)
    except PipelineError as exc:
        return ExtractResult(job, None, exc.code, exc.message)
    except Exception as exc:  # one bad file must not stop the batch
        return ExtractResult(job, None, "error", f"unexpected {type(exc).__name__}: {exc}")


class _Run:
    """The bookkeeping of one ingest call."""

    def __init__(
        self,
        store: Store,
        total: int,
        progress: Callable[[IngestProgress], None] | None,
        run_id: int | None = None,
    ):
        self.store = store
        self.run_id = run_id
        self.pruned = 0
        self.total = total
        self.progress = progress
        self.started = time.monotonic()
        self.counts = dict.fromkeys(("new", "updated", "unchanged", "duplicate", "failed"), 0)
        self.failed_before = 0
        self.failures: list[IngestFailure] = []

    def tick(self, outcome: str) -> None:
        self.counts[outcome] += 1
        if self.progress:
            done = sum(self.counts.values())
            elapsed = time.monotonic() - self.started
            self.progress(IngestProgress(done, self.total, dict(self.counts), elapsed))

    def fail(
        self, paths: list[str], sha256: str | None, version: str, code: str, message: str
    ) -> None:
        for p in paths:
            failure = IngestFailure(p, sha256, version, code, message)
            self.store.record_failure(failure, self.run_id)
            self.failures.append(failure)
            log.info("failed: %s: %s [%s]", p, message, code)
            self.tick("failed")

    def summary(self) -> IngestSummary:
        return IngestSummary(
            **self.counts,
            failed_before=self.failed_before,
            pruned=self.pruned,
            files=self.total,
            elapsed=time.monotonic() - self.started,
            failures=tuple(self.failures),
        )


class _Writer:
    """Writes extracted documents in batches, one transaction each (:data:`WRITE_BATCH`
    documents, or what came within :data:`WRITE_SECONDS`); when documents come slower than
    that (OCR, one worker), each is written as it comes. A kill loses at most the batch
    being gathered, which the rerun extracts again."""

    def __init__(
        self, store: Store, run: _Run, groups: dict[str, list[str]], states: dict[str, Any]
    ) -> None:
        self.store, self.run, self.groups, self.states = store, run, groups, states
        self.pending: list[ExtractResult] = []
        self.first = self.last = 0.0

    def add(self, result: ExtractResult) -> None:
        now = time.monotonic()
        slow = now - self.last >= WRITE_SECONDS / 2
        self.last = now
        if not self.pending:
            self.first = now
        self.pending.append(result)
        if slow or len(self.pending) >= WRITE_BATCH or now - self.first >= WRITE_SECONDS:
            self.flush()

    def flush(self) -> None:
        batch, self.pending = self.pending, []
        if not batch:
            return
        items = [(r.rows, self.groups[r.job.sha256]) for r in batch]
        errors = self.store.write_documents(items)  # type: ignore[arg-type]
        for result, error in zip(batch, errors, strict=True):
            group = self.groups[result.job.sha256]
            if error is not None:
                self.run.fail(group, result.job.sha256, result.job.version, error.code,
                              error.message)  # fmt: skip
                continue
            first, *copies = group
            self.run.tick("updated" if first in self.states else "new")
            for p in copies:
                self.run.tick("updated" if p in self.states else "duplicate")


def _under(path: str, roots: list[str]) -> bool:
    return any(path.startswith(root.rstrip(os.sep) + os.sep) for root in roots)


def ingest(
    paths: Iterable[str | Path],
    store: Store,
    *,
    jobs: int = 1,
    version: str | None = None,
    progress: Callable[[IngestProgress], None] | None = None,
    force: bool = False,
    prune: bool = True,
    dask: str | Any | None = None,
    files: list[Path] | None = None,
) -> IngestSummary:
    """Ingest every plan file under ``paths`` into ``store``; return the counts.

    Args:
        jobs: worker processes for extraction (1 extracts in this process).
        version: the pipeline version to store (default :func:`pipeline_version`).
        progress: called after each file with the running counts.
        force: extract every file again, even when its content and version are stored.
        prune: forget stored files that are gone from the folders in ``paths``.
        dask: a Dask scheduler address (or a ``distributed.Client``) to extract on.
        files: the walk of ``paths`` when the caller already made it.
    """
    version = version or pipeline_version()
    paths = list(paths)
    files = list(iter_input_files(paths)) if files is None else files
    run = _Run(store, len(files), progress, store.begin_run(version, len(files)))
    states, failures = store.source_states(), store.failures()
    if prune:
        roots = [str(Path(p).resolve()) for p in paths if Path(p).is_dir()]
        present = {str(f) for f in files}
        gone = [p for p in states if _under(p, roots) and p not in present]
        gone += [p for p in failures if _under(p, roots) and p not in present and p not in states]
        if gone:
            run.pruned = store.remove_sources(gone)
            states = store.source_states()
    groups: dict[str, list[str]] = {}
    sizes: dict[str, int] = {}
    for f in files:
        p = str(f)
        try:
            sha, size = _sha256(f)
        except OSError as exc:
            run.fail([p], None, version, "unreadable", exc.strerror or str(exc))
            continue
        state, failure = states.get(p), failures.get(p)
        if not force and state and state.sha256 == sha and state.pipeline_version == version:
            if failure:  # it failed while changed, and is back to what is stored
                store.clear_failures([p])
            run.tick("unchanged")
        elif (
            not force
            and failure
            and failure.sha256 == sha
            and failure.pipeline_version == version
        ):
            run.failed_before += 1
            run.tick("failed")
        else:
            groups.setdefault(sha, []).append(p)
            sizes[sha] = size
    jobs_todo: list[ExtractJob] = []
    for sha, group in groups.items():
        group.sort()
        if not force and store.document_version(sha) == version:
            store.link_sources(sha, group)
            for p in group:
                run.tick("updated" if p in states else "duplicate")
        else:
            jobs_todo.append(ExtractJob(group[0], sha, sizes[sha], version))
    if dask is not None:
        from pipeline.store.cluster import run_on_dask

        results = run_on_dask(jobs_todo, dask)
    else:
        results = _run_jobs(jobs_todo, jobs)
    writer = _Writer(store, run, groups, states)
    for result in results:
        if result.rows is None:
            run.fail(groups[result.job.sha256], result.job.sha256, version, result.code,
                     result.message)  # fmt: skip
            continue
        writer.add(result)
    writer.flush()
    summary = run.summary()
    if run.run_id is not None:
        store.end_run(run.run_id, {**summary.counts(), "pruned": summary.pruned})
    return summary


def _run_jobs(todo: list[ExtractJob], jobs: int) -> Iterator[ExtractResult]:
    """Results of ``extract_job`` over ``todo``, in completion order."""
    if jobs <= 1 or len(todo) <= 1:
        yield from map(extract_job, todo)
        return
    context = multiprocessing.get_context(
        "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    )
    queue = [(job, 1) for job in reversed(todo)]
    window = jobs * 4
    while queue:
        pool = ProcessPoolExecutor(max_workers=min(jobs, len(queue)), mp_context=context)
        running: dict[Future[ExtractResult], tuple[ExtractJob, int]] = {}
        broken = False
        try:
            while queue or running:
                while queue and len(running) < window and not broken:
                    job, attempt = queue.pop()
                    running[pool.submit(extract_job, job)] = (job, attempt)
                done, _ = wait(running, return_when=FIRST_COMPLETED)
                for fut in done:
                    job, attempt = running.pop(fut)
                    try:
                        yield fut.result()
                    except BrokenProcessPool:
                        broken = True
                        if attempt >= _MAX_ATTEMPTS:
                            yield ExtractResult(
                                job, None, "error", "the worker process died on this file"
                            )
                        else:
                            queue.append((job, attempt + 1))
                if broken and not running:
                    break
        finally:
            pool.shutdown(wait=not broken, cancel_futures=True)
