"""Does underthesea word segmentation improve multi-syllable search? A measurement.

    .venv/bin/python bench/bench_segmentation.py

The task database matches multi-syllable words with phrase queries on folded syllables
(``dan van`` → the phrase ``"dan van"``). Word segmentation could add compound tokens
(``dân_vận`` → ``danvan``) so that a query only matches where the syllables form one word,
not across a word boundary (``người dân | vận động``).

Truth for a query word W (accented): the tasks whose underthesea segmentation has a word
that is W or starts or ends with W's syllables (``dân vận`` counts in ``dân vận khéo``).
Compared, with the accent-free query typed by a user:

* ``phrase``: the folded phrase over syllables (what the store does, tier 1);
* ``compound``: the query's syllables joined (``danvan``) matched against compound tokens
  indexed from the segmentation, plus ``danvan*`` to reach longer compounds.

Also timed: the cost of segmenting at ingest (per task), which the workers would pay.
The phrase hits outside the truth are printed with their segmentation, to be judged by eye:
so far every one is a segmentation error (``ủy | ban thường vụ quốc hội``, ``cấp | ủy``,
``chuyển đổi | số``), while the compound index loses recall (``nhân dân`` inside longer
compounds). Result (2024-11): phrase P 0.94 / R 1.00 against compound P 1.00 / R 0.96, at
0.8 ms per task of segmentation; segmentation is not used by the store.
"""

from __future__ import annotations

import json
import re
import sqlite3
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from pipeline.store.textkeys import index_text  # noqa: E402
from pipeline.vi.fold import fold  # noqa: E402

WORDS = [
    "dân vận", "dân chủ", "cơ sở", "pháp luật", "hành chính", "cải cách", "chính quyền", "nhân dân",
    "kiểm tra", "giám sát", "thực hiện", "tuyên truyền", "đơn vị", "cán bộ", "thông tin",
    "chuyển đổi số", "hội nghị", "báo cáo", "quy chế", "mô hình", "xã hội", "thủ tục", "người dân",
    "doanh nghiệp", "thi đua", "đầu tư", "phổ biến", "giáo dục", "hòa giải", "văn hóa", "chỉ đạo",
    "ban chỉ đạo", "tổ chức", "cấp ủy", "công tác", "nhiệm vụ", "kế hoạch", "ủy ban", "văn bản",
]  # fmt: skip
_WORD_RE = re.compile(r"[^\W_]+")


def task_texts() -> list[str]:
    texts: list[str] = []
    for path in sorted((REPO / "tests" / "store" / "fixtures").glob("*.plan.json")):
        plan = json.loads(path.read_text("utf-8"))
        texts += [t["text"] for t in plan["tasks"]]
        texts += [s.get("heading") or "" for s in plan.get("sections") or ()]
    return [t for t in texts if t.strip()]


def segment_words(texts: list[str]) -> tuple[list[list[str]], float]:
    from underthesea import word_tokenize

    word_tokenize("khởi động")  # load the model before timing
    t0 = time.perf_counter()
    words = [[w.lower() for w in word_tokenize(t)] for t in texts]
    return words, (time.perf_counter() - t0) / len(texts) * 1000


def truth(word: str, segmented: list[list[str]]) -> set[int]:
    syl = word.lower().split()
    out = set()
    for i, words in enumerate(segmented):
        for w in words:
            ws = w.split()
            if ws[: len(syl)] == syl or ws[-len(syl) :] == syl:
                out.add(i)
                break
    return out


def build(texts: list[str], segmented: list[list[str]]) -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:")
    conn.execute(
        "CREATE VIRTUAL TABLE f USING fts5(text, compounds, tokenize='unicode61 remove_diacritics 2')"
    )
    for i, (text, words) in enumerate(zip(texts, segmented, strict=True)):
        compounds = " ".join("".join(_WORD_RE.findall(fold(w))) for w in words if " " in w)
        conn.execute(
            "INSERT INTO f (rowid, text, compounds) VALUES (?, ?, ?)",
            (i, index_text(text), compounds),
        )
    return conn


def prf(found: set[int], gold: set[int]) -> tuple[float, float]:
    p = len(found & gold) / len(found) if found else 1.0
    r = len(found & gold) / len(gold) if gold else 1.0
    return p, r


def main() -> int:
    texts = task_texts()
    segmented, ms_per_task = segment_words(texts)
    conn = build(texts, segmented)
    rows = []
    disagreements: list[str] = []
    for word in WORDS:
        gold = truth(word, segmented)
        folded = fold(word)
        phrase = {
            r[0]
            for r in conn.execute("SELECT rowid FROM f WHERE f MATCH ?", (f'text : "{folded}"',))
        }
        joined = "".join(folded.split())
        compound = {
            r[0]
            for r in conn.execute(
                "SELECT rowid FROM f WHERE f MATCH ?",
                (f'compounds : ("{joined}" OR "{joined}" *)',),
            )
        }
        rows.append((word, len(gold), *prf(phrase, gold), *prf(compound, gold)))
        syl = set(folded.split())
        for i in sorted(phrase - gold):
            words = [w for w in segmented[i] if syl & set(fold(w).split())]
            disagreements.append(f"{word}: {' | '.join(words[:6])}")
    print(f"{len(texts)} texts; underthesea word_tokenize {ms_per_task:.2f} ms per task text\n")
    print(f"{'query':<16} {'truth':>5}  {'phrase P':>8} {'R':>5}  {'compound P':>10} {'R':>5}")
    for word, n, pp, pr, cp, cr in rows:
        print(f"{word:<16} {n:>5}  {pp:>8.2f} {pr:>5.2f}  {cp:>10.2f} {cr:>5.2f}")
    mean = [statistics.mean(r[i] for r in rows) for i in range(2, 6)]
    print(
        f"{'mean':<16} {'':>5}  {mean[0]:>8.2f} {mean[1]:>5.2f}  {mean[2]:>10.2f} {mean[3]:>5.2f}"
    )
    print("\nphrase hits outside the truth (the words around the query, as segmented):")
    for line in disagreements[:12]:
        print(f"  {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
