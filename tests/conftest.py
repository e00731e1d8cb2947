"""Shared fixtures: paths into the repository's corpus, the seed plan extracted once per session,
and the shared corpus beside the repository when it is there (never required)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
SEED_TXT = CORPUS / "plans" / "2023-duc-pho-bcd-qcdc.txt"
SEED_DOCX = CORPUS / "formats" / "2023-duc-pho-bcd-qcdc.docx"
SEED_GOLD = CORPUS / "plans" / "2023-duc-pho-bcd-qcdc.gold.json"
SHARED_CORPUS = ROOT.parent / "shared" / "corpus"


@pytest.fixture(scope="session")
def seed_gold() -> dict[str, Any]:
    return json.loads(SEED_GOLD.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def seed_plan() -> dict[str, Any]:
    from pipeline.export import plan_to_dict
    from pipeline.run import extract_file

    return plan_to_dict(extract_file(SEED_TXT))


@pytest.fixture(scope="session")
def nlp():
    from pipeline.nlp import load_nlp

    return load_nlp()


@pytest.fixture
def write_bytes(tmp_path: Path):
    def make(name: str, data: bytes) -> Path:
        path = tmp_path / name
        path.write_bytes(data)
        return path

    return make
