"""The HTML page: self-contained, escaped, side by side, unchanged tasks folded."""

from __future__ import annotations

from html.parser import HTMLParser

from pipeline.diff.render_html import render_html

VOID = {"meta", "br", "col", "hr", "img", "input", "link"}


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.seen: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.seen.append(tag)
        self.attrs += attrs
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"unexpected </{tag}> in {self.stack[-3:]}")
        else:
            self.stack.pop()


def _parse(page: str) -> _Tags:
    parser = _Tags()
    parser.feed(page)
    parser.close()
    return parser


def test_page(make_task, make_plan, texts, diff):
    old = make_plan([make_task("II/1/1.1", texts[0]), make_task("II/1/1.2", texts[1]),
                     make_task("II/1/1.3", texts[3])])  # fmt: skip
    new = make_plan(
        [make_task("II/1/1.1", texts[0].replace("nâng cao", "không ngừng nâng cao")),
         make_task("II/1/1.2", texts[1]), make_task("II/1/1.3", texts[3] + " <b>&</b>"),
         make_task("II/1/1.4", "<script>alert('x')</script> Tổ chức hội nghị")],
        document={"number": "45", "draft": False, "date": {"year": 2023}},
    )  # fmt: skip
    page = render_html(diff(old, new))
    tags = _parse(page)
    assert tags.errors == [] and tags.stack == []
    assert "script" not in tags.seen  # plan text escaped
    assert "&lt;script&gt;" in page and "&lt;b&gt;&amp;&lt;/b&gt;" in page
    assert not any(k in ("src", "href") for k, _ in tags.attrs)  # no external asset
    assert "http://" not in page and "https://" not in page and "@import" not in page
    assert "<ins>không ngừng</ins>" in page
    assert "<details><summary>1 nhiệm vụ giữ nguyên" in page
    assert page.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in page
    assert "<b>1</b><span>Thêm mới" in page


def test_empty_diff_page(seed, diff):
    page = render_html(diff(seed, seed))
    assert "Không có nhiệm vụ nào thay đổi" in page and _parse(page).errors == []
