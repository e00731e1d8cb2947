"""Where kehoach's data files are: the lexicons, the built spaCy pipeline and the JSON schema.

Their sources of truth are the repository's top-level ``models/`` (``lexicons/``,
``kehoach-vi/``) and ``schemas/`` folders. A wheel carries copies of them inside the package,
under ``pipeline/_data/`` (``setup.py`` copies them at build time), so an installed kehoach finds
them without the repository. Lookup order: ``$KEHOACH_MODELS`` (a models folder of your own),
then the copy inside the package, then the checkout (an editable install or a source tree).
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["models_dir", "lexicon_dir", "schema_path", "PACKAGED_DATA"]

_PACKAGE = Path(__file__).resolve().parent
PACKAGED_DATA = _PACKAGE / "_data"  # what setup.py fills in a wheel; absent in a checkout
_CHECKOUT = _PACKAGE.parent


def models_dir() -> Path:
    """The folder holding ``lexicons/`` and ``kehoach-vi/``."""
    env = os.environ.get("KEHOACH_MODELS")
    if env:
        return Path(env)
    if (PACKAGED_DATA / "lexicons").is_dir():
        return PACKAGED_DATA
    return _CHECKOUT / "models"


def lexicon_dir() -> Path:
    return models_dir() / "lexicons"


def schema_path(name: str = "plan.schema.json") -> Path:
    packaged = PACKAGED_DATA / "schemas" / name
    return packaged if packaged.is_file() else _CHECKOUT / "schemas" / name
