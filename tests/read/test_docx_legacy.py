"""Word files typed in legacy Vietnamese fonts: runs are converted by their font name."""

import docx
import pytest

from pipeline.read import read_document
from pipeline.read.legacy import encode_tcvn3, encode_vni

TEXT = "Kế hoạch thực hiện Quy chế dân chủ ở cơ sở năm 2023"


@pytest.mark.parametrize(
    ("encode", "font"),
    [(encode_tcvn3, ".VnTime"), (encode_vni, "VNI-Times")],
)
def test_runs_in_a_legacy_font(tmp_path, encode, font):
    d = docx.Document()
    run = d.add_paragraph().add_run(encode(TEXT))
    run.font.name = font
    d.add_paragraph().add_run("Văn bản Unicode giữ nguyên").font.name = "Times New Roman"
    path = tmp_path / "legacy.docx"
    d.save(path)
    assert [b.text for b in read_document(path).blocks] == [TEXT, "Văn bản Unicode giữ nguyên"]


def test_font_from_the_paragraph_style(tmp_path):
    d = docx.Document()
    d.styles["Normal"].font.name = ".VnTime"
    d.add_paragraph(encode_tcvn3(TEXT))
    path = tmp_path / "styled.docx"
    d.save(path)
    assert [b.text for b in read_document(path).blocks] == [TEXT]


def test_unicode_under_a_legacy_font_name_is_left_alone(tmp_path):
    d = docx.Document()
    d.add_paragraph().add_run(TEXT).font.name = ".VnTime"  # a common leftover of old templates
    path = tmp_path / "mixed.docx"
    d.save(path)
    assert [b.text for b in read_document(path).blocks] == [TEXT]
