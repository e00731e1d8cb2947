#!/usr/bin/env python3
"""Benchmark ``kehoach diff``: two generated 300-task plans, median of repeated runs.

usage: python bench/bench_diff.py [--tasks 300] [--repeat 7] [--seed 2023] [--syllables]

The old plan has ``--tasks`` tasks in 10 sections, written from a vocabulary of plan phrases;
the new plan applies every kind of edit to it (text edits, added, removed, moved across
sections, reordered, split, merged, lead/executor/timeline changes, renumbering, header changes).
The timed step is ``diff_plans`` + the JSON rendering; a warm-up run (underthesea model loading)
is reported separately and left out of the median. Target: median ≤ 1 s for 300 tasks.
"""

from __future__ import annotations

import argparse
import copy
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline.diff import diff_plans, render_diff  # noqa: E402
from pipeline.diff.render_json import summary_counts  # noqa: E402
from pipeline.diff.words import syllable_spans  # noqa: E402

VERBS = (
    "Tiếp tục quán triệt", "Tổ chức triển khai", "Đẩy mạnh tuyên truyền", "Nâng cao chất lượng",
    "Kiểm tra, giám sát", "Xây dựng kế hoạch", "Tổng kết, đánh giá", "Củng cố, kiện toàn",
    "Rà soát, bổ sung", "Phối hợp thực hiện", "Hướng dẫn triển khai", "Biểu dương, khen thưởng",
)  # fmt: skip
OBJECTS = (
    "Quy chế dân chủ ở cơ sở", "công tác dân vận", "cải cách hành chính", "chuyển đổi số",
    "phòng, chống tham nhũng", "tiếp công dân", "đối thoại trực tiếp với Nhân dân",
    "phong trào thi đua Dân vận khéo", "xây dựng nông thôn mới", "an ninh trật tự",
    "giảm nghèo bền vững", "bảo vệ môi trường", "phổ biến, giáo dục pháp luật",
    "hòa giải ở cơ sở", "giám sát đầu tư của cộng đồng", "văn hóa công sở",
)  # fmt: skip
TAILS = (
    "gắn với thực hiện nhiệm vụ chính trị của địa phương", "trong các cơ quan, đơn vị",
    "đến cán bộ, đảng viên và Nhân dân", "tại các xã, phường, thị trấn",
    "nhất là người đứng đầu cấp ủy, chính quyền", "bảo đảm thiết thực, hiệu quả",
    "theo đúng quy định của pháp luật", "trên địa bàn thị xã", "trong doanh nghiệp ngoài Nhà nước",
    "gắn với sơ kết, tổng kết hằng năm", "kịp thời tháo gỡ khó khăn, vướng mắc",
)  # fmt: skip
PARTIES = (
    "Ban Dân vận Thị ủy", "Văn phòng thị xã", "Phòng Nội vụ thị xã", "Phòng Tư pháp thị xã",
    "Ủy ban Mặt trận Tổ quốc thị xã", "Liên đoàn Lao động thị xã", "Thanh tra thị xã",
    "Phòng Tài chính - Kế hoạch thị xã", "Trưởng Ban Chỉ đạo thị xã",
    "Phó Trưởng Ban Thường trực Ban Chỉ đạo thị xã", "Ban Chỉ đạo các xã, phường",
)  # fmt: skip
TIMELINES = (
    ("Thường xuyên", "continuous", None, None), ("Năm 2023", "year", "2023-01-01", "2023-12-31"),
    ("Quý I/2023", "quarter", "2023-01-01", "2023-03-31"),
    ("Quý II/2023", "quarter", "2023-04-01", "2023-06-30"),
    ("Quý III/2023", "quarter", "2023-07-01", "2023-09-30"),
    ("Quý IV/2023", "quarter", "2023-10-01", "2023-12-31"),
    ("Tháng 5/2023", "month", "2023-05-01", "2023-05-31"),
)  # fmt: skip


# Two-syllable words of plan prose; with the phrases above they give texts that differ from one
# task to the next about as much as real ones do (cosine of two different tasks mostly < 0.3).
_PROSE = """
cán bộ đảng viên nhân dân cơ quan đơn vị địa phương chính quyền cấp ủy tổ chức đoàn thể
mặt trận thanh niên phụ nữ nông dân cựu chiến binh công đoàn doanh nghiệp hợp tác xã người dân
hộ gia đình thôn xóm khu phố trường học bệnh viện trạm y tế chợ đầu mối đường giao thông
thủy lợi điện lực nước sạch rác thải môi trường đất đai xây dựng quy hoạch dự án đầu tư
ngân sách tài chính kế toán thuế phí hồ sơ thủ tục dịch vụ công trực tuyến một cửa liên thông
chữ ký số dữ liệu phần mềm hạ tầng mạng lưới camera an ninh trật tự phòng cháy chữa cháy
thiên tai lũ lụt hạn hán dịch bệnh tiêm chủng bảo hiểm y tế xã hội việc làm đào tạo nghề
giảm nghèo nhà ở văn hóa thể thao du lịch lễ hội di tích khuyến học khuyến tài gia đình
trẻ em người cao tuổi người khuyết tật chính sách ưu đãi khiếu nại tố cáo kiến nghị phản ánh
hòa giải tư pháp hộ tịch chứng thực pháp luật tuyên truyền báo cáo sơ kết tổng kết thi đua
khen thưởng kỷ luật kiểm tra giám sát thanh tra kiểm toán đánh giá xếp loại chỉ tiêu kế hoạch
đề án chương trình mô hình điểm nhân rộng sáng kiến kinh nghiệm hội nghị tập huấn bồi dưỡng
"""
_SYLLABLES = _PROSE.split()
WORDS = tuple(f"{a} {b}" for a, b in zip(_SYLLABLES[::2], _SYLLABLES[1::2], strict=False))
_WEIGHTS = tuple(1.0 / (rank + 1) ** 0.5 for rank in range(len(WORDS)))  # Zipf-like


def _sentence(rng: random.Random) -> str:
    parts = [rng.choice(VERBS)]
    if rng.random() < 0.5:
        parts.append(rng.choice(OBJECTS))
    k = rng.randint(4, 12)
    parts += rng.choices(WORDS, weights=_WEIGHTS, k=k)
    if rng.random() < 0.5:
        parts.append(rng.choice(TAILS))
    return " ".join(parts)


def _text(rng: random.Random) -> str:
    return ". ".join(_sentence(rng) for _ in range(rng.randint(1, 3))) + "."


def _group(rng: random.Random, k: int) -> dict[str, Any]:
    names = rng.sample(PARTIES, k)
    return {"raw": "; ".join(names), "parties": [{"name": n} for n in names], "and_related": False}


def _timeline(rng: random.Random) -> dict[str, Any]:
    raw, kind, start, end = rng.choice(TIMELINES)
    return {"raw": raw, "kind": kind, "start": start, "end": end}


def make_plan(n_tasks: int, rng: random.Random, sections: int = 10) -> dict[str, Any]:
    secs = [{"path": f"II/{s + 1}", "number": str(s + 1), "heading": _sentence(rng)}
            for s in range(sections)]  # fmt: skip
    tasks = []
    for k in range(n_tasks):
        tasks.append({
            "section": k * sections // n_tasks,
            "text": _text(rng),
            "lead": _group(rng, 1),
            "executors": _group(rng, rng.randint(1, 3)),
            "timeline": _timeline(rng),
            "references": [f"{rng.randint(1, 999)}-KH/TU"] if rng.random() < 0.2 else [],
        })  # fmt: skip
    return _numbered({"document": {"number": None, "draft": True, "date": {"year": 2023}},
                      "sections": secs, "tasks": tasks})  # fmt: skip


def _numbered(plan: dict[str, Any]) -> dict[str, Any]:
    """Give every task its path and number from its section and its order in it, sections in order."""
    _renumber(plan)
    plan["tasks"].sort(key=lambda t: (t["section"], int(t["number"].split(".")[1])))
    return plan


def edit_plan(old: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """A later version of ``old`` with every kind of change."""
    new = copy.deepcopy(old)
    tasks = new["tasks"]
    n = len(tasks)
    picks = rng.sample(range(n), 80)
    edit, retime, relead, reexec, move = (picks[0:15], picks[15:35], picks[35:45], picks[45:55],
                                          picks[55:60])  # fmt: skip
    for k in edit:
        words = tasks[k]["text"].split(" ")
        words[rng.randrange(len(words))] = rng.choice(("tích cực", "hiệu quả", "đồng bộ"))
        tasks[k]["text"] = " ".join(words)
    for k in retime:
        tasks[k]["timeline"] = _timeline(rng)
    for k in relead:
        tasks[k]["lead"] = _group(rng, 1)
    for k in reexec:
        tasks[k]["executors"] = _group(rng, 2)
    for k in move:
        tasks[k]["section"] = (tasks[k]["section"] + 1) % len(new["sections"])
    for k in picks[60:63]:  # split: the second half becomes a task of its own
        words = tasks[k]["text"].split(" ")
        half = len(words) // 2
        tasks[k]["text"] = " ".join(words[:half]) + "."
        tasks.append({**copy.deepcopy(tasks[k]), "text": " ".join(words[half:])})
    for a, b in zip(picks[63:66], picks[66:69], strict=True):  # merge b into a
        tasks[a]["text"] += " " + tasks[b]["text"]
        tasks[b]["drop"] = True
    for k in picks[69:79]:  # removed
        tasks[k]["drop"] = True
    tasks[:] = [t for t in tasks if not t.get("drop")]
    for k in picks[79:80] + rng.sample(range(len(tasks)), 9):  # added
        k = min(k, len(tasks) - 1)  # a pick of the original list may be past the end after removals
        tasks.insert(k, {**copy.deepcopy(tasks[k]), "text": _text(rng)})
    for _ in range(3):  # reordered within a section (the order key is the list order)
        k = rng.randrange(len(tasks) - 1)
        tasks[k], tasks[k + 1] = tasks[k + 1], tasks[k]
    for order, task in enumerate(tasks):
        task["number"] = f"{task['section'] + 1}.{order}"
    tasks.sort(key=lambda t: (t["section"], int(t["number"].split(".")[1])))
    for task in tasks:
        task["number"] = "0.0"
    new["document"] = {
        "number": "45",
        "draft": False,
        "date": {"year": 2023, "month": 2, "day": 15},
    }
    return _renumber(new)


def _renumber(plan: dict[str, Any]) -> dict[str, Any]:
    """Number every task by its section and its order in it, keeping the tasks' order."""
    counters: dict[int, int] = {}
    for task in plan["tasks"]:
        s = task["section"]
        counters[s] = counters.get(s, 0) + 1
        task["number"] = f"{s + 1}.{counters[s]}"
        task["path"] = f"II/{s + 1}/{task['number']}"
    return plan


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--seed", type=int, default=2023)
    parser.add_argument(
        "--syllables", action="store_true", help="word edits by syllable (no underthesea)"
    )
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    old = make_plan(args.tasks, rng)
    new = edit_plan(old, rng)
    tokenizer = syllable_spans if args.syllables else None

    def run() -> tuple[float, Any]:
        start = time.perf_counter()
        diff = diff_plans(old, new, tokenizer=tokenizer)
        render_diff(diff, "json")
        return time.perf_counter() - start, diff

    cold, diff = run()
    times = [run()[0] for _ in range(args.repeat)]
    counts = summary_counts(diff)
    median = statistics.median(times)
    rows = [
        ("old / new tasks", f"{len(old['tasks'])} / {len(new['tasks'])}"),
        ("changes", ", ".join(f"{k} {v}" for k, v in counts.items() if v)),
        ("word edits", "syllables" if args.syllables else "underthesea (fallback: syllables)"),
        ("first run (warm-up)", f"{cold:.3f} s"),
        (f"median of {args.repeat}", f"{median:.3f} s"),
        ("min / max", f"{min(times):.3f} / {max(times):.3f} s"),
        ("target", "≤ 1.000 s  " + ("OK" if median <= 1.0 else "SLOW")),
    ]
    width = max(len(k) for k, _ in rows)
    print("bench_diff: diff_plans + JSON of two generated plans")
    for key, value in rows:
        print(f"  {key:<{width}}  {value}")
    return 0 if median <= 1.0 else 1


if __name__ == "__main__":
    sys.exit(main())
