"""The one error hierarchy: every expected failure carries a message, a hint and an exit code.

Message and hint are domain messages (or plain strings): the error boundary renders them in the
user's language with normdocs.i18n.render; `str(error)` is the English text.
"""

from enum import IntEnum

from normdocs.domain.messages import Text


class ExitCode(IntEnum):
    """Exit codes of the command line (DESIGN §4); other tools rely on them."""

    OK = 0
    REFUSED = 1
    USAGE = 2
    FINDINGS = 3
    PARTIAL_IMPORT = 4
    REGISTRY_UNUSABLE = 5


class NormdocsError(Exception):
    """An expected failure: shown to the user as one line, plus a hint of what to do next."""

    exit_code: ExitCode = ExitCode.REFUSED

    def __init__(self, message: Text, hint: Text | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return str(self.message)


class InvalidInput(NormdocsError):
    """A value given by the user (a date, a 文号, a file) is malformed."""


class NotFound(NormdocsError):
    """The document, agency, law or campaign referred to does not exist."""


class Duplicate(NormdocsError):
    """Something that must be unique (a name, a 文号, a registration number) already exists."""


class Refused(NormdocsError):
    """A step the procedure does not allow now; names the rule and where it comes from."""

    def __init__(
        self, message: Text, hint: Text | None = None, *, rule: str, source: str | None = None
    ) -> None:
        super().__init__(message, hint)
        self.rule = rule
        self.source = source


class RegistryUnusable(NormdocsError):
    """The registry itself cannot be used: missing, locked, behind in schema, or corrupt."""

    exit_code = ExitCode.REGISTRY_UNUSABLE


class DamagedRegistry(RegistryUnusable):
    """A registry file that SQLite finds malformed, or that is no database at all. Its hint
    sends the clerk to `verify`; `verify` itself gives `after_verify` instead."""

    def __init__(self, message: Text, hint: Text, after_verify: Text) -> None:
        super().__init__(message, hint)
        self.after_verify = after_verify
