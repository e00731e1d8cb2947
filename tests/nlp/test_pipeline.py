"""The spaCy pipeline in models/: built from the lexicons, loadable, lossless."""

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.nlp import MODEL_NAME, PIPELINE_VERSION, build_nlp, lexicon_digest, load_nlp
from pipeline.vi.lexicon import models_dir


def test_committed_model_matches_the_lexicons():
    meta = json.loads((models_dir() / MODEL_NAME / "meta.json").read_text(encoding="utf-8"))
    assert meta["lexicons"] == lexicon_digest(), "run `make models` after editing models/lexicons"
    assert meta["version"] == PIPELINE_VERSION, "run `make models` after changing the build"


def test_loaded_and_built_pipelines_agree():
    text = "Các đồng chí thành viên Ban Chỉ đạo; Ủy ban MTTQ Việt Nam thị xã và các cơ quan liên quan"
    a, b = load_nlp()(text), build_nlp()(text)
    key = lambda doc: sorted((s.start, s.end, s.label_) for s in doc.spans["cues"])  # noqa: E731
    assert key(a) == key(b) and key(a)


@pytest.mark.parametrize(
    ("text", "label", "span"),
    [
        ("Ban Dân vận Thị ủy", "HEAD", "Ban Dân vận"),
        ("UBND các xã", "HEAD", "UBND"),
        ("Uỷ ban Kiểm tra Huyện uỷ", "HEAD", "Uỷ ban Kiểm tra"),  # old tone placement
        ("Phó Trưởng ban Thường trực", "ROLE", "Phó Trưởng ban Thường trực"),
        ("các đồng chí Phó Trưởng Ban", "INTRO", "các đồng chí"),
        ("và các cơ quan liên quan", "GENERIC", "các cơ quan liên quan"),
        ("Phòng Lao động - Thương binh và Xã hội", "PROTECT", "Lao động - Thương binh và Xã hội"),
    ],
)
def test_cues(text, label, span):
    doc = load_nlp()(text)
    assert (span, label) in {(s.text, s.label_) for s in doc.spans["cues"]}


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=80))
def test_tokenizer_keeps_every_character(text):
    assert load_nlp().make_doc(text).text == text
