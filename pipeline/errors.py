"""Exceptions (for "cannot continue") and the catalogue of issue codes (for "done, but doubtful").

Every :class:`PipelineError` carries a ``code``; the CLI maps the code to a distinct exit status
(:data:`EXIT_CODES`) and prints one line: ``kehoach: FILE: message [code]``.
"""

from __future__ import annotations


class PipelineError(Exception):
    """Root of every error kehoach raises on purpose."""

    code = "error"

    def __init__(self, message: str, *, path: str | None = None, code: str | None = None):
        super().__init__(message)
        self.message = message
        self.path = path
        if code:
            self.code = code

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class ReadError(PipelineError):
    """The file cannot be read as a document (missing, empty, corrupt, unsafe, too large)."""

    code = "unreadable"


class NotAPlanError(PipelineError):
    code = "not_a_plan"


class SchemaError(PipelineError):
    code = "invalid_output"


# Exit statuses of the CLI, one per failure reason (2 is argparse's usage error).
EXIT_CODES: dict[str, int] = {
    "ok": 0,
    "invalid": 1,  # validate found errors / eval under floors
    "usage": 2,
    "not_found": 3,
    "empty": 4,
    "unsupported": 5,  # not a format we read (binary garbage, unknown suffix)
    "corrupt": 6,  # broken zip / broken XML
    "encrypted": 7,
    "too_large": 8,  # size limits, zip bombs
    "unsafe_xml": 9,  # DTDs, entity expansion
    "encoding": 10,
    "not_a_plan": 11,
    "invalid_output": 12,
    "tool_missing": 13,  # an optional system tool (LibreOffice, Tesseract) is absent
    "timeout": 14,
    "unreadable": 15,
    "error": 16,  # a bug: anything unexpected
    "unwritable": 20,  # an output cannot be written (missing folder, permission, disk full)
    # the task database (--db): each its own code and one-line message
    "db_locked": 17,  # another process holds the database's write lock
    "db_corrupt": 18,  # damaged pages or tables
    "db_foreign": 19,  # not a database, or another application's
}

# Issue codes: one catalogue, grouped by stage (spaCy's Errors/Warnings idea).
ISSUE_CODES: dict[str, str] = {
    "READ001": "footnote reference without a footnote body",
    "READ002": "tracked changes present; the accepted view was read",
    "READ003": "text decoded with a fallback encoding",
    "READ004": "list numbering could not be rendered; the level was kept",
    "READ005": "low-confidence OCR line",
    "READ006": "pages read by OCR",
    "READ007": "line breaks restored (escaped, or a page saved on one line)",
    "NORM001": "decomposed Unicode was composed (NFC)",
    "SEG001": "numbering jumps (an item may be missing)",
    "SEG002": "no body found: the outline is empty",
    "SEG003": "a numbered item's text runs implausibly long (later items may have been read as its text)",
    "SEG004": "outline capped: numbered lines nested deeper than 12 levels or past 5,000 items in one list are kept as text of the item above",
    "EXT001": "task has a lead cue but no party was parsed",
    "EXT002": "timeline could not be normalized; kind set to unspecified",
    "EXT003": "year of a timeline inferred from the plan",
    "EXT004": "document header not recognised",
    "EXT005": "reference number without a recognised type",
    "EXT006": "a cited document's title is longer than a sentence (it may run on into the next clause)",
    "EXT007": "an issuer holds a verb (it may have swallowed a clause)",
    "EXT008": "the document title holds a place-and-date or number line (header fields ran into it)",
    "EXT009": "citations capped: lines after the first 2,000 citations of a document are not searched for citations",
    "SCH001": "output does not validate against the plan schema",
}
