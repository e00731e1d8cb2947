"""Choose a renderer by name, and write its output."""

from __future__ import annotations

from pathlib import Path

from pipeline.diff.changes import PlanDiff

__all__ = ["FORMATS", "render_diff", "write_output"]

FORMATS = ("text", "json", "html")


def render_diff(diff: PlanDiff, output_format: str = "text", *, color: bool = False) -> str:
    """``diff`` as terminal text (ANSI colours when ``color``), contract JSON or an HTML page."""
    if output_format == "json":
        from pipeline.diff.render_json import render_json

        return render_json(diff)
    if output_format == "html":
        from pipeline.diff.render_html import render_html

        return render_html(diff)
    if output_format == "text":
        from pipeline.diff.render_text import render_text

        return render_text(diff, color=color)
    raise ValueError(f"unknown diff format {output_format!r}; choose one of {', '.join(FORMATS)}")


def write_output(path: str | Path, content: str) -> None:
    """Write ``content`` (UTF-8) through :func:`pipeline.output.write_text` (``-`` is stdout)."""
    from pipeline.output import write_text

    write_text(path, content)
