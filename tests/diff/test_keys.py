"""Comparison keys."""

from __future__ import annotations

import pytest

from pipeline.diff.keys import (
    key_set,
    norm_text,
    norm_value,
    parent_path,
    party_names,
    ref_name,
    task_ref_names,
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("  Thị uỷ Đức Phổ. ", "thị ủy đức phổ"),
        ("Năm 2023;", "năm 2023"),
        ("Phòng Lao động – Thương binh", "phòng lao động - thương binh"),
        (None, ""),
        ("", ""),
    ],
)
def test_norm_text(value, expected):
    assert norm_text(value) == expected


def test_norm_text_same_key_for_both_spellings():
    assert norm_text("Quý II, III/ 2023.") == norm_text("quý ii, iii/ 2023")
    assert norm_text("Hoà giải") == norm_text("Hòa giải")


def test_norm_value_ignores_empty_keys_and_spelling():
    assert norm_value({"a": "Uỷ ban.", "b": None}) == norm_value({"a": "ủy ban"})
    assert norm_value({"year": 2023, "month": None}) != norm_value({"year": 2023, "month": 2})
    assert norm_value(["A;", "b"]) == ["a", "b"]


@pytest.mark.parametrize(
    ("path", "parent"), [("II/1/1.5", "II/1"), ("II", ""), ("II/2/a", "II/2"), ("", "")]
)
def test_parent_path(path, parent):
    assert parent_path(path) == parent


@pytest.mark.parametrize(
    ("ref", "name"),
    [
        ("120-KL/TW", "120-KL/TW"),
        ({"number": "33/CT-TTg", "key": "x"}, "33/CT-TTg"),
        ({"number": None, "key": "Luật thực hiện dân chủ cơ sở"}, "Luật thực hiện dân chủ cơ sở"),
        (
            {"number": None, "type": "Luật", "title": "thực hiện dân chủ cơ sở"},
            "Luật thực hiện dân chủ cơ sở",
        ),
        ({}, ""),
    ],
)
def test_ref_name(ref, name):
    assert ref_name(ref) == name


def test_party_and_reference_lists():
    group = {"raw": "x", "parties": [{"name": "Ban Dân vận Thị ủy"}, {"name": ""}, "Văn phòng"]}
    assert party_names(group) == ["Ban Dân vận Thị ủy", "Văn phòng"]
    assert party_names(None) == []
    assert task_ref_names({"references": ["120-KL/TW", {"number": "10/2022/QH15"}]}) == [
        "120-KL/TW",
        "10/2022/QH15",
    ]
    assert key_set(["Thị uỷ", "Thị ủy.", ""]) == {"thị ủy": "Thị uỷ"}
