"""Build hook: a wheel carries the data kehoach reads at run time.

The sources of truth stay where people edit them: ``models/lexicons/`` (any file there),
``models/kehoach-vi/`` (the spaCy pipeline ``make models`` builds) and ``schemas/*.json``. When
setuptools builds the package (wheel, or a regular ``pip install .``), they are copied into it as
``pipeline/_data/{lexicons,kehoach-vi,schemas}``, where :mod:`pipeline.resources` looks first.
An editable install copies nothing: it reads the checkout. Everything else is in pyproject.toml.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
# (source in the repository, destination under pipeline/_data, file pattern)
DATA = (
    ("models/lexicons", "lexicons", "*"),
    ("models/kehoach-vi", "kehoach-vi", "**/*"),
    ("schemas", "schemas", "*.json"),
)


class BuildPyWithData(build_py):
    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        for source, target, pattern in DATA:
            src = ROOT / source
            dest = Path(self.build_lib) / "pipeline" / "_data" / target
            shutil.rmtree(dest, ignore_errors=True)  # no stale copy of a removed file
            for path in sorted(src.glob(pattern)):
                if path.is_file() and "__pycache__" not in path.parts:
                    out = dest / path.relative_to(src)
                    out.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copyfile(path, out)


setup(cmdclass={"build_py": BuildPyWithData})
