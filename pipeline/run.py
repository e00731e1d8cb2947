"""Compose the stages: ``read → normalize → segment → extract``.

>>> plan = extract_file("corpus/plans/2023-duc-pho-bcd-qcdc.txt")   # doctest: +SKIP
>>> plan.tasks[0].path
'II/1/1.1'
"""

from __future__ import annotations

from pathlib import Path

from pipeline.extract import extract
from pipeline.model import Plan, SourceDocument
from pipeline.normalize import build_text
from pipeline.read import read_document
from pipeline.segment import segment

__all__ = ["extract_file", "extract_source", "extract_text", "STAGES"]

STAGES = ("read", "normalize", "segment", "extract")


def extract_source(source: SourceDocument) -> Plan:
    """Extract a plan from blocks already read."""
    return extract(segment(build_text(source)))


def extract_file(path: str | Path) -> Plan:
    """Read and extract one plan file (.txt, .docx, and the formats whose readers are installed).

    Raises:
        pipeline.errors.ReadError: the file cannot be read (the message says why).
    """
    return extract_source(read_document(path))


def extract_text(text: str, name: str = "<text>") -> Plan:
    """Extract a plan from a string (handy in tests and notebooks)."""
    from pipeline.read.from_txt import read_txt

    return extract_source(read_txt(name, text.encode("utf-8")))
