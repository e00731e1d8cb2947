"""Fixtures for the plan diff tests: the seed plan, and small plan and task builders.

Most tests pass ``tokenizer=syllable_spans`` to :func:`diff_plans` so that they do not depend
on underthesea; the tests of :mod:`pipeline.diff.words` cover the underthesea path.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from pipeline.diff import diff_plans
from pipeline.diff.changes import PlanDiff
from pipeline.diff.words import syllable_spans

ROOT = Path(__file__).resolve().parents[2]
SEED_GOLD = ROOT / "corpus/plans/2023-duc-pho-bcd-qcdc.gold.json"


@cache
def _seed() -> str:
    return SEED_GOLD.read_text(encoding="utf-8")


@pytest.fixture
def seed() -> dict[str, Any]:
    """The Đức Phổ draft plan (gold annotation: a valid plan dict), a fresh copy per test."""
    return json.loads(_seed())


def make_task(
    path: str,
    text: str,
    *,
    lead: tuple[str, ...] = ("Trưởng Ban Chỉ đạo thị xã",),
    executors: tuple[str, ...] = ("Ban Dân vận Thị ủy",),
    timeline: tuple[str, str, str | None, str | None] = (
        "Năm 2023",
        "year",
        "2023-01-01",
        "2023-12-31",
    ),
    references: tuple[str, ...] = (),
) -> dict[str, Any]:
    raw, kind, start, end = timeline
    return {
        "path": path,
        "number": path.rpartition("/")[2],
        "text": text,
        "lead": {"raw": "; ".join(lead), "parties": [{"name": n} for n in lead]},
        "executors": {
            "raw": "; ".join(executors),
            "parties": [{"name": n} for n in executors],
            "and_related": False,
        },
        "timeline": {"raw": raw, "kind": kind, "start": start, "end": end},
        "references": list(references),
    }


def make_plan(
    tasks: list[dict[str, Any]],
    sections: list[tuple[str, str]] | None = None,
    document: dict[str, Any] | None = None,
    references: list[str] | None = None,
) -> dict[str, Any]:
    """A plan dict; sections default to the parents of the tasks, headed by their path."""
    if sections is None:
        parents = dict.fromkeys(t["path"].rpartition("/")[0] for t in tasks)
        sections = [(p, f"Mục {p}") for p in parents if p]
    return {
        "document": document or {"number": None, "draft": True, "date": {"year": 2023}},
        "sections": [
            {"path": p, "number": p.rpartition("/")[2], "heading": h} for p, h in sections
        ],
        "tasks": tasks,
        "references": [{"number": r, "type": None} for r in references or ()],
    }


# Distinct task texts in the style of the seed plan (pairwise cosine well under 0.35).
TEXTS = (
    "Tiếp tục quán triệt, nâng cao nhận thức, trách nhiệm của các cấp ủy về phát huy dân chủ ở cơ sở.",
    "Xây dựng Kế hoạch giám sát của Ban Chỉ đạo năm 2023 đối với các xã, phường trọng điểm.",
    "Tổ chức tập huấn nghiệp vụ công tác dân vận cho cán bộ chủ chốt các phòng, ban, đơn vị.",
    "Đánh giá, xếp loại Ban Chỉ đạo thực hiện Quy chế dân chủ ở cơ sở các xã, phường.",
    "Biểu dương, nhân rộng các mô hình, điển hình Dân vận khéo trong thực hiện nhiệm vụ.",
    "Rà soát thủ tục hành chính, công khai quy trình giải quyết hồ sơ tại bộ phận một cửa.",
    "Thực hiện nghiêm túc tham vấn cộng đồng khi lập quy hoạch, dự án ảnh hưởng đến đời sống người dân.",
    "Tổng kết việc thực hiện Quy chế dân chủ ở cơ sở năm 2023 và triển khai nhiệm vụ năm 2024.",
)


@pytest.fixture(scope="session")
def texts() -> tuple[str, ...]:
    return TEXTS


@pytest.fixture(scope="session")
def diff() -> Callable[..., PlanDiff]:
    """``diff(old, new)``: :func:`diff_plans` with syllable word edits (no underthesea)."""

    def run(old: dict[str, Any], new: dict[str, Any]) -> PlanDiff:
        return diff_plans(copy.deepcopy(old), copy.deepcopy(new), tokenizer=syllable_spans)

    return run


def changes(result: PlanDiff) -> list[tuple[str, str | None, str | None, tuple[str, ...]]]:
    """``(change, from, to, fields)`` of every task change, as the contract has them."""
    return [(str(c.change), c.old_path, c.new_path, c.fields) for c in result.tasks]


@pytest.fixture(scope="session", name="changes")
def changes_fixture() -> Callable[
    [PlanDiff], list[tuple[str, str | None, str | None, tuple[str, ...]]]
]:
    return changes


@pytest.fixture(scope="session", name="make_task")
def make_task_fixture() -> Callable[..., dict[str, Any]]:
    return make_task


@pytest.fixture(scope="session", name="make_plan")
def make_plan_fixture() -> Callable[..., dict[str, Any]]:
    return make_plan
