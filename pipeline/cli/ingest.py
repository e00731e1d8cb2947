"""``kehoach ingest PATH...``: extract every plan under the paths into the task database."""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from pipeline.cli.search import add_db_argument

if TYPE_CHECKING:
    from pipeline.store.ingest import IngestProgress

__all__ = ["register", "cmd_ingest"]

_MAX_LISTED_FAILURES = 20


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "ingest",
        help="extract plans from files and folders into the task database",
        description="Walk the paths, extract every plan (.txt, .docx, .doc, .pdf, .html, and "
        "*.plan.json from kehoach extract) in parallel and store it. Unchanged files are "
        "skipped; changed files replace their old rows; failures are recorded and skipped.",
    )
    p.add_argument("paths", nargs="*", metavar="PATH", help="files or folders")
    add_db_argument(p)
    p.add_argument(
        "-j", "--jobs", type=int, default=min(4, os.cpu_count() or 1), metavar="N",
        help="worker processes (default: up to 4, one per CPU)",
    )  # fmt: skip
    p.add_argument("--strict", action="store_true", help="exit with status 1 if any file failed")
    p.add_argument(
        "--force", action="store_true",
        help="extract every file again, even when its content and kehoach's version are stored",
    )  # fmt: skip
    p.add_argument(
        "--keep-missing", action="store_true",
        help="keep the plans of files deleted from the folders (default: forget them)",
    )  # fmt: skip
    p.add_argument(
        "--dask", metavar="ADDRESS",
        help="extract on a Dask cluster (tcp://HOST:8786); workers must see the same paths",
    )  # fmt: skip
    p.add_argument(
        "--status", action="store_true",
        help="list the last runs and the files that failed, then exit (no PATH needed)",
    )  # fmt: skip
    p.set_defaults(func=cmd_ingest)


class _Progress:
    """The shared tqdm bar on a terminal (:mod:`pipeline.progress`), a log line every few
    seconds otherwise (stderr)."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty()
        self.last = 0.0
        self.bar: Any = None

    def __call__(self, p: IngestProgress) -> None:
        from pipeline.store.render import render_progress

        final = p.done == p.total
        if self.tty:
            from pipeline.progress import progress_bar

            if self.bar is None:
                self.bar = progress_bar(p.total, "ingest", unit="file", stream=self.stream)
            self.bar.update(p.done - self.bar.n)
            c = p.counts
            self.bar.set_postfix_str(
                f"new {c['new']} · upd {c['updated']} · same {c['unchanged']} · fail {c['failed']}",
                refresh=False,
            )
            if final:
                self.bar.close()
            return
        now = time.monotonic()
        if now - self.last < 5.0 and not final:
            return
        self.last = now
        self.stream.write(render_progress(p, bar=False) + "\n")
        self.stream.flush()


IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff")


def page_images(paths: list[str]) -> list[str]:
    """The page images (scans) inside the folders of ``paths``, which the folder walk leaves out."""
    found: list[str] = []
    for given in paths:
        root = Path(given)
        if not root.is_dir():
            continue
        for folder, dirs, files in os.walk(root):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            found += [
                str(Path(folder, f)) for f in sorted(files)
                if Path(f).suffix.lower() in IMAGE_SUFFIXES and not f.startswith(".")
            ]  # fmt: skip
    return found


def with_page_images(paths: list[str], stream: TextIO = sys.stderr) -> list[str]:
    """``paths`` plus the page images in their folders when Tesseract can read them (OCR);
    otherwise the images are counted as skipped, with the reason, on ``stream``."""
    from pipeline.errors import ReadError
    from pipeline.i18n import tr

    images = page_images(paths)
    if not images:
        return paths
    try:
        from pipeline.read.ocr import find_tesseract

        find_tesseract()
    except ReadError as exc:
        stream.write(
            f"kehoach: {len(images)} {tr('page images skipped')}: {' '.join(tr(exc.message).split())} [{exc.code}]\n"
        )
        return paths
    return [*paths, *images]


def cmd_ingest(args: argparse.Namespace) -> int:
    from pipeline.errors import PipelineError
    from pipeline.store import open_store
    from pipeline.store.ingest import ingest, iter_input_files
    from pipeline.store.render import render_summary

    if args.status:
        return _status(args)
    if not args.paths:
        raise PipelineError("give the files or folders to ingest (or --status)", code="usage")
    paths = with_page_images(list(args.paths))
    files = list(iter_input_files(paths))  # a missing path stops here: no database made
    with open_store(args.db) as store:
        summary = ingest(
            paths, store, jobs=max(1, args.jobs), progress=_Progress(), force=args.force,
            prune=not args.keep_missing, dask=args.dask, files=files,
        )  # fmt: skip
    for f in summary.failures[:_MAX_LISTED_FAILURES]:
        print(f"kehoach: {f.path}: {f.message} [{f.code}]", file=sys.stderr)
    if len(summary.failures) > _MAX_LISTED_FAILURES:
        print(
            f"kehoach: … {len(summary.failures) - _MAX_LISTED_FAILURES} more: "
            "kehoach ingest --status lists them",
            file=sys.stderr,
        )
    print(render_summary(summary))
    return 1 if args.strict and summary.failed else 0


def _status(args: argparse.Namespace) -> int:
    """``kehoach ingest --status``: the last runs, then every recorded failure."""
    from pipeline.store import open_store

    with open_store(args.db, create=False) as store:
        runs = store.recent_runs(5)
        log = store.failure_log()
    if not runs:
        print("no ingest run recorded")
    for r in runs:
        end = r.finished_at or "did not finish"
        print(
            f"run {r.id}: {r.started_at} → {end}  {r.files} files: {r.new} new, {r.updated} "
            f"updated, {r.unchanged} unchanged, {r.duplicate} duplicate, {r.failed} failed, "
            f"{r.pruned} pruned  (kehoach {r.pipeline_version})"
        )
    print(f"{len(log)} failed file(s)" + (":" if log else ""))
    for failure, at, run_id in log:
        print(f"  {failure.path}: {failure.message} [{failure.code}] (run {run_id}, {at})")
    return 1 if log else 0
