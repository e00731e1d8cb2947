"""Ingest jobs: run in a thread, their state written to the data folder so that another server
process (another board on the same folder) shows them."""

from __future__ import annotations

import threading
from pathlib import Path
from types import SimpleNamespace

from pipeline.web.jobs import JobBoard
from pipeline.web.uploads import UploadProblem


def test_a_job_is_seen_by_another_process(tmp_path):
    release = threading.Event()

    def ingest(job, progress):
        progress(SimpleNamespace(total=2, done=1, counts={"new": 1}))
        release.wait(10)
        failure = SimpleNamespace(path="/x/hong.docx", code="corrupt", message="tệp hỏng")
        return SimpleNamespace(counts=lambda: {"new": 1, "failed": 1}, files=2, failures=[failure])

    folder = tmp_path / "jobs"
    one, other = JobBoard(ingest, folder), JobBoard(lambda j, p: None, folder)
    job = one.start(tmp_path / "batch", "lan", [UploadProblem("a.exe", "unsupported", "loại tệp")])
    seen = other.get(job.id)
    assert seen is not None and seen.author == "lan" and seen.state in ("waiting", "running")
    assert seen.failures == [UploadProblem("a.exe", "unsupported", "loại tệp")]
    release.set()
    assert one.wait(job.id, 10).state == "done"
    done = other.get(job.id)
    assert done.state == "done" and done.finished and done.percent == 100
    assert [f.name for f in done.failures] == ["a.exe", "hong.docx"]
    assert done.folder == Path(tmp_path / "batch")
    assert other.get("../../etc/passwd") is None and other.get("0" * 16) is None
