"""``python -m pipeline.nlp.build [DIR]``: write the spaCy pipeline built from ``models/lexicons``
to ``DIR`` (default ``models/kehoach-vi``) with ``nlp.to_disk``; what ``make models`` runs."""

from __future__ import annotations

import sys
from pathlib import Path

from pipeline.nlp import MODEL_NAME, build_nlp
from pipeline.vi.lexicon import models_dir


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    target = Path(args[0]) if args else models_dir() / MODEL_NAME
    nlp = build_nlp()
    nlp.to_disk(target)
    print(f"wrote {target} (lexicons {nlp.meta['lexicons']}, {len(nlp.pipe_names)} components)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
