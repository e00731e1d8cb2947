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


def test_page_images_are_counted_as_skipped_without_tesseract(tmp_path, monkeypatch):
    from pipeline.cli.ingest import page_images, with_page_images
    from pipeline.errors import ReadError

    (tmp_path / "scans").mkdir()
    for name in ("p1.png", "p2.JPG", "notes.txt", ".hidden.png"):
        (tmp_path / "scans" / name).write_bytes(b"x")

    def missing(*_):
        raise ReadError("Tesseract is not installed", code="tool_missing")

    monkeypatch.setattr("pipeline.read.ocr.find_tesseract", missing)
    assert [p.rsplit("/", 1)[1] for p in page_images([str(tmp_path)])] == ["p1.png", "p2.JPG"]
    out = io.StringIO()
    assert with_page_images([str(tmp_path)], out) == [str(tmp_path)]
    assert out.getvalue() == "kehoach: 2 page images skipped: Tesseract is not installed [tool_missing]\n"


def test_page_images_are_read_when_tesseract_is_there(tmp_path, monkeypatch):
    from pipeline.cli.ingest import with_page_images

    (tmp_path / "p1.tif").write_bytes(b"x")
    monkeypatch.setattr("pipeline.read.ocr.find_tesseract", lambda *_: "/usr/bin/tesseract")
    assert with_page_images([str(tmp_path)]) == [str(tmp_path), str(tmp_path / "p1.tif")]
