"""Word 97 .doc: the OLE2 checks (encrypted, not Word, broken) and the LibreOffice conversion."""

from __future__ import annotations

import shutil
import stat
import time
from pathlib import Path

import pytest

from pipeline.errors import ReadError
from pipeline.read import from_doc, read_document
from tests.read.archives import (
    SEED_DOC,
    assert_scores_close,
    body_lines,
    needs_olefile,
    needs_soffice,
    seed_body,
    squash,
    text_lines,
)

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _renamed(data: bytes, old: str, new: str) -> bytes:
    """The OLE2 file with directory entry ``old`` renamed ``new`` (name field + its length)."""
    at = data.find(old.encode("utf-16-le") + b"\x00\x00")
    assert at > 0 and at % 128 == 0, "directory entries are 128-byte aligned"
    name = new.encode("utf-16-le") + b"\x00\x00"
    entry = bytearray(data[at : at + 128])
    entry[0:64] = name.ljust(64, b"\x00")
    entry[64:66] = len(name).to_bytes(2, "little")
    return data[:at] + bytes(entry) + data[at + 128 :]


def _with_fib_flags(tmp_path: Path, flags: int) -> Path:
    """A copy of the seed .doc whose FIB flags word (offset 0x0A) has ``flags`` set."""
    import olefile

    path = tmp_path / "locked.doc"
    shutil.copyfile(SEED_DOC, path)
    path.chmod(stat.S_IRUSR | stat.S_IWUSR)
    with olefile.OleFileIO(str(path), write_mode=True) as ole:
        stream = bytearray(ole.openstream("WordDocument").read())
        value = int.from_bytes(stream[10:12], "little") | flags
        stream[10:12] = value.to_bytes(2, "little")
        ole.write_stream("WordDocument", bytes(stream))
    return path


@pytest.mark.parametrize(
    ("make", "code", "words"),
    [
        (lambda d, p: _renamed(d, "WordDocument", "EncryptedPackage"), "encrypted", "password"),
        (lambda d, p: _renamed(d, "WordDocument", "Workbook"), "unsupported", "Excel"),
        (
            lambda d, p: _renamed(d, "WordDocument", "PowerPoint Document"),
            "unsupported",
            "PowerPoint",
        ),
        (lambda d, p: _with_fib_flags(p, 0x0100).read_bytes(), "encrypted", "password"),
        (lambda d, p: OLE_MAGIC + b"\x00" * 600, "corrupt", "OLE2"),
    ],
    ids=["encrypted-ooxml", "xls", "ppt", "encrypted-doc", "broken"],
)
@needs_olefile
def test_ole_checks_come_before_libreoffice(tmp_path, monkeypatch, make, code, words):
    def no_soffice() -> str:
        raise AssertionError("LibreOffice must not be started")

    monkeypatch.setattr(from_doc, "find_soffice", no_soffice)
    path = tmp_path / "file.doc"
    path.write_bytes(make(SEED_DOC.read_bytes(), tmp_path))
    with pytest.raises(ReadError) as err:
        read_document(path)
    assert err.value.code == code
    assert words in err.value.message


@needs_olefile
def test_seed_doc_passes_the_ole_checks():
    from_doc.inspect_ole(SEED_DOC.read_bytes())


def test_missing_libreoffice_is_a_clear_error(monkeypatch):
    monkeypatch.setattr(from_doc.shutil, "which", lambda name: None)
    monkeypatch.setattr(from_doc, "_SOFFICE_CANDIDATES", ())
    with pytest.raises(ReadError) as err:
        read_document(SEED_DOC)
    assert err.value.code == "tool_missing"
    assert "libreoffice-writer-nogui" in err.value.message


def _fake_soffice(tmp_path: Path, script: str) -> str:
    exe = tmp_path / "soffice"
    exe.write_text("#!/bin/sh\n" + script + "\n")
    exe.chmod(0o755)
    return str(exe)


def test_conversion_timeout_kills_libreoffice(tmp_path, monkeypatch):
    monkeypatch.setattr(
        from_doc, "find_soffice", lambda: _fake_soffice(tmp_path, "exec /bin/sleep 30")
    )
    start = time.monotonic()
    with pytest.raises(ReadError) as err:
        from_doc.convert_to_docx(SEED_DOC.read_bytes(), timeout=0.5)
    assert err.value.code == "timeout"
    assert time.monotonic() - start < 10


def test_conversion_without_output_is_corrupt(tmp_path, monkeypatch):
    monkeypatch.setattr(
        from_doc,
        "find_soffice",
        lambda: _fake_soffice(
            tmp_path, "echo 'Error: source file could not be loaded' >&2; exit 1"
        ),
    )
    with pytest.raises(ReadError) as err:
        from_doc.convert_to_docx(b"not really a doc")
    assert err.value.code == "corrupt"
    assert "could not be loaded" in err.value.message


@needs_soffice
def test_convert_to_docx():
    docx = from_doc.convert_to_docx(SEED_DOC.read_bytes())
    assert docx[:2] == b"PK" and b"word/document.xml" in docx


@needs_soffice
def test_doc_reads_as_the_txt():
    doc = read_document(SEED_DOC)
    assert doc.media_type == "application/msword"
    assert dict(doc.meta)["converted_by"] == "LibreOffice"
    got = [squash(line) for line in body_lines(text_lines(SEED_DOC))]
    assert got == list(seed_body())


@needs_soffice
def test_doc_scores_like_the_txt():
    assert_scores_close(SEED_DOC, 0.02)
