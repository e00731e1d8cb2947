"""OCR with Tesseract and its Vietnamese data, page by page, into positioned words.

Tesseract runs as a subprocess (``tesseract stdin stdout -l vie --dpi N tsv``): no Python
binding is needed, and a missing program or missing ``vie`` data gives a
``ReadError(code="tool_missing")`` that says what to install. Each page's TSV words become
:class:`~pipeline.read.layout.Word` s in points, and the same layout pass as the PDF reader
re-joins the wrapped lines::

    "Thực hiện Quy chế làm việc số 01-QC/BCĐ ngày 20/4/2021 của Ban Chỉ"
    "đạo thực hiện Quy chế dân chủ ở cơ sở thị xã ..."
    -> "Thực hiện Quy chế làm việc số 01-QC/BCĐ ngày 20/4/2021 của Ban Chỉ đạo thực hiện ..."

A line holding a word Tesseract is unsure of (confidence under :data:`LOW_CONFIDENCE`) is read
again from a crop of the page as a single line (:func:`recheck_weak_lines`: "š Tp “Tiếp tục"
becomes "1.1. Tiếp tục"); what stays unsure is reported as ``READ005`` issues with its page and
words. Confusions that cannot be real text are repaired (:mod:`pipeline.read.ocr_text`: "Quý
1V/2023", "ỞCƠSỞ"); other noise ("*" read as "+") is left to the extractor's tolerant matching.
"""

from __future__ import annotations

import csv
import functools
import io
import logging
import os
import shutil
import statistics
import subprocess
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from pipeline.errors import ReadError
from pipeline.model import Issue, Severity
from pipeline.read.layout import Page, TextLine, Word, group_lines
from pipeline.read.ocr_text import repair_words

__all__ = ["find_tesseract", "ocr_image", "ocr_pdf_pages", "pages_from_tsv", "render_pdf_page"]


log = logging.getLogger(__name__)


def _env_number(name: str, default: float, low: float, high: float) -> float:
    """A numeric setting from the environment; a missing, malformed or out-of-range value gives
    the default (with a warning), never an error at import."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        value = float(raw)
    except ValueError:
        value = float("nan")
    if not low <= value <= high:
        log.warning("ignoring %s=%r (expected a number from %g to %g); using %g", name, raw, low, high, default)
        return default
    return value


LANGUAGE = os.environ.get("KEHOACH_OCR_LANG", "vie")
# resolution pages are rendered at for OCR (Tesseract is tuned for about 300 dpi)
RENDER_DPI = int(_env_number("KEHOACH_OCR_DPI", 300, 72, 1200))
PAGE_TIMEOUT = _env_number("KEHOACH_OCR_TIMEOUT", 180, 1, 3600)
# Tesseract processes run at once (each single-threaded: OMP_THREAD_LIMIT=1)
JOBS = int(_env_number("KEHOACH_OCR_JOBS", min(4, os.cpu_count() or 1), 1, 64))
# a word under this confidence (0-100) is reported
LOW_CONFIDENCE = 60.0
MAX_ISSUES = 40
# weak lines re-read per page in the second pass
MAX_RECHECKS = 12
# average advance of a Times-like glyph, in em: turns a word's width per character into a size
_GLYPH_EM = 0.45
INSTALL_HINT = (
    "Tesseract with Vietnamese data is needed to read scanned pages: install it "
    "(Debian/Ubuntu: apt-get install tesseract-ocr tesseract-ocr-vie; "
    "macOS: brew install tesseract tesseract-lang)"
)

T = TypeVar("T")

# what scanner specks are read as: always, and when Tesseract is unsure
_SPECKS = frozenset("_|~¦")
_UNSURE_SPECKS = frozenset(".,:;—=")


@functools.cache
def find_tesseract(language: str = LANGUAGE) -> str:
    """The Tesseract executable, checked to have ``language`` data.

    Raises:
        ReadError: ``tool_missing`` when Tesseract or its ``vie`` data is not installed.
    """
    exe = shutil.which("tesseract")
    if exe is None:
        raise ReadError(INSTALL_HINT, code="tool_missing")
    try:
        listed = subprocess.run(
            [exe, "--list-langs"], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise ReadError(
            f"Tesseract does not run ({exc}); {INSTALL_HINT}", code="tool_missing"
        ) from exc
    langs = {line.strip() for line in (listed.stdout + listed.stderr).splitlines()}
    if not set(language.split("+")) <= langs:
        raise ReadError(
            f"Tesseract has no '{language}' language data; {INSTALL_HINT}", code="tool_missing"
        )
    return exe


def ocr_image(
    image: bytes, dpi: int | None = None, *, language: str = LANGUAGE, psm: int = 3
) -> str:
    """Run Tesseract on one image (PNG, JPEG, TIFF, PNM bytes) and return its TSV output
    (page segmentation mode ``psm``: 3 for a page, 7 for a single line).

    Raises:
        ReadError: ``tool_missing``, ``timeout``, or ``corrupt`` when Tesseract fails.
    """
    exe = find_tesseract(language)
    cmd = [exe, "stdin", "stdout", "-l", language, "--psm", str(psm)]
    if dpi:
        cmd += ["--dpi", str(dpi)]
    cmd.append("tsv")
    env = {**os.environ, "OMP_THREAD_LIMIT": os.environ.get("OMP_THREAD_LIMIT", "1")}
    try:
        done = subprocess.run(
            cmd, input=image, capture_output=True, timeout=PAGE_TIMEOUT, env=env, check=False
        )
    except subprocess.TimeoutExpired as exc:
        raise ReadError(
            f"Tesseract did not finish a page within {PAGE_TIMEOUT:.0f} s", code="timeout"
        ) from exc
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no output"]
        raise ReadError(f"Tesseract could not read the image ({detail[0]})", code="corrupt")
    return done.stdout.decode("utf-8", "replace")


def _tsv_rows(tsv: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE))


def _is_noise(row: dict[str, str]) -> bool:
    """Empty words, lone "_", "|", "~", and lone unsure dots and commas: specks on the scan."""
    text = (row.get("text") or "").strip()
    if text == "~" and row.get("word_num") == "1":
        return False  # a bullet "-" read as "~": repaired, not dropped
    if not text or text in _SPECKS:
        return True
    return text in _UNSURE_SPECKS and float(row.get("conf") or 0) < 50


def pages_from_tsv(tsv: str | list[dict[str, str]], dpi: float, first_page: int = 0) -> list[Page]:
    """Tesseract TSV (one or more pages; text or parsed rows) to layout pages in points
    (``72 / dpi`` per pixel).

    A word's size is estimated from its width per character (:data:`_GLYPH_EM`), which the
    stacked Vietnamese diacritics do not disturb, unlike its height.
    """
    scale = 72.0 / dpi
    sizes: dict[int, tuple[float, float]] = {}
    groups: dict[tuple[int, str, str, str], list[dict[str, str]]] = {}
    for row in _tsv_rows(tsv) if isinstance(tsv, str) else tsv:
        page = int(row["page_num"]) - 1
        if row["level"] == "1":
            sizes[page] = (float(row["width"]) * scale, float(row["height"]) * scale)
        elif row["level"] == "5" and not _is_noise(row):
            groups.setdefault((page, row["block_num"], row["par_num"], row["line_num"]), []).append(
                row
            )
    words_by_page: dict[int, list[Word]] = {p: [] for p in sizes}
    for (page, *_), rows in groups.items():
        line_words: list[Word] = []
        width = sum(float(r["width"]) for r in rows)
        chars = sum(len(r["text"].strip()) for r in rows)
        size = width / max(chars, 1) * scale / _GLYPH_EM
        baseline = statistics.median(float(r["top"]) + float(r["height"]) for r in rows) * scale
        for r in rows:
            x0, top = float(r["left"]) * scale, float(r["top"]) * scale
            line_words.append(
                Word(
                    text=r["text"].strip(),
                    x0=x0,
                    x1=x0 + float(r["width"]) * scale,
                    top=top,
                    bottom=top + float(r["height"]) * scale,
                    baseline=baseline,
                    size=size,
                    conf=float(r["conf"]),
                )
            )
        words_by_page.setdefault(page, []).extend(repair_words(line_words))
    pages = []
    for page, words in sorted(words_by_page.items()):
        width, height = sizes.get(page, (595.0, 842.0))
        lines = tuple(group_lines(words, first_page + page))
        pages.append(Page(first_page + page, width, height, lines, ocr=True))
    return pages


def low_confidence_issues(pages: Iterable[Page]) -> list[Issue]:
    """One ``READ005`` issue per line holding a word under :data:`LOW_CONFIDENCE`."""
    issues: list[Issue] = []
    total = 0
    for page in pages:
        for line in page.lines:
            weak = [w for w in line.words if w.conf is not None and 0 <= w.conf < LOW_CONFIDENCE]
            if not weak:
                continue
            total += 1
            if len(issues) < MAX_ISSUES:
                low = min(w.conf or 0.0 for w in weak)
                issues.append(
                    Issue(
                        "READ005",
                        f"page {page.number + 1}: OCR unsure ({low:.0f}%) of "
                        f"{', '.join(repr(w.text) for w in weak[:5])} in: {_clip(line)}",
                        Severity.WARNING,
                    )
                )
    if total > MAX_ISSUES:
        issues.append(
            Issue(
                "READ005",
                f"{total - MAX_ISSUES} more OCR lines with low confidence",
                Severity.WARNING,
            )
        )
    return issues


def _clip(line: TextLine, width: int = 80) -> str:
    text = line.text
    return text if len(text) <= width else text[: width - 1] + "…"


def _progress_bar(total: int, desc: str) -> Any:
    """The shared bar (:mod:`pipeline.progress`): tqdm on a terminal, silent otherwise."""
    from pipeline.progress import progress_bar

    return progress_bar(total, desc, unit="page")


def progress(items: Sequence[T], desc: str) -> Iterator[T]:
    """Iterate with a progress bar on stderr when it is a terminal, silently otherwise."""
    with _progress_bar(len(items), desc) as bar:
        for item in items:
            yield item
            bar.update(1)


def render_pdf_page(pdf: Any, index: int, dpi: int = RENDER_DPI) -> bytes:
    """Render one page of a pypdfium2 document as a greyscale PGM image."""
    page = pdf[index]
    try:
        bitmap = page.render(scale=dpi / 72.0, grayscale=True)
        try:
            width, height, stride = bitmap.width, bitmap.height, bitmap.stride
            buffer = bytes(bitmap.buffer)
        finally:
            bitmap.close()
    finally:
        page.close()
    if stride != width:
        buffer = b"".join(buffer[r * stride : r * stride + width] for r in range(height))
    return b"P5\n%d %d\n255\n" % (width, height) + buffer


def scanned_image(pdf: Any, index: int) -> tuple[bytes, int] | None:
    """The page's scan as stored (JPEG bytes) and its resolution, when the page is one upright
    JPEG image covering it: OCR then sees the original pixels, not a resampled rendering."""
    import pypdfium2.raw as raw

    page = pdf[index]
    try:
        width = page.get_width()
        images = list(page.get_objects(filter=[raw.FPDF_PAGEOBJ_IMAGE], max_depth=1))
        if len(images) != 1:
            return None
        image = images[0]
        x0, y0, x1, y1 = image.get_bounds()
        matrix = image.get_matrix()
        upright = abs(matrix.b) < 1e-6 and abs(matrix.c) < 1e-6 and matrix.a > 0 and matrix.d > 0
        if not upright or (x1 - x0) < 0.9 * width or image.get_filters() != ["DCTDecode"]:
            return None
        px_width, _ = image.get_px_size()
        dpi = round(px_width / ((x1 - x0) / 72.0))
        return bytes(image.get_data(decode_simple=False)), dpi
    finally:
        page.close()


def ocr_pdf_pages(
    pdf: Any,
    indexes: Sequence[int],
    *,
    dpi: int = RENDER_DPI,
    run: Callable[[bytes, int], str] | None = None,
    jobs: int = JOBS,
) -> tuple[list[Page], list[Issue]]:
    """OCR the given pages of a pypdfium2 document; ``(pages, low-confidence issues)``.

    A page that is one full-page JPEG is read at its own resolution; others are rendered at
    ``dpi``. Pages are prepared one by one (pdfium is not thread-safe) and read by up to
    ``jobs`` Tesseract processes at a time, a batch of ``jobs`` pages in memory at once.
    """
    find_tesseract()
    ocr = run or (lambda image, d: ocr_image(image, d))
    pages: list[Page] = []
    todo = list(indexes)
    with _progress_bar(len(todo), "OCR") as bar, ThreadPoolExecutor(max(1, jobs)) as pool:
        for start in range(0, len(todo), max(1, jobs)):
            batch = todo[start : start + max(1, jobs)]
            images = [_page_image(pdf, index, dpi) for index in batch]
            tsvs = list(pool.map(lambda item: ocr(*item), images))
            for index, (_, page_dpi), tsv in zip(batch, images, tsvs, strict=True):
                rows = _tsv_rows(tsv)
                if run is None:
                    rows = recheck_weak_lines(pdf, index, rows, page_dpi)
                pages.extend(pages_from_tsv(rows, page_dpi, first_page=index))
                bar.update(1)
    return pages, low_confidence_issues(pages)


def _page_image(pdf: Any, index: int, dpi: int) -> tuple[bytes, int]:
    stored = scanned_image(pdf, index)
    if stored and 100 <= stored[1] <= 600:
        return stored
    return render_pdf_page(pdf, index, dpi), dpi


def _line_key(row: dict[str, str]) -> tuple[str, str, str, str]:
    return (row["page_num"], row["block_num"], row["par_num"], row["line_num"])


def _mean_conf(rows: Sequence[dict[str, str]]) -> float:
    return statistics.mean(float(r["conf"]) for r in rows) if rows else -1.0


def recheck_weak_lines(
    pdf: Any, index: int, rows: list[dict[str, str]], dpi: float
) -> list[dict[str, str]]:
    """Second pass: re-read each line holding a word under :data:`LOW_CONFIDENCE` from a crop
    of the page rendered at :data:`RENDER_DPI` as a single line (``--psm 7``), and keep the
    reading Tesseract is surer of. On the seed scan this turns "š Tp “Tiếp tục" back into
    "1.1. Tiếp tục".
    """
    lines: dict[tuple[str, str, str, str], list[dict[str, str]]] = {}
    for row in rows:
        if row["level"] == "5" and (row.get("text") or "").strip():
            lines.setdefault(_line_key(row), []).append(row)
    weak = [k for k, ws in lines.items() if min(float(r["conf"]) for r in ws) < LOW_CONFIDENCE]
    replaced: dict[tuple[str, str, str, str], list[dict[str, str]]] = {}
    page = pdf[index]
    try:
        width, height = page.get_size()
        for key in weak[:MAX_RECHECKS]:
            old = lines[key]
            new = _reread_line(page, width, height, old, dpi)
            if new and _mean_conf(new) > _mean_conf(old) + 5:
                replaced[key] = new
    finally:
        page.close()
    if not replaced:
        return rows
    swapped = set(replaced)
    out: list[dict[str, str]] = []
    for row in rows:
        key = _line_key(row) if row["level"] == "5" else None
        if key in swapped:
            out.extend(replaced.pop(key, []))  # the new words, in place of the line's first word
            continue
        out.append(row)
    return out


def _reread_line(
    page: Any, width: float, height: float, old: Sequence[dict[str, str]], dpi: float
) -> list[dict[str, str]]:
    """OCR one line's box (padded) again; its words in the page's pixel frame at ``dpi``."""
    px = 72.0 / dpi
    left = min(float(r["left"]) for r in old) * px
    right = max(float(r["left"]) + float(r["width"]) for r in old) * px
    # median top and bottom: a tall misread mark must not pull the next line into the crop
    top = statistics.median(float(r["top"]) for r in old) * px
    bottom = statistics.median(float(r["top"]) + float(r["height"]) for r in old) * px
    pad = 0.3 * (bottom - top)
    x0, y0 = max(0.0, left - 2 * pad), max(0.0, top - pad)
    x1, y1 = min(width, right + 2 * pad), min(height, bottom + pad)
    bitmap = page.render(
        scale=RENDER_DPI / 72.0, grayscale=True, crop=(x0, height - y1, width - x1, y0)
    )
    try:
        w, h, stride = bitmap.width, bitmap.height, bitmap.stride
        buffer = bytes(bitmap.buffer)
    finally:
        bitmap.close()
    if stride != w:
        buffer = b"".join(buffer[r * stride : r * stride + w] for r in range(h))
    tsv = ocr_image(b"P5\n%d %d\n255\n" % (w, h) + buffer, RENDER_DPI, psm=7)
    back = (72.0 / RENDER_DPI) / px  # crop pixels to page pixels
    new = []
    for n, r in enumerate(
        (r for r in _tsv_rows(tsv) if r["level"] == "5" and (r.get("text") or "").strip()), 1
    ):
        new.append(
            {
                **old[0],
                "word_num": str(n),
                "left": str(round(x0 / px + float(r["left"]) * back)),
                "top": str(round(y0 / px + float(r["top"]) * back)),
                "width": str(round(float(r["width"]) * back)),
                "height": str(round(float(r["height"]) * back)),
                "conf": r["conf"],
                "text": r["text"],
            }
        )
    return new
