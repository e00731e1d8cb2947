"""Ingest jobs started from the upload page: one at a time per process, in a thread, with
progress. Each job's state is also written to the data folder (``jobs/ID.json``), so its page
shows it whichever server process (``--workers``) answers."""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from pipeline.web.uploads import UploadProblem

__all__ = ["IngestJob", "JobBoard"]

_KEEP = 50  # finished jobs remembered
_SAVE_EVERY = 0.5  # seconds between two writes of a running job's progress
_ID_RE = re.compile(r"^[0-9a-f]{16}$")


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

    def to_json(self) -> str:
        return json.dumps({**asdict(self), "folder": str(self.folder)}, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> IngestJob:
        data = json.loads(text)
        data["folder"] = Path(data["folder"])
        data["failures"] = [UploadProblem(**f) for f in data.get("failures") or []]
        return cls(**data)


class JobBoard:
    """Runs ``ingest_folder(job, progress)`` for each job in a worker thread, one job at a
    time (SQLite takes one writer), and keeps the recent jobs for their pages, in memory and
    in ``folder``."""

    def __init__(
        self, ingest_folder: Callable[[IngestJob, Callable[[Any], None]], Any], folder: Path
    ) -> None:
        self._ingest = ingest_folder
        self._folder = folder
        self._jobs: dict[str, IngestJob] = {}
        self._lock = threading.Lock()
        self._run_lock = threading.Lock()

    def get(self, job_id: str) -> IngestJob | None:
        with self._lock:
            job = self._jobs.get(job_id)
        if job is not None or not _ID_RE.match(job_id):
            return job
        try:  # a job of another server process
            return IngestJob.from_json((self._folder / f"{job_id}.json").read_text("utf-8"))
        except (OSError, ValueError, TypeError, KeyError):
            return None

    def _save(self, job: IngestJob) -> None:
        self._folder.mkdir(parents=True, exist_ok=True)
        tmp = self._folder / f".{job.id}.{threading.get_ident()}.tmp"
        tmp.write_text(job.to_json(), encoding="utf-8")
        os.replace(tmp, self._folder / f"{job.id}.json")

    def _forget_old(self) -> None:
        finished = sorted((j for j in self._jobs.values() if j.finished), key=lambda j: j.started)
        for old in finished[:-_KEEP]:
            del self._jobs[old.id]
        saved = sorted(self._folder.glob("*.json"), key=lambda p: p.stat().st_mtime)
        for path in saved[: -_KEEP * 2]:
            path.unlink(missing_ok=True)

    def start(self, folder: Path, author: str, problems: list[UploadProblem]) -> IngestJob:
        job = IngestJob(secrets.token_hex(8), folder, author, failures=list(problems))
        with self._lock:
            self._jobs[job.id] = job
            self._save(job)
            self._forget_old()
        threading.Thread(
            target=self._run, args=(job,), name=f"ingest-{job.id}", daemon=True
        ).start()
        return job

    def _run(self, job: IngestJob) -> None:
        with self._run_lock:
            job.state = "running"
            self._save(job)
            last = [time.monotonic()]

            def progress(p: Any) -> None:
                job.total, job.done, job.counts = p.total, p.done, dict(p.counts)
                if time.monotonic() - last[0] >= _SAVE_EVERY:
                    last[0] = time.monotonic()
                    self._save(job)

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
                with contextlib.suppress(OSError):  # this process's page still shows it
                    self._save(job)

    def wait(self, job_id: str, timeout: float = 60.0) -> IngestJob | None:
        """Block until the job ends (tests and the CLI)."""
        end = time.time() + timeout
        while time.time() < end:
            job = self.get(job_id)
            if job is None or job.finished:
                return job
            time.sleep(0.05)
        return self.get(job_id)
