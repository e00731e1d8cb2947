from pipeline.resources import lexicon_dir
from pipeline.vi.lexicon import lexicon_names, lexicon_rows, load_list


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
