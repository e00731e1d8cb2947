"""Word 97-2003 ``.doc`` files, through LibreOffice, then the .docx reader.

The dispatcher sends every OLE2 compound file here, so the container is checked first:

* an encrypted .docx/.xlsx is an OLE2 file holding an ``EncryptedPackage`` stream, and a
  password-protected .doc sets ``fEncrypted`` in its FIB: both raise ``ReadError("encrypted")``
  before LibreOffice is started (it would wait for a password);
* other OLE2 files (.xls, .ppt, .msg) raise ``ReadError("unsupported")``.

A Word document is then converted in a temporary folder::

    soffice --headless --convert-to docx --outdir TMP TMP/input.doc

with a private LibreOffice profile (so a running LibreOffice does not capture the job) and a
timeout; the .docx bytes go to :func:`pipeline.read.from_docx.read_docx`. "Kế hoạch 12.doc"
thus gives the same blocks as the .docx it was saved from, list numbers ("1.1.") and
footnotes included.
"""

from __future__ import annotations

import io
import logging
import os
import shutil
import signal
import subprocess
import tempfile
from dataclasses import replace
from pathlib import Path

from pipeline.errors import ReadError
from pipeline.model import SourceDocument
from pipeline.read import sha256_of

__all__ = ["read_doc", "convert_to_docx", "find_soffice", "inspect_ole"]

log = logging.getLogger(__name__)

MEDIA_TYPE = "application/msword"
# seconds for one conversion; a cold LibreOffice start takes 2-5 s, a long document more
CONVERT_TIMEOUT = float(os.environ.get("KEHOACH_SOFFICE_TIMEOUT", "120"))
INSTALL_HINT = (
    "LibreOffice is needed to read .doc files: install it (Debian/Ubuntu: "
    "apt-get install libreoffice-writer-nogui; macOS: brew install --cask libreoffice), "
    "or save the file as .docx"
)
# where LibreOffice lives when it is not on PATH
_SOFFICE_CANDIDATES = (
    "/usr/lib/libreoffice/program/soffice",
    "/opt/libreoffice/program/soffice",
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
    r"C:\Program Files\LibreOffice\program\soffice.exe",
)
# OLE2 stream names -> what the file is, for the "not a Word document" message
_OTHER_OLE = {
    "workbook": "an Excel workbook (.xls)",
    "book": "an Excel 5 workbook (.xls)",
    "powerpoint document": "a PowerPoint presentation (.ppt)",
    "__substg1.0_0037001f": "an Outlook message (.msg)",
}
# fEncrypted in the FIB flags (offset 0x0A of the WordDocument stream)
_FIB_ENCRYPTED = 0x0100


def inspect_ole(data: bytes) -> None:
    """Check an OLE2 compound file: return if it is a Word document LibreOffice can read.

    Raises:
        ReadError: ``encrypted`` (an ``EncryptedPackage`` stream, or a .doc whose FIB says
            encrypted), ``unsupported`` (another OLE2 format), ``corrupt``.
    """
    try:
        import olefile
    except ImportError:  # pragma: no cover - a declared dependency
        log.warning("olefile is not installed: encrypted OLE2 files are not detected")
        return
    try:
        ole = olefile.OleFileIO(io.BytesIO(data))
    except (OSError, ValueError, IndexError) as exc:
        raise ReadError(f"broken OLE2 container ({exc})", code="corrupt") from exc
    try:
        streams = {"/".join(entry).lower() for entry in ole.listdir(streams=True, storages=False)}
        if "encryptedpackage" in streams:
            raise ReadError(
                "the document is password-protected (an encrypted Office file); remove the password and retry",
                code="encrypted",
            )
        if "worddocument" not in streams:
            kind = next(
                (what for name, what in _OTHER_OLE.items() if name in streams),
                "not a Word document",
            )
            raise ReadError(f"{kind}, not a Word document", code="unsupported")
        fib = ole.openstream("WordDocument").read(12)
        if len(fib) >= 12 and int.from_bytes(fib[10:12], "little") & _FIB_ENCRYPTED:
            raise ReadError(
                "the .doc is password-protected; remove the password and retry", code="encrypted"
            )
    except (OSError, ValueError, IndexError) as exc:
        raise ReadError(f"broken OLE2 container ({exc})", code="corrupt") from exc
    finally:
        ole.close()


def find_soffice() -> str:
    """The LibreOffice executable, or ``ReadError(code="tool_missing")`` saying how to get it."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    for candidate in _SOFFICE_CANDIDATES:
        if os.access(candidate, os.X_OK):
            return candidate
    raise ReadError(INSTALL_HINT, code="tool_missing")


def convert_to_docx(
    data: bytes, *, timeout: float = CONVERT_TIMEOUT, suffix: str = ".doc"
) -> bytes:
    """Convert a word-processor file to .docx bytes with LibreOffice headless.

    Raises:
        ReadError: ``tool_missing`` (no LibreOffice), ``timeout``, ``corrupt`` (LibreOffice
            wrote no output).
    """
    soffice = find_soffice()
    with tempfile.TemporaryDirectory(prefix="kehoach-doc-") as tmp:
        folder = Path(tmp)
        source = folder / f"input{suffix}"
        source.write_bytes(data)
        out_dir = folder / "out"
        cmd = [
            soffice,
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--nodefault",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(out_dir),
            str(source),
        ]
        # the soffice launcher script needs the usual tools (dirname, sed) on PATH
        env = {
            **os.environ,
            "HOME": tmp,
            "PATH": os.pathsep.join(filter(None, (os.environ.get("PATH"), os.defpath))),
        }
        proc = subprocess.Popen(
            cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, start_new_session=True
        )
        try:
            _, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired as exc:
            _kill_group(proc)
            raise ReadError(
                f"LibreOffice did not convert the file within {timeout:.0f} s "
                "(set KEHOACH_SOFFICE_TIMEOUT to allow more)",
                code="timeout",
            ) from exc
        result = out_dir / "input.docx"
        if not result.exists():
            detail = err.decode("utf-8", "replace").strip().splitlines()[-1:] or [
                f"exit {proc.returncode}"
            ]
            raise ReadError(f"LibreOffice could not convert the file ({detail[0]})", code="corrupt")
        return result.read_bytes()


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        proc.kill()
    proc.communicate()


def read_doc(path: str, data: bytes) -> SourceDocument:
    """Read a Word 97-2003 .doc through LibreOffice and the .docx reader.

    Raises:
        ReadError: ``encrypted``, ``unsupported``, ``tool_missing``, ``timeout``, ``corrupt``.
    """
    inspect_ole(data)
    docx = convert_to_docx(data)
    from pipeline.read.from_docx import read_docx

    doc = read_docx(path, docx)
    return replace(
        doc,
        media_type=MEDIA_TYPE,
        sha256=sha256_of(data),
        meta=(*doc.meta, ("converted_by", "LibreOffice")),
    )
