"""What the checks report to writers: a problem located at a file, line and column."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"  # fails the build
    WARNING = "warning"  # a mistake that does not stop the build; fails --strict
    INFO = "info"  # worth knowing, never a mistake


@dataclass(frozen=True, order=True)
class Problem:
    """One thing a writer should know about, located in their file."""

    path: str  # relative to the publication's root, with forward slashes
    line: int  # 1-based; 0 when the whole file is concerned
    column: int  # 1-based; 0 when unknown
    field: str  # the field concerned, as writers count (``sources[1].url``), or "" for the file
    message: str
    hint: str = ""
    severity: Severity = Severity.ERROR

    @property
    def where(self) -> str:
        """``path:line:column``, as far as known."""
        where = self.path
        if self.line:
            where += f":{self.line}"
            if self.column:
                where += f":{self.column}"
        return where

    def __str__(self) -> str:
        text = f"{self.where}: {self.field + ': ' if self.field else ''}{self.message}"
        return f"{text} ({self.hint})" if self.hint else text


class ContentError(Exception):
    """Raised when a publication has errors; carries every problem found."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sorted(problems)
        errors = [p for p in self.problems if p.severity is Severity.ERROR]
        super().__init__(
            f"{len(errors)} error(s) in the publication's content:\n"
            + "\n".join(str(p) for p in errors)
        )
