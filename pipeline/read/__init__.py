"""Readers: a file on disk to a :class:`~pipeline.model.SourceDocument` of blocks.

One small interface: ``read_document(path) -> SourceDocument``. The reader is chosen by the
file's content first (zip, OLE2, PDF, HTML signatures) and its suffix second, so a binary file
named ``.docx`` or a Word file named ``.txt`` gets the right reader or a clear error. Each
reader module is the only place that imports its format library (``from_docx`` imports
python-docx, ``from_pdf`` imports the PDF library), and it is imported only when needed.
"""

from __future__ import annotations

import errno
import hashlib
import importlib
from pathlib import Path

from pipeline.errors import ReadError
from pipeline.model import SourceDocument

__all__ = ["read_document", "READERS", "MAX_FILE_BYTES", "sniff"]

# Larger inputs are refused before they are read (a plan is rarely over 5 MB; scans are the exception).
MAX_FILE_BYTES = 25 * 1024 * 1024
MAX_TEXT_BYTES = 8 * 1024 * 1024
# A plan runs to a few thousand lines (a 10,000-task appendix to about 40,000); more lines than
# this is not a plan, and refusing it early keeps a file of millions of short lines cheap.
MAX_LINES = 60_000

# kind -> "module:function"; the function takes (path, data: bytes) and returns SourceDocument.
READERS: dict[str, str] = {
    "txt": "pipeline.read.from_txt:read_txt",
    "docx": "pipeline.read.from_docx:read_docx",
    "doc": "pipeline.read.from_doc:read_doc",
    "pdf": "pipeline.read.from_pdf:read_pdf",
    "html": "pipeline.read.from_html:read_html",
    "image": "pipeline.read.from_image:read_image",
}

_SUFFIX_KIND = {
    ".txt": "txt",
    ".text": "txt",
    ".md": "txt",
    ".docx": "docx",
    ".docm": "docx",
    ".doc": "doc",
    ".pdf": "pdf",
    ".html": "html",
    ".htm": "html",
    ".png": "image",
    ".jpg": "image",
    ".jpeg": "image",
    ".tif": "image",
    ".tiff": "image",
}


def sniff(data: bytes, suffix: str) -> str:
    """Return the reader kind for ``data``: the content's signature wins over the suffix.

    >>> sniff(b"PK\\x03\\x04...", ".txt")
    'docx'
    """
    head = data[:8]
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return "docx"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "doc"
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")):
        return "image"
    kind = _SUFFIX_KIND.get(suffix.lower())
    if kind in ("docx", "doc", "pdf", "image"):
        # the suffix promises a binary format, but the signature is not there
        raise ReadError(
            f"not a valid {suffix.lstrip('.')} file (wrong signature)", code="unsupported"
        )
    if kind is None:
        lowered = data[:2048].lstrip().lower()
        if lowered.startswith((b"<!doctype html", b"<html")):
            return "html"
        return "txt"
    return kind


def read_document(path: str | Path, data: bytes | None = None) -> SourceDocument:
    """Read a plan file (.txt, .docx; .doc, .pdf, .html and images where their readers are
    installed) into blocks. With ``data``, those bytes are the content and ``path`` only names
    them (standard input: ``kehoach extract - --name plan.docx``).

    Raises:
        ReadError: with a ``code`` (``not_found``, ``empty``, ``too_large``, ``unsupported``,
            ``corrupt``, ``encrypted``, ``unsafe_xml``, ``encoding``...) and a one-line message.
    """
    p = Path(path)
    name = str(path)
    try:
        if data is None:
            if not p.exists():
                raise ReadError("no such file", code="not_found")
            if p.is_dir():
                raise ReadError("is a directory, not a file", code="unsupported")
            size = p.stat().st_size
            _check_size(size)
            data = p.read_bytes()
        size = len(data)
        _check_size(size)
        kind = sniff(data, p.suffix)
        if kind in ("txt", "html") and size > MAX_TEXT_BYTES:
            raise ReadError(
                f"the text is {size / 1e6:.0f} MB, over the {MAX_TEXT_BYTES // 2**20} MiB limit for text",
                code="too_large",
            )
        newlines = data.count(b"\n") if kind in ("txt", "html") else 0
        if newlines > MAX_LINES:
            raise ReadError(
                f"the text has {newlines:,} lines, over the {MAX_LINES:,}-line limit for a plan",
                code="too_large",
            )
        module_name, func_name = READERS[kind].split(":")
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            raise ReadError(
                f"no reader for {kind} files is installed ({exc.name})", code="unsupported"
            ) from exc
        doc: SourceDocument = getattr(module, func_name)(name, data)
    except ReadError as exc:
        exc.path = name
        raise
    except RecursionError as exc:  # markup nested thousands deep (unclosed tags on a portal page)
        raise ReadError("the document is nested too deeply to read", path=name, code="corrupt") from exc
    except OSError as exc:
        code = "too_large" if exc.errno == errno.ENAMETOOLONG else "unreadable"
        raise ReadError(exc.strerror or str(exc), path=name, code=code) from exc
    if not any(b.text.strip() for b in doc.blocks):
        raise ReadError("no text found in the document", path=name, code="empty")
    # paragraphs and the line breaks inside them (a .docx run of "a<w:br/>" repeated)
    lines = len(doc.blocks) + sum(b.text.count("\n") for b in doc.blocks)
    if lines > MAX_LINES:
        raise ReadError(
            f"the document has {lines:,} lines, over the {MAX_LINES:,}-line limit for a plan",
            path=name, code="too_large",
        )  # fmt: skip
    return doc


def _check_size(size: int) -> None:
    if size == 0:
        raise ReadError("the file is empty", code="empty")
    if size > MAX_FILE_BYTES:
        raise ReadError(
            f"the file is {size / 1e6:.0f} MB, over the {MAX_FILE_BYTES // 2**20} MiB limit",
            code="too_large",
        )


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
