"""Bad input: every case is a ReadError with its own code, fast, without a traceback."""

import os
import time
import zipfile

import pytest

from pipeline.errors import EXIT_CODES, ReadError
from pipeline.read import read_document, sniff


@pytest.mark.parametrize(
    ("head", "suffix", "kind"),
    [
        (b"PK\x03\x04rest", ".txt", "docx"),  # content wins over the suffix
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", ".docx", "doc"),  # OLE2 (Word 97, encrypted OOXML)
        (b"%PDF-1.7", ".doc", "pdf"),
        (b"<!DOCTYPE html><html>", ".dat", "html"),
        ("Kế hoạch".encode(), ".txt", "txt"),
    ],
)
def test_sniff(head, suffix, kind):
    assert sniff(head, suffix) == kind


def _code(path) -> str:
    start = time.perf_counter()
    with pytest.raises(ReadError) as err:
        read_document(path)
    assert time.perf_counter() - start < 5
    assert str(path) in str(err.value)
    assert err.value.code in EXIT_CODES
    return err.value.code


def test_missing(tmp_path):
    assert _code(tmp_path / "nope.txt") == "not_found"


def test_empty(write_bytes):
    assert _code(write_bytes("empty.docx", b"")) == "empty"


def test_whitespace_only(write_bytes):
    assert _code(write_bytes("blank.txt", b"  \n\n \t\n")) == "empty"


def test_garbage_named_docx(write_bytes):
    assert _code(write_bytes("garbage.docx", os.urandom(4096))) == "unsupported"


def test_directory(tmp_path):
    assert _code(tmp_path) == "unsupported"


def test_zip_that_is_not_word(tmp_path):
    path = tmp_path / "archive.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("hello.txt", "not a word document")
    assert _code(path) == "corrupt"


def test_truncated_zip(tmp_path):
    path = tmp_path / "cut.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("word/document.xml", "<w:document/>" * 1000)
    path.write_bytes(path.read_bytes()[:200])
    assert _code(path) == "corrupt"


def test_huge_text(tmp_path):
    path = tmp_path / "big.txt"
    with open(path, "wb") as fh:  # 50 MB, sparse, refused before it is read
        fh.truncate(50 * 1024 * 1024)
    assert _code(path) == "too_large"


def test_large_text_under_file_limit(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes(("Kế hoạch số 1\n" * 700_000).encode())  # ~12 MB of text
    assert _code(path) == "too_large"
