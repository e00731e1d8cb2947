"""Ingest jobs started from the upload page: one at a time, in a thread, with progress."""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.web.uploads import UploadProblem

__all__ = ["IngestJob", "JobBoard"]

_KEEP = 50  # finished jobs remembered


@dataclass
class IngestJob:
    id: str
    folder: Path
    author: str
    total: int = 0
    done: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    failures: list[UploadProblem] = field(default_factory=list)
    state: str = "waiting"  # waiting | running | done | failed
    error: str = ""
    started: float = field(default_factory=time.time)
    finished: float | None = None

    @property
    def percent(self) -> int:
        return (
            100 if self.state == "done" else int(100 * self.done / self.total) if self.total else 0
        )


class JobBoard:
    """Runs ``ingest_folder(job, progress)`` for each job in a worker thread, one job at a
    time (SQLite takes one writer), and keeps the recent jobs for their pages."""

    def __init__(self, ingest_folder: Callable[[IngestJob, Callable[[Any], None]], Any]) -> None:
        self._ingest = ingest_folder
        self._jobs: dict[str, IngestJob] = {}
        self._lock = threading.Lock()
        self._run_lock = threading.Lock()

    def get(self, job_id: str) -> IngestJob | None:
        with self._lock:
            return self._jobs.get(job_id)

    def start(self, folder: Path, author: str, problems: list[UploadProblem]) -> IngestJob:
        job = IngestJob(secrets.token_hex(8), folder, author, failures=list(problems))
        with self._lock:
            self._jobs[job.id] = job
            finished = [j for j in self._jobs.values() if j.finished]
            for old in sorted(finished, key=lambda j: j.started)[:-_KEEP]:
                del self._jobs[old.id]
        threading.Thread(
            target=self._run, args=(job,), name=f"ingest-{job.id}", daemon=True
        ).start()
        return job

    def _run(self, job: IngestJob) -> None:
        with self._run_lock:
            job.state = "running"

            def progress(p: Any) -> None:
                job.total, job.done, job.counts = p.total, p.done, dict(p.counts)

            try:
                summary = self._ingest(job, progress)
                job.counts = summary.counts()
                job.total = job.done = summary.files
                job.failures += [
                    UploadProblem(Path(f.path).name, f.code, f.message) for f in summary.failures
                ]
                job.state = "done"
            except Exception as exc:  # reported on the job's page, never lost in a thread
                job.state, job.error = "failed", f"{type(exc).__name__}: {exc}"
            finally:
                job.finished = time.time()

    def wait(self, job_id: str, timeout: float = 60.0) -> IngestJob | None:
        """Block until the job ends (tests and the CLI)."""
        end = time.time() + timeout
        while time.time() < end:
            job = self.get(job_id)
            if job is None or job.finished:
                return job
            time.sleep(0.05)
        return self.get(job_id)
