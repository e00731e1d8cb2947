"""One progress library (tqdm) for OCR pages and ingested files: a bar on a terminal only."""

from __future__ import annotations

import io

from pipeline.progress import NoBar, progress_bar


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_no_terminal_no_bar():
    assert isinstance(progress_bar(3, "x", stream=io.StringIO()), NoBar)


def test_tqdm_on_a_terminal():
    err = Tty()
    bar = progress_bar(2, "ingest", stream=err)
    assert type(bar).__module__.startswith("tqdm")
    bar.update(2)
    bar.close()
    assert "ingest" in err.getvalue()


def test_ingest_progress_uses_the_bar():
    from pipeline.cli.ingest import _Progress
    from pipeline.store.ingest import IngestProgress

    err = Tty()
    progress = _Progress(err)
    counts = {"new": 1, "updated": 0, "unchanged": 0, "duplicate": 0, "failed": 0}
    progress(IngestProgress(1, 2, counts, 0.5))
    progress(IngestProgress(2, 2, counts, 1.0))
    assert "ingest" in err.getvalue() and "file/s" in err.getvalue()  # a tqdm bar


def test_ingest_progress_logs_without_a_terminal():
    from pipeline.cli.ingest import _Progress
    from pipeline.store.ingest import IngestProgress

    out = io.StringIO()
    counts = {"new": 2, "updated": 0, "unchanged": 0, "duplicate": 0, "failed": 0}
    _Progress(out)(IngestProgress(2, 2, counts, 1.0))
    assert out.getvalue().startswith("ingest: 2/2 files")
