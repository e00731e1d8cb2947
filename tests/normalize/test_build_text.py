from pipeline.model import Block, BlockKind, NoteRef, SourceDocument
from pipeline.normalize import build_text


def _doc(*blocks: Block) -> SourceDocument:
    return SourceDocument("x.txt", "text/plain", "0" * 64, tuple(blocks))


def test_label_joined_and_nfc():
    text = build_text(_doc(Block("Tiê\u0301p tục", label="1.1.")))
    assert text.text == "1.1. Tiếp tục"


def test_footnotes_after_body_and_marks_kept_as_offsets():
    body = Block("theo Quyết định số 217-QĐ/TW, ngày 12/12/2013", note_refs=(NoteRef(28, "1"),))
    note = Block("ban hành Quy chế giám sát", kind=BlockKind.FOOTNOTE, note_id="1")
    text = build_text(_doc(note, body))
    assert text.line_text(0).startswith("theo Quyết định")
    assert text.lines[1].kind == BlockKind.FOOTNOTE
    (offset, note_id), = text.note_refs
    assert note_id == "1" and text.text[:offset].endswith("217-QĐ/TW")
    assert dict(text.notes) == {"1": "ban hành Quy chế giám sát"}


def test_blank_blocks_dropped_and_lines_trimmed():
    text = build_text(_doc(Block("  a\t"), Block("   "), Block("b")))
    assert [text.line_text(i) for i in range(len(text.lines))] == ["a", "b"]
    for line in text.lines:
        assert text.text[line.start : line.end].strip() == text.text[line.start : line.end]


def test_note_mark_after_a_line_break():
    body = Block("dòng một\ndòng hai có dấu", note_refs=(NoteRef(len("dòng một\ndòng hai"), "1"),))
    note = Block("chú thích", kind=BlockKind.FOOTNOTE, note_id="1")
    text = build_text(_doc(body, note))
    (offset, _), = text.note_refs
    assert text.line_text(1) == "dòng hai có dấu"
    assert text.text[:offset].endswith("dòng hai")
