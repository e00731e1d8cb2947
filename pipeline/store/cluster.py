"""Extraction on a Dask cluster (``kehoach ingest --dask tcp://HOST:8786``): the one adapter
to ``dask.distributed``.

The parent walks, hashes and writes as with the local pool; each file's reading and
extraction is one task on the cluster's workers (:func:`~pipeline.store.ingest.extract_job`,
the same function the local pool runs), submitted a window at a time so a million files do
not sit in the scheduler's memory. A task whose worker dies is retried by Dask (its
``allowed-failures``); one that kills its workers every time comes back as a failure of that
file and the batch goes on. Writes stay in the parent, so killing the run at any moment and
running it again gives the same database.

The workers need kehoach installed (the same version: the digest of the extraction code is
the re-ingest key) and must see the files at the same paths (a shared or replicated folder).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from pipeline.errors import PipelineError

if TYPE_CHECKING:
    from pipeline.store.ingest import ExtractJob, ExtractResult

__all__ = ["run_on_dask", "connect"]

_WINDOW_PER_THREAD = 4


def connect(address: str | Any, timeout: float = 20) -> tuple[Any, bool]:
    """A ``distributed.Client`` for ``address`` (or the client given); whether we own it.

    Raises:
        PipelineError: ``tool_missing`` without dask.distributed, ``unreadable`` when the
            scheduler cannot be reached.
    """
    try:
        from distributed import Client
    except ImportError as exc:
        raise PipelineError(
            "dask.distributed is not installed; install it with `pip install 'kehoach[dask]'`",
            code="tool_missing",
        ) from exc
    if not isinstance(address, str):
        return address, False
    try:
        return Client(address, timeout=f"{timeout}s"), True
    except OSError as exc:
        raise PipelineError(
            f"cannot reach the Dask scheduler ({exc})", path=address, code="unreadable"
        ) from exc


def run_on_dask(todo: list[ExtractJob], address: str | Any) -> Iterator[ExtractResult]:
    """Results of ``extract_job`` over ``todo`` from the cluster, in completion order."""
    from distributed import as_completed
    from distributed.client import FutureCancelledError
    from distributed.scheduler import KilledWorker

    from pipeline.store.ingest import ExtractResult, extract_job

    if not todo:
        return
    client, owned = connect(address)
    try:
        threads = sum(client.nthreads().values()) or 1
        window = threads * _WINDOW_PER_THREAD
        queue = list(reversed(todo))
        jobs: dict[str, ExtractJob] = {}

        def submit() -> Any:
            job = queue.pop()
            future = client.submit(extract_job, job, pure=False, key=f"extract-{job.sha256}")
            jobs[future.key] = job
            return future

        pending = as_completed([submit() for _ in range(min(window, len(queue)))])
        for future in pending:
            job = jobs.pop(future.key)
            try:
                yield future.result()
            except (KilledWorker, FutureCancelledError):
                yield ExtractResult(job, None, "error", "the worker process died on this file")
            finally:
                future.release()
            if queue:
                pending.add(submit())
    finally:
        if owned:
            client.close()
