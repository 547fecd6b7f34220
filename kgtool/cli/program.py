"""The ``kgtool`` command line: a thin layer that parses flags and calls the library.

No RDF logic lives here. Library errors (:class:`kgtool.errors.KgtoolError`) become one line
on stderr and the exit code of the contract: 0 ok, 1 data problem, 2 could not run.
"""

from __future__ import annotations

import logging
import os
import signal
import sys
from typing import Any

import click

from kgtool.cli import assessing, authoring, checking, linking, publishing, querying
from kgtool.cli.base import KgtoolCommand, say, with_commands
from kgtool.cli.options import CONTEXT
from kgtool.errors import DataProblem, KgtoolError, Terminated
from kgtool.version import __version__

EXIT_OK, EXIT_CANNOT_RUN = 0, 2


def _fail(message: str, code: int) -> None:
    say(f"kgtool: error: {message}")
    sys.exit(code)


class KgtoolGroup(click.Group):
    """A click group whose every failure is one line on stderr and an exit code, never a traceback."""

    command_class = KgtoolCommand

    def main(
        self,
        args: Any = None,
        prog_name: Any = None,
        complete_var: Any = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        argv = list(sys.argv[1:] if args is None else args)
        debug = "--debug" in argv
        if not debug:  # rdflib logs ill-typed literals with a traceback: a warning, not news
            logging.getLogger("rdflib").setLevel(logging.ERROR)
        previous = signal.signal(signal.SIGTERM, _terminate)
        try:
            code = super().main(argv, prog_name or "kgtool", complete_var, standalone_mode=False, **extra)
        except Terminated:
            _fail("interrupted (SIGTERM)", EXIT_CANNOT_RUN)
        except click.UsageError as e:
            command = e.ctx.command_path if e.ctx else "kgtool"
            _fail(f"{e.format_message().rstrip('.')}; see '{command} --help'", EXIT_CANNOT_RUN)
        except click.ClickException as e:
            _fail(e.format_message(), EXIT_CANNOT_RUN)
        except click.Abort:
            _fail("interrupted", EXIT_CANNOT_RUN)
        except DataProblem as e:  # a verdict on the data, not a failure: no traceback to show
            say(str(e))
            sys.exit(e.exit_code)
        except KgtoolError as e:
            if debug:
                _traceback()
            _fail(with_commands(e), e.exit_code)
        except Exception as e:
            if debug:
                _traceback()
                _fail(f"unexpected {type(e).__name__}: {e}", EXIT_CANNOT_RUN)
            _fail(
                f"unexpected {type(e).__name__}: {e} (rerun with --debug for the traceback)", EXIT_CANNOT_RUN
            )
        finally:
            signal.signal(signal.SIGTERM, previous)
        sys.exit(code or EXIT_OK)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except BrokenPipeError:  # the reader went away (kgtool export | head -1): not an error
            _discard_stdout()
            return EXIT_OK


def _traceback() -> None:
    """The traceback of the error being handled, on stderr: --debug shows it and keeps the exit
    code (an exception left to Python would end the program with 1, the code of a verdict)."""
    import traceback

    traceback.print_exc()


def _terminate(signum: int, frame: object) -> None:
    raise Terminated


def _discard_stdout() -> None:
    """Point stdout at /dev/null, so that flushing what is still buffered cannot fail again."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


@click.group(cls=KgtoolGroup, context_settings=CONTEXT)
@click.version_option(__version__, "-V", "--version", prog_name="kgtool")
@click.option("--debug", is_flag=True, help="Show the Python traceback of an error.")
def cli(debug: bool) -> None:
    """kgtool: every statement of a news article as a reified, sourced RDF claim.

    \b
    Examples:
      kgtool audit                      # audit the shipped claims graph
      kgtool formats                    # the RDF and result formats kgtool knows

    Exit codes: 0 ok, 1 the data is non-conformant or the audit found problems,
    2 kgtool could not run (bad usage, unreadable or malformed input).
    """


@cli.command("formats", context_settings=CONTEXT)
def formats_command() -> None:
    """List the formats kgtool reads and writes, with media types and file extensions.

    \b
    Example:
      kgtool formats
    """
    _list_formats()


def _list_formats() -> None:
    from kgtool.formats import FORMATS

    for f in FORMATS:
        extensions = ",".join(f".{e}" for e in f.extensions)
        click.echo(f"{f.name:<9} {f.kind.value:<8} {f.media_type:<34} {extensions}")


def main(args: list[str] | None = None, prog_name: str = "kgtool") -> None:
    """The ``kgtool`` program: run the command, then end the process without freeing what it
    built object by object (freeing the store of 100,000 claims takes a second; the operating
    system takes the memory back at once)."""
    try:
        cli.main(args=args, prog_name=prog_name)
        code = EXIT_OK
    except SystemExit as done:
        if done.code is None or isinstance(done.code, int):
            code = done.code or EXIT_OK
        else:  # sys.exit("message"), as Python itself would show it
            print(done.code, file=sys.stderr)
            code = 1
    try:
        sys.stdout.flush()
    except BrokenPipeError:  # the reader took what it wanted and left: as at the end of invoke
        pass
    except OSError:  # e.g. a full disk: the output is incomplete
        code = code or EXIT_CANNOT_RUN
    try:
        sys.stderr.flush()
    except OSError:  # nowhere left to say anything
        code = code or EXIT_CANNOT_RUN
    os._exit(code)


for _command in (
    assessing.assess_group,
    authoring.compile_command,
    authoring.import_group,
    authoring.draft_command,
    checking.check_command,
    checking.coverage_command,
    checking.validate_command,
    querying.query_command,
    querying.audit_command,
    linking.link_command,
    publishing.export_command,
    publishing.describe_command,
    publishing.push_command,
    publishing.serve_command,
):
    cli.add_command(_command)
