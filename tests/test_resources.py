"""Where the data files are found: $KEHOACH_MODELS, the copy inside an installed package, the
checkout (issue 9: a wheel must work without the repository)."""

from pathlib import Path

import pipeline
from pipeline import resources


def test_checkout_when_nothing_is_packaged(monkeypatch, tmp_path):
    monkeypatch.delenv("KEHOACH_MODELS", raising=False)
    monkeypatch.setattr(resources, "PACKAGED_DATA", tmp_path / "absent")
    root = Path(resources.__file__).resolve().parents[1]
    assert resources.models_dir() == root / "models"
    assert resources.schema_path() == root / "schemas" / "plan.schema.json"
    assert (resources.lexicon_dir() / "doc_types.txt").is_file()


def test_the_packaged_copy_wins_over_the_checkout(monkeypatch, tmp_path):
    monkeypatch.delenv("KEHOACH_MODELS", raising=False)
    (tmp_path / "lexicons").mkdir()
    (tmp_path / "schemas").mkdir()
    (tmp_path / "schemas" / "plan.schema.json").write_text("{}", encoding="utf-8")
    monkeypatch.setattr(resources, "PACKAGED_DATA", tmp_path)
    assert resources.models_dir() == tmp_path
    assert resources.schema_path() == tmp_path / "schemas" / "plan.schema.json"


def test_environment_wins(monkeypatch, tmp_path):
    monkeypatch.setenv("KEHOACH_MODELS", str(tmp_path))
    assert resources.lexicon_dir() == tmp_path / "lexicons"


def test_setup_copies_what_resources_read():
    """The build hook's list names the folders resources.py looks for inside the package."""
    setup_py = (Path(resources.__file__).resolve().parents[1] / "setup.py").read_text(encoding="utf-8")
    for source, target in (("models/lexicons", "lexicons"), ("models/kehoach-vi", "kehoach-vi"), ("schemas", "schemas")):
        assert f'("{source}", "{target}",' in setup_py


def test_version_names_the_data_folder(capsys, monkeypatch):
    import pytest

    from pipeline.cli import main

    monkeypatch.setenv("COLUMNS", "30")  # one line however narrow the terminal
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    out = capsys.readouterr().out
    assert exit_info.value.code == 0
    assert out.startswith(f"kehoach {pipeline.__version__} (model ") and out.count("\n") == 1
    assert out.endswith(f"; data {resources.models_dir()})\n")
