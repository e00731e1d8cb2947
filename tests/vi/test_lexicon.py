from hypothesis import given
from hypothesis import strategies as st

from pipeline.resources import lexicon_dir
from pipeline.vi.lexicon import lexicon_names, lexicon_rows, load_list
from tests.conftest import SEED_TXT


def test_every_file_of_the_folder_is_a_lexicon_by_name():
    names = lexicon_names()
    assert "doc_types.txt" in names and "type_codes.tsv" in names
    assert set(names) == {p.name for p in lexicon_dir().iterdir() if p.is_file()}


def test_a_new_lexicon_file_is_found_without_code(tmp_path, monkeypatch):
    (tmp_path / "lexicons").mkdir()
    (tmp_path / "lexicons" / "new_words.txt").write_text("# comment\nmột\nHai\tba\n", encoding="utf-8")
    monkeypatch.setenv("KEHOACH_MODELS", str(tmp_path))
    load_list.cache_clear()
    lexicon_rows.cache_clear()
    try:
        assert lexicon_names() == ("new_words.txt",)
        assert load_list("new_words.txt") == ("một", "Hai\tba")
        assert lexicon_rows("new_words.txt") == (("một",), ("Hai", "ba"))
    finally:
        load_list.cache_clear()
        lexicon_rows.cache_clear()


def test_doc_type_pattern_matches_as_the_plain_alternation():
    """doc_type_re leads with a look-ahead for the names' first letters (issue 12: three times
    faster on a line of citations); its matches are those of the alternation alone, in any case."""
    import re

    from pipeline.vi.lexicon import doc_type_re, doc_types

    seed_text = SEED_TXT.read_text(encoding="utf-8")
    names = sorted(doc_types(), key=len, reverse=True)
    plain = re.compile("|".join(re.escape(n) for n in names), re.IGNORECASE)
    for text in (seed_text, seed_text.upper(), seed_text.lower(), " ".join(names), " ".join(names).upper()):
        assert [m.span() for m in doc_type_re().finditer(text)] == [m.span() for m in plain.finditer(text)]


@given(
    st.lists(st.text(alphabet="aAbBσςΣkKK", min_size=1, max_size=3), min_size=1, max_size=6),
    st.text(alphabet="aAbBσςΣkKK ", max_size=8),
)
def test_first_letter_alternation_matches_as_the_plain_one(names, text):
    """Any names, letters that match each other's case included: the same matches."""
    import re

    from pipeline.vi.lexicon import first_letter_alternation

    grouped = re.compile("(?i:" + first_letter_alternation(names) + ")")
    plain = re.compile("(?i:" + "|".join(re.escape(n) for n in names) + ")")
    assert [m.span() for m in grouped.finditer(text)] == [m.span() for m in plain.finditer(text)]
