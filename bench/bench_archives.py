#!/usr/bin/env python3
"""Benchmark the archive readers on the seed plan's renditions: medians of repeated runs.

usage: python bench/bench_archives.py [--repeat 5] [--ocr-repeat 3] [--no-ocr] [--no-doc] [--libs]

Rows (each a median over the repeats, after one warm-up run that is left out):

* PDF text layer: ``read_document`` of ``corpus/formats/2023-duc-pho-bcd-qcdc.pdf`` (5 pages), in
  pages/s;
* OCR: ``read_document`` of the image-only ``-scan.pdf`` (5 pages, Tesseract ``vie``), in pages/s;
* .doc: the LibreOffice conversion alone (``convert_to_docx``) and the whole read, in seconds;
* legacy: TCVN3 and VNI renditions of the seed text read as .txt, in characters/s;
* HTML: the seed published as a portal page, in pages/s.

``--libs`` adds the raw character extraction of pypdfium2, pdfplumber and pdfminer.six (the
measurement behind the choice of pypdfium2), for the libraries that are installed. Rows whose
tool is missing are printed as skipped with the reason.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.errors import ReadError  # noqa: E402
from pipeline.read import read_document  # noqa: E402
from pipeline.read.legacy import encode_tcvn3, encode_vni  # noqa: E402

FORMATS = ROOT / "corpus" / "formats"
SEED = "2023-duc-pho-bcd-qcdc"
SEED_TXT = ROOT / "corpus" / "plans" / f"{SEED}.txt"
PAGES = 5


def _median(fn: Callable[[], object], repeat: int) -> float:
    fn()  # warm-up: imports, caches, LibreOffice's first start
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _row(
    name: str, fn: Callable[[], object], repeat: int, unit: str, amount: float
) -> tuple[str, str, str]:
    try:
        seconds = _median(fn, repeat)
    except ReadError as exc:
        return name, "skipped", exc.message[:70]
    rate = f"{amount / seconds:,.1f} {unit}" if unit else ""
    return name, f"{seconds * 1000:,.0f} ms", rate


def _raw_extraction(pdf: Path) -> list[tuple[str, Callable[[], object]]]:
    """Character extraction with each PDF library that is installed (no layout)."""
    out: list[tuple[str, Callable[[], object]]] = []
    try:
        import pypdfium2 as pdfium

        def with_pdfium() -> int:
            doc = pdfium.PdfDocument(str(pdf))
            n = 0
            for page in doc:
                text = page.get_textpage()
                n += sum(len(text.get_charbox(i)) for i in range(text.count_chars()))
                text.close()
                page.close()
            doc.close()
            return n

        out.append(("  raw chars: pypdfium2", with_pdfium))
    except ImportError:
        pass
    try:
        import pdfplumber

        def with_plumber() -> int:
            with pdfplumber.open(str(pdf)) as doc:
                return sum(len(p.chars) for p in doc.pages)

        out.append(("  raw chars: pdfplumber", with_plumber))
    except ImportError:
        pass
    try:
        from pdfminer.high_level import extract_pages
        from pdfminer.layout import LAParams

        out.append(
            (
                "  raw chars: pdfminer.six",
                lambda: list(extract_pages(str(pdf), laparams=LAParams())),
            )
        )
    except ImportError:
        pass
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs per fast row (default 5)")
    parser.add_argument(
        "--ocr-repeat", type=int, default=3, help="runs of the OCR and .doc rows (default 3)"
    )
    parser.add_argument("--no-ocr", action="store_true", help="skip the OCR row")
    parser.add_argument("--no-doc", action="store_true", help="skip the .doc rows")
    parser.add_argument("--libs", action="store_true", help="also time the raw PDF libraries")
    args = parser.parse_args(argv)

    pdf, scan, doc = FORMATS / f"{SEED}.pdf", FORMATS / f"{SEED}-scan.pdf", FORMATS / f"{SEED}.doc"
    text = unicodedata.normalize("NFC", SEED_TXT.read_text(encoding="utf-8"))
    rows: list[tuple[str, str, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        renditions = {}
        for name, encode in (("TCVN3", encode_tcvn3), ("VNI", encode_vni)):
            path = Path(tmp) / f"{SEED}.{name.lower()}.txt"
            path.write_bytes(encode(text).encode("cp1252"))
            renditions[name] = path
        html = Path(tmp) / f"{SEED}.html"
        html.write_text(_portal_page(text), encoding="utf-8")

        rows.append(
            _row(
                "PDF text layer (5 pages)",
                lambda: read_document(pdf),
                args.repeat,
                "pages/s",
                PAGES,
            )
        )
        if args.libs:
            for name, fn in _raw_extraction(pdf):
                rows.append(_row(name, fn, args.repeat, "pages/s", PAGES))
        if not args.no_ocr:
            rows.append(
                _row(
                    "OCR scan (5 pages)",
                    lambda: read_document(scan),
                    args.ocr_repeat,
                    "pages/s",
                    PAGES,
                )
            )
        if not args.no_doc:
            from pipeline.read.from_doc import convert_to_docx

            data = doc.read_bytes()
            rows.append(
                _row(
                    ".doc → .docx (LibreOffice)",
                    lambda: convert_to_docx(data),
                    args.ocr_repeat,
                    "",
                    0,
                )
            )
            rows.append(
                _row(
                    ".doc read (convert + .docx)",
                    lambda: read_document(doc),
                    args.ocr_repeat,
                    "",
                    0,
                )
            )
        for name, path in renditions.items():
            rows.append(
                _row(
                    f"{name} .txt",
                    lambda p=path: read_document(p),
                    args.repeat,
                    "chars/s",
                    len(text),
                )
            )
        rows.append(
            _row("HTML portal page", lambda: read_document(html), args.repeat, "pages/s", 1)
        )

    width = max(len(r[0]) for r in rows)
    print(f"{'reader':{width}}  {'median':>10}  rate")
    print("-" * (width + 30))
    for name, median, rate in rows:
        print(f"{name:{width}}  {median:>10}  {rate}")
    return 0


def _portal_page(text: str) -> str:
    """The seed's body lines as paragraphs of a page with site navigation around them."""
    from html import escape

    body = "".join(f"<p>{escape(line.strip())}</p>" for line in text.splitlines() if line.strip())
    return (
        '<html><head><meta charset="utf-8"><script>var a = 1;</script></head><body>'
        '<ul class="menu"><li><a href="/">Trang chủ</a></li></ul>'
        f'<div class="content">{body}</div><div class="footer">Bản quyền</div></body></html>'
    )


if __name__ == "__main__":
    raise SystemExit(main())
