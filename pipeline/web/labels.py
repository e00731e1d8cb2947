"""Vietnamese words the pages show: labels of codes, dates as ``dd/mm/yyyy``, highlights.

Every function returning markup escapes its input first (``markupsafe.escape``), so text from
documents is never read as HTML.
"""

from __future__ import annotations

import functools
from datetime import date
from typing import Any

from markupsafe import Markup, escape

from pipeline.store.search import HL_END, HL_START

__all__ = [
    "KIND_LABELS",
    "ERROR_LABELS",
    "FIELD_LABELS",
    "STATUS_LABELS",
    "CHANGE_LABELS",
    "HEADER_LABELS",
    "header_value",
    "vn_date",
    "plan_date",
    "highlight",
    "doc_label",
    "doc_number",
    "number",
    "vn_time",
    "show_value",
]

KIND_LABELS = {
    "continuous": "Thường xuyên",
    "year": "Cả năm",
    "quarter": "Theo quý",
    "half": "Nửa năm",
    "month": "Theo tháng",
    "deadline": "Hạn chót",
    "range": "Khoảng thời gian",
    "periodic": "Định kỳ",
    "unspecified": "Chưa xác định",
}

ERROR_LABELS = {
    "not_found": "không tìm thấy tệp",
    "empty": "tệp rỗng, không có chữ",
    "unsupported": "định dạng không được hỗ trợ",
    "corrupt": "tệp hỏng",
    "encrypted": "tệp có mật khẩu",
    "too_large": "tệp quá lớn",
    "unsafe_xml": "tệp chứa XML không an toàn",
    "encoding": "không đọc được bảng mã",
    "not_a_plan": "không phải văn bản kế hoạch",
    "invalid_output": "kết quả trích xuất không hợp lệ",
    "tool_missing": "thiếu công cụ (LibreOffice hoặc Tesseract)",
    "timeout": "quá thời gian xử lý",
    "unreadable": "không đọc được tệp",
    "usage": "yêu cầu không hợp lệ",
    "error": "lỗi không mong đợi",
}

FIELD_LABELS = {
    "lead": "Chủ trì",
    "executors": "Phối hợp, thực hiện",
    "timeline": "Thời gian",
    "references": "Văn bản dẫn chiếu",
    "span": "Ranh giới nhiệm vụ",
}

CHANGE_LABELS = {
    "added": "Thêm mới",
    "removed": "Bỏ",
    "modified": "Sửa đổi",
    "renumbered": "Đánh số lại",
    "moved": "Chuyển mục",
    "split": "Tách",
    "merged": "Gộp",
    "unchanged": "Giữ nguyên",
}

HEADER_LABELS = {
    "system": "Hệ thống",
    "doc_type": "Loại văn bản",
    "number": "Số",
    "symbol": "Ký hiệu",
    "issuer": "Cơ quan ban hành",
    "parent_issuer": "Cơ quan cấp trên",
    "place": "Nơi ban hành",
    "date": "Ngày ban hành",
    "title": "Trích yếu",
    "draft": "Dự thảo",
    "signer": "Người ký",
    "attachment": "Văn bản kèm theo",
    "recipients": "Nơi nhận",
}

STATUS_LABELS = {
    "applied": "đang áp dụng",
    "agrees": "trích xuất mới đã khớp",
    "disagrees": "trích xuất mới khác, cần xem lại",
    "orphan": "nhiệm vụ không còn trong bản trích xuất",
}


def vn_date(iso: str | None) -> str:
    """``2024-06-30`` → ``30/06/2024``; ``2024-06`` → ``06/2024``; empty for none."""
    if not iso:
        return ""
    parts = iso[:10].split("-")
    return "/".join(reversed(parts))


def plan_date(year: int | None, month: int | None, day: int | None) -> str:
    if year is None:
        return ""
    if month is None:
        return f"{year}"
    if day is None:
        return f"{month:02d}/{year}"
    return date(year, month, day).strftime("%d/%m/%Y")


def highlight(snippet: str) -> Markup:
    """A search snippet with its match marks as ``<mark>``; everything else escaped."""
    out: list[str] = []
    for i, piece in enumerate(str(snippet).split(HL_START)):
        if i == 0:
            out.append(str(escape(piece)))
            continue
        marked, _, rest = piece.partition(HL_END)
        out.append(f"<mark>{escape(marked)}</mark>{escape(rest)}")
    return Markup("".join(out))


def doc_number(number: str | None, symbol: str | None) -> str:
    """``12`` + ``KH/TU`` → ``12-KH/TU``; ``12`` + ``KH-UBND`` → ``12/KH-UBND``; a draft
    without a number → ``…/KH-UBND``."""
    if number and symbol:
        return f"{number}-{symbol}" if "/" in symbol else f"{number}/{symbol}"
    if symbol:
        return f"…/{symbol}"
    return number or ""


def doc_label(doc_type: str | None, number: str | None, symbol: str | None) -> str:
    """``Kế hoạch số 12-KH/TU``; ``Kế hoạch`` when it has no number."""
    kind = doc_type or "Văn bản"
    written = doc_number(number, symbol)
    return f"{kind} số {written}" if written else kind


def number(n: int | None) -> str:
    """``12345`` → ``12.345`` (the Vietnamese thousands separator)."""
    return "" if n is None else f"{n:,}".replace(",", ".")


def vn_time(iso: str | None) -> str:
    """``2026-12-04T15:30:00+00:00`` → ``04/12/2026 15:30 (UTC)``."""
    if not iso:
        return ""
    from datetime import datetime

    try:
        moment = datetime.fromisoformat(iso)
    except ValueError:
        return iso
    zone = " (UTC)" if moment.utcoffset() is not None and not moment.utcoffset() else ""
    return moment.strftime("%d/%m/%Y %H:%M") + zone


def show_value(value: object, field: str) -> str:
    """A correction's value as one line of text."""
    if value is None:
        return ""
    if field in ("lead", "executors") and isinstance(value, dict):
        names = "; ".join(p.get("name", "") for p in value.get("parties") or [])
        return names + (" và các đơn vị liên quan" if value.get("and_related") else "")
    if field == "timeline" and isinstance(value, dict):
        return value.get("raw") or ""
    if field == "references" and isinstance(value, list):
        return "; ".join(str(v) for v in value)
    if field == "span" and isinstance(value, list):
        return f"ký tự {value[0]}–{value[1]}"
    return str(value)


def header_value(value: object) -> str:
    """A header field of the plan diff as Vietnamese text (dates, yes/no, lists, people)."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return "có" if value else "không"
    if isinstance(value, dict):
        if "year" in value:
            return plan_date(value.get("year"), value.get("month"), value.get("day")) or "—"
        return " · ".join(str(v) for v in value.values() if v) or "—"
    if isinstance(value, list | tuple):
        return "; ".join(str(v) for v in value)
    return str(value)


ROLE_LABELS = {
    "reader": "Người đọc",
    "editor": "Biên tập viên",
    "admin": "Quản trị viên",
}


@functools.lru_cache(maxsize=512)
def facet_options(
    items: tuple[tuple[Any, int | None], ...], selected: str, kinds: bool = False
) -> Markup:
    """The ``<option>`` elements of one facet (value, count), the chosen one selected; made
    once per facet list and choice (the same few hundred options on every search page)."""
    out = []
    for value, n in items:
        label = KIND_LABELS.get(value, value) if kinds else value
        count = "" if n is None else f" ({number(n)})"
        chosen = " selected" if str(value) == selected else ""
        out.append(f'<option value="{escape(value)}"{chosen}>{escape(label)}{count}</option>')
    return Markup("".join(out))
