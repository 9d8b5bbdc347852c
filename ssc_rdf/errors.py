"""Errors that the command line turns into one clear line and an exit code."""

from __future__ import annotations


class SscError(Exception):
    """Base class: anything the user can fix; printed without a traceback."""

    exit_code = 2


class InputError(SscError):
    """Bad input: names the file, the line or record, and the field."""

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        line: int | None = None,
        record: str | None = None,
        field: str | None = None,
    ) -> None:
        self.message = " ".join(message.split())  # one line, whatever a library said
        self.path = path
        self.line = line
        self.record = record
        self.field = field
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.path or "<input>"
        if self.line is not None:
            where += f":{self.line}"
        if self.record is not None:
            where += f": record {self.record}"
        if self.field:
            where += f": {self.field}"
        return f"{where}: {self.message}"

    def lines(self) -> list[str]:
        """The problem as lines to print (one here; ``InputErrors`` has one per problem)."""
        return [str(self)]


class InputErrors(InputError):
    """Every problem found in one input, each an ``InputError`` on its own line: a curator
    fixes a file in one go instead of one mistake per run."""

    def __init__(self, problems: list[InputError], more: int = 0) -> None:
        self.problems = problems
        self.more = more  # problems found beyond those listed
        first = problems[0]
        super().__init__(first.message, path=first.path, line=first.line, record=first.record, field=first.field)

    def lines(self) -> list[str]:
        """One line per problem, then how many more there are, if any."""
        out = [str(p) for p in self.problems]
        if self.more:
            out.append(f"{self.path or '<input>'}: and {self.more} more problem{'s' if self.more > 1 else ''}")
        return out

    def __str__(self) -> str:
        return "\n".join(self.lines())


class RemoteError(SscError):
    """A remote store or endpoint failed, or cannot be reached as given."""


class UsageError(SscError):
    """A command line that cannot be carried out as given."""


class ValidationFailed(SscError):
    """The data does not conform to the shapes (or the reasoner found it inconsistent): exit 1.

    ``report`` is the SHACL report (``checks.shacl.Report``) when there is one.
    """

    exit_code = 1

    def __init__(self, message: str, report: object | None = None) -> None:
        super().__init__(message)
        self.report = report
