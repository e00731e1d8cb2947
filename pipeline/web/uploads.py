"""Uploaded files into the data folder: names made safe, sizes and types limited, zips unpacked
with the same limits, and nothing written outside the batch's own folder."""

from __future__ import annotations

import re
import secrets
import unicodedata
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

from pipeline.read import MAX_FILE_BYTES
from pipeline.store.ingest import INGEST_SUFFIXES, PLAN_JSON_SUFFIX

__all__ = [
    "MAX_FILE_BYTES",
    "MAX_BATCH_BYTES",
    "MAX_BATCH_FILES",
    "UploadProblem",
    "safe_name",
    "accepted",
    "new_batch",
    "save_file",
    "unpack_zip",
]

MAX_BATCH_BYTES = 200 * 1024 * 1024
MAX_BATCH_FILES = 2000
_UNSAFE_RE = re.compile(r"[^\w.\- ()]+")


@dataclass(frozen=True, slots=True)
class UploadProblem:
    name: str
    code: str
    message: str  # in Vietnamese


def safe_name(name: str) -> str:
    """A file name without folders, control or shell characters, NFC, at most 120 characters.

    >>> safe_name("../../etc/passwd"), safe_name("Kế hoạch 12.docx")
    ('passwd', 'Kế hoạch 12.docx')
    """
    base = unicodedata.normalize("NFC", name.replace("\\", "/")).split("/")[-1]
    base = _UNSAFE_RE.sub("_", base).strip(" .")
    if len(base) > 120:
        stem, dot, suffix = base.rpartition(".")
        base = (stem[:110] + dot + suffix[:9]) if dot else base[:120]
    return base or "tep"


def accepted(name: str) -> bool:
    lower = name.lower()
    return (
        lower.endswith(INGEST_SUFFIXES)
        or lower.endswith(PLAN_JSON_SUFFIX)
        or lower.endswith(".zip")
    )


def new_batch(uploads: Path) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    folder = uploads / f"{stamp}-{secrets.token_hex(4)}"
    folder.mkdir(parents=True)
    return folder


def _inside(folder: Path, relative: str) -> Path:
    """``folder / relative`` with each part made safe; never outside ``folder``."""
    parts = [
        safe_name(p)
        for p in PurePosixPath(relative.replace("\\", "/")).parts
        if p not in ("", ".", "..", "/")
    ]
    target = folder.joinpath(*parts) if parts else folder / "tep"
    root = folder.resolve()
    resolved = target.resolve()
    if root not in resolved.parents:
        raise ValueError(f"outside the upload folder: {relative}")
    n = 1
    while target.exists():
        n += 1
        target = target.with_name(f"{target.stem}-{n}{target.suffix}")
    target.parent.mkdir(parents=True, exist_ok=True)
    return target


def save_file(folder: Path, relative: str, data: bytes) -> Path:
    target = _inside(folder, relative)
    target.write_bytes(data)
    return target


def unpack_zip(folder: Path, archive: Path, budget: int) -> tuple[list[Path], list[UploadProblem]]:
    """Unpack the accepted members of ``archive`` into ``folder``; returns the files written
    and the members refused. ``budget`` is the bytes the batch may still take."""
    written: list[Path] = []
    problems: list[UploadProblem] = []
    try:
        with zipfile.ZipFile(archive) as z:
            members = [m for m in z.infolist() if not m.is_dir()]
            if len(members) > MAX_BATCH_FILES:
                return [], [
                    UploadProblem(
                        archive.name, "too_large", f"tệp nén có hơn {MAX_BATCH_FILES} tệp"
                    )
                ]
            for m in members:
                name = m.filename
                if not accepted(name) or name.lower().endswith(".zip"):
                    problems.append(UploadProblem(name, "unsupported", "loại tệp không được nhận"))
                    continue
                if m.file_size > MAX_FILE_BYTES:
                    problems.append(
                        UploadProblem(name, "too_large", f"quá {MAX_FILE_BYTES // 2**20} MiB")
                    )
                    continue
                if m.file_size > budget:
                    problems.append(
                        UploadProblem(name, "too_large", "vượt giới hạn dung lượng của lần tải lên")
                    )
                    continue
                with z.open(m) as src:
                    data = src.read(MAX_FILE_BYTES + 1)  # the header's size may lie
                if len(data) > MAX_FILE_BYTES or len(data) > budget:
                    problems.append(
                        UploadProblem(name, "too_large", "tệp giải nén lớn hơn khai báo")
                    )
                    continue
                budget -= len(data)
                written.append(save_file(folder, name, data))
    except (zipfile.BadZipFile, OSError, RuntimeError, ValueError, NotImplementedError) as exc:
        problems.append(UploadProblem(archive.name, "corrupt", f"tệp nén hỏng ({exc})"))
    finally:
        archive.unlink(missing_ok=True)
    return written, problems
