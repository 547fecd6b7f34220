"""One error hierarchy; the CLI maps it to exit codes.

Exit 1 means one thing only: the data was read and found wanting (non-conformant, audit
failed, coverage incomplete). Everything that stops kgtool from running at all exits 2.
"""


class KgtoolError(Exception):
    """kgtool could not run. The message is one line saying what and where; ``hint`` what to do."""

    exit_code = 2

    def __init__(
        self,
        message: str,
        hint: str | None = None,
        *,
        options: tuple[str, ...] = (),
        commands: tuple[str, ...] = (),
    ) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        # The parameters the hint is about, by name ("timeout"), not as a command line spells
        # them: the library reads well when imported, and the CLI names its own flags.
        self.options = options
        self.flags: tuple[str, ...] = ()  # how a front end (the CLI) spells them, set by it
        # The kgtool commands that do what the hint says ("push"), which the CLI names; the
        # library's own message never tells a Python caller to run a shell command.
        self.commands = commands

    def __str__(self) -> str:
        hint = f"{self.hint} ({', '.join(self.flags)})" if self.hint and self.flags else self.hint
        return f"{self.message}; {hint}" if hint else self.message

    def __reduce__(self):  # keep the hint and options when an error crosses a process boundary
        return (_rebuild, (type(self), self.message, self.hint, self.options, self.commands))


class UsageError(KgtoolError):
    """Bad arguments: an unknown format, a missing parameter."""


class InputError(KgtoolError):
    """An input that cannot be read or parsed: missing, unreadable, malformed, too large."""


class NetworkRefused(InputError):
    """Input that would make kgtool fetch something from the network without being asked to."""


class QueryError(KgtoolError):
    """A SPARQL query that does not parse, or that kgtool refuses to run."""


class QueryRefused(QueryError):
    """A query kgtool will not run: an update, or one that would reach the network."""


class QueryTimeout(QueryError):
    """A query stopped at its time limit."""


class QueryOutOfMemory(QueryError):
    """A query stopped at its memory limit."""


class TooManyRows(QueryError):
    """A result larger than the row limit, refused after reading one row past the limit."""


class EndpointError(KgtoolError):
    """A remote SPARQL endpoint that is down, slow, or answers with an error."""


class VocabularyMissing(KgtoolError):
    """What is queried lacks vocabulary the command needs from the ontology (the source-kind
    scheme, the property declarations): any figure would be wrong, so it cannot run."""


class DataProblem(KgtoolError):
    """The data was read and found wanting: non-conformant, failed audit, incomplete coverage."""

    exit_code = 1


class Terminated(BaseException):
    """SIGTERM arrived: unwind as for ^C (temporary files removed, query processes killed).
    Not an Exception, so that no ``except Exception`` on the way swallows it."""


def _rebuild(
    cls: type[KgtoolError],
    message: str,
    hint: str | None,
    options: tuple[str, ...],
    commands: tuple[str, ...],
) -> KgtoolError:
    return cls(message, hint, options=options, commands=commands)
