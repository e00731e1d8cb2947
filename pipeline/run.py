"""Compose the stages: ``read → normalize → segment → extract``.

>>> plan = extract_file("corpus/plans/2023-duc-pho-bcd-qcdc.txt")   # doctest: +SKIP
>>> plan.tasks[0].path   # doctest: +SKIP
'II/1/1.1'
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from pipeline.errors import NotAPlanError
from pipeline.extract import Tools, extract
from pipeline.model import Plan, SourceDocument
from pipeline.normalize import build_text
from pipeline.read import read_document
from pipeline.segment import segment

__all__ = ["default_tools", "baseline_tools", "extract_file", "extract_source", "extract_text", "extract_to_dict", "STAGES", "run_until"]


@cache
def default_tools() -> Tools:
    """The spaCy pipeline of :mod:`pipeline.nlp` and the rule-based party parser on it, built once
    per process."""
    from pipeline.extract.parties import rules_parser
    from pipeline.nlp import load_nlp

    nlp = load_nlp()
    return Tools(nlp=nlp, parse_parties=rules_parser(nlp))


def baseline_tools() -> Tools:
    """The default tools with the string-splitting party parser: what ``kehoach eval --ablation``
    compares the pipeline with."""
    from pipeline.extract.parties import baseline_parties
    from pipeline.extract.tools import with_parser

    return with_parser(default_tools(), baseline_parties)


def extract_source(source: SourceDocument, tools: Tools | None = None) -> Plan:
    """Extract a plan from blocks already read (and check its items: :mod:`pipeline.plausibility`),
    with ``tools`` or :func:`default_tools`."""
    from dataclasses import replace

    from pipeline.plausibility import check_items

    plan = extract(segment(build_text(source)), tools or default_tools())
    doubts = check_items(plan)
    return replace(plan, issues=plan.issues + doubts) if doubts else plan


STAGES = ("read", "normalize", "segment", "extract")


def run_until(path: str | Path, stage: str, tools: Tools | None = None) -> Any:
    """What ``stage`` produces for a file: the blocks read (a :class:`SourceDocument`), the
    normalized :class:`~pipeline.model.Text`, the :class:`~pipeline.model.Outline`, or the
    :class:`Plan` (``kehoach debug`` prints it).

    Raises:
        ValueError: ``stage`` is not one of :data:`STAGES`.
    """
    if stage not in STAGES:
        raise ValueError(f"unknown stage {stage!r}: one of {', '.join(STAGES)}")
    out: Any = read_document(path)
    if stage == "read":
        return out
    out = build_text(out)
    if stage == "normalize":
        return out
    out = segment(out)
    if stage == "segment":
        return out
    return extract(out, tools or default_tools())


def extract_file(path: str | Path, data: bytes | None = None, tools: Tools | None = None) -> Plan:
    """Read and extract one plan file (.txt, .docx, and the formats whose readers are installed);
    with ``data``, those bytes are the file and ``path`` only names it.

    Raises:
        pipeline.errors.ReadError: the file cannot be read (the message says why).
    """
    return extract_source(read_document(path, data), tools)


def extract_text(text: str, name: str = "<text>") -> Plan:
    """Extract a plan from a string (handy in tests and notebooks)."""
    from pipeline.read.from_txt import read_txt

    return extract_source(read_txt(name, text.encode("utf-8")))


def extract_to_dict(
    path: str | Path,
    validate: bool = True,
    require_plan: bool = True,
    data: bytes | None = None,
    tools: Tools | None = None,
) -> dict[str, Any]:
    """Extract one file to its contract dict, validated against the plan schema.

    With ``require_plan``, a text with no header, outline or reference is refused
    (``not_a_plan``); evaluation passes ``False`` to score such pages as ``document: null``.

    Raises:
        pipeline.errors.PipelineError: with a ``code`` the CLI maps to its exit status.
    """
    from pipeline.export import plan_to_dict
    from pipeline.validate import check_plan

    plan = extract_file(path, data, tools)
    if require_plan and plan.document is None and not plan.tasks and not plan.sections and not plan.references:
        raise NotAPlanError(
            "not a plan or official document: no header, numbered outline or legal reference found",
            path=str(path),
        )
    data = plan_to_dict(plan)
    if validate:
        check_plan(data, str(path))
    return data
