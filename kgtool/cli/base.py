"""The click classes kgtool's commands are built from (part of the CLI: the library never
imports this module).

- :class:`AliasedOption`: an option whose old spellings still work but no longer show in help.
- :class:`KgtoolCommand`: every command accepts ``--debug`` after its name too, and names the
  options of a library error (:attr:`kgtool.errors.KgtoolError.options`) by its own flags.
- :func:`say`: every message for the person on stderr, errors included.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import click

from kgtool.errors import KgtoolError
from kgtool.terminal import escape_controls


def say(message: str) -> None:
    """One line on stderr for the person: a message may carry input (a file name, a span type
    of a .ann file) whose control characters must not drive the terminal."""
    click.echo(escape_controls(message, keep_layout=False), err=True)


class AliasedOption(click.Option):
    """An option with hidden aliases: spellings it still accepts (so that no script breaks)
    but that help, error messages and the README no longer show."""

    def __init__(self, param_decls: Sequence[str], hidden_aliases: Sequence[str] = (), **attrs: Any) -> None:
        super().__init__([*param_decls, *hidden_aliases], **attrs)
        self.hidden_aliases = tuple(hidden_aliases)

    @property
    def visible_opts(self) -> list[str]:
        return [o for o in self.opts if o not in self.hidden_aliases]

    @contextmanager
    def _shown_as_visible(self) -> Iterator[None]:
        # click builds help and error hints from self.opts, the same way in every version
        everything, self.opts = self.opts, self.visible_opts
        try:
            yield
        finally:
            self.opts = everything

    def get_help_record(self, ctx: click.Context) -> tuple[str, str] | None:
        with self._shown_as_visible():
            return super().get_help_record(ctx)

    def get_error_hint(self, ctx: click.Context | None) -> str:
        with self._shown_as_visible():
            return super().get_error_hint(ctx)


def visible_opts(param: click.Parameter) -> list[str]:
    """The spellings of ``param`` that help shows."""
    return param.visible_opts if isinstance(param, AliasedOption) else list(param.opts)


class KgtoolCommand(click.Command):
    """A kgtool command: ``kgtool audit --debug`` as well as ``kgtool --debug audit``, and
    library errors that point to this command's own flags."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The group's main() reads --debug from the whole command line: accepting it is enough.
        self.params.append(
            click.Option(
                ["--debug"], is_flag=True, expose_value=False, help="Show the Python traceback of an error."
            )
        )

    def flag(self, option: str) -> str | None:
        """How this command spells the parameter named ``option`` (its long flag), or None when
        it has no such parameter: a message never names a flag the command lacks."""
        for param in self.params:
            if isinstance(param, click.Option) and param.name == option:
                spellings = visible_opts(param)
                return next((s for s in spellings if s.startswith("--")), spellings[0])
        return None

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KgtoolError as error:
            self.name_flags(error)
            raise

    def name_flags(self, error: KgtoolError) -> KgtoolError:
        """The error, its options named by this command's flags."""
        error.flags = tuple(f for option in error.options if (f := self.flag(option)))
        return error


class KgtoolSubgroup(click.Group):
    """A group of kgtool commands under one name (``kgtool import brat``): each a
    :class:`KgtoolCommand`, as the top-level ones are."""

    command_class = KgtoolCommand


def error_line(message: str) -> str:
    """How the command line says an error: one line, whatever a file name or value in it holds."""
    from kgtool.terminal import escape_controls

    return f"kgtool: error: {escape_controls(message, keep_layout=False)}"


def with_commands(error: KgtoolError) -> str:
    """The error as the command line says it: with the kgtool commands its hint refers to."""
    if not error.commands:
        return str(error)
    return f"{error}; see " + ", ".join(f"'kgtool {command}'" for command in error.commands)
