"""The options every command spells alike, each bundle in one decorator (the data read, the
dataset described, the output file, the endpoint), and the helpers that turn them into what the
library takes."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import click

from kgtool.errors import UsageError

if TYPE_CHECKING:
    from kgtool.engines import Engine
    from kgtool.formats import Format
    from kgtool.inputs.loading import Inputs

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def data_options(command: Callable) -> Callable:
    """--data/--data-format/--base/--ontology/--no-ontology/--allow-network/--max-bytes/--quiet,
    alike on every command that reads RDF; the command receives them as one ``inputs``
    (:class:`kgtool.inputs.loading.Inputs`)."""
    return _data_options(
        True,
        click.option(
            "--base",
            "base",
            metavar="IRI",
            help="Resolve the data's relative IRIs against IRI (default: each file's own "
            "file: URI; stdin has none).",
        )(command),
    )


def data_options_without_base(command: Callable) -> Callable:
    """:func:`data_options` for a command whose --base means something else (serve's IRI prefix)."""
    return _data_options(False, command)


def _data_options(reads_base: bool, command: Callable) -> Callable:
    @click.option(
        "-d",
        "--data",
        "data",
        multiple=True,
        metavar="PATH|-",
        help="RDF input (repeatable; - for stdin). Default: the shipped claims graph.",
    )
    @click.option(
        "--data-format",
        "data_format",
        metavar="NAME",
        help="Format of the inputs when their names do not tell (see 'kgtool formats').",
    )
    # kgtool's old spelling of --data-format, hidden: pyshacl and rdfpipe users mean the output
    @click.option("-f", "short_format", hidden=True, metavar="NAME")
    @click.option(
        "--ontology",
        metavar="PATH",
        help="The ontology added to the data (the source "
        "kinds, the declared terms). Default: the shipped ontology/proxy.ttl.",
    )
    @click.option("--no-ontology", is_flag=True, help="Add no ontology to the data.")
    @click.option(
        "--allow-network",
        is_flag=True,
        help="Let kgtool fetch URLs, owl:imports and remote JSON-LD contexts.",
    )
    @click.option(
        "--max-bytes",
        type=click.IntRange(min=1),
        default=None,
        metavar="N",
        help="Refuse an input of more than N bytes (default 1 GiB).",
    )
    @click.option(
        "-q",
        "--quiet",
        is_flag=True,
        help="No progress bar (there is none either when stderr is not a terminal, or for stdin).",
    )
    @functools.wraps(command)
    def wrapper(
        *args: Any,
        data: tuple[str, ...],
        data_format: str | None,
        short_format: str | None,
        ontology: str | None,
        no_ontology: bool,
        allow_network: bool,
        max_bytes: int | None,
        quiet: bool,
        **kwargs: Any,
    ) -> Any:
        from dataclasses import replace

        from kgtool import progress
        from kgtool.inputs.loading import DEFAULT_MAX_BYTES, Inputs

        if ontology and no_ontology:
            raise UsageError("give either --ontology or --no-ontology, not both")
        if short_format is not None:
            if data_format is not None:
                raise UsageError("give either -f or --data-format, not both")
            _refuse_ambiguous(short_format)
            data_format = short_format
        if data_format is not None and not data:
            # the shipped data's format is known: a format given for no input was meant for another
            raise UsageError(
                f"the format {data_format!r} is for --data inputs, and none is given",
                "give --data PATH" + (", or --format for what is written" if _writes_format() else ""),
            )
        base = kwargs.pop("base", None) if reads_base else None  # serve's --base is its own
        if base is not None:
            from kgtool.sparql.parameters import is_absolute_iri

            if not is_absolute_iri(base):
                raise UsageError(
                    f"--base {base!r} is not an absolute IRI", "e.g. --base https://example.org/data/"
                )
            if not data:  # the shipped data has no relative IRIs: a base for no input was a slip
                raise UsageError("--base is for the --data inputs, and none is given", "give --data PATH")
        inputs = Inputs(
            data,
            data_format,
            allow_network=allow_network,
            max_bytes=max_bytes or DEFAULT_MAX_BYTES,
            progress=progress.terminal(quiet),
            base=base,
        )
        if ontology or no_ontology:
            inputs = replace(inputs, ontology=ontology)  # None: --no-ontology
        return command(*args, inputs=inputs, **kwargs)

    return wrapper


class FormatName(click.ParamType):
    """A format name of the registry, of the kinds an option writes (what ``kgtool formats``
    lists): said so that the hidden -f can tell a value meant for --format."""

    name = "format"

    def __init__(self, *kinds: Any) -> None:
        self.kinds = kinds

    def accepts(self, value: str) -> bool:
        from kgtool import formats

        try:
            formats.by_name(value, *self.kinds)
        except UsageError:
            return False
        return True


def _writes_format() -> click.Option | None:
    """The running command's --format option, if it has one."""
    params = click.get_current_context().command.params
    return next((p for p in params if isinstance(p, click.Option) and "--format" in p.opts), None)


def _refuse_ambiguous(value: str) -> None:
    """Refuse ``-f VALUE`` when VALUE also names a format the command writes: -f is pyshacl's
    and rdfpipe's output format, kgtool's old spelling of --data-format."""
    written = _writes_format()
    if written is None:
        return
    kind = written.type
    if isinstance(kind, click.Choice):
        meant_for_output = value.lower() in (str(c).lower() for c in kind.choices)
    else:
        meant_for_output = isinstance(kind, FormatName) and kind.accepts(value)
    if meant_for_output:
        raise UsageError(
            f"-f {value}: -f is the format of the --data inputs here, and {value} is also one "
            "this command writes",
            f"say --data-format {value} or --format {value}",
        )


def dataset_options(command: Callable) -> Callable:
    """--license/--publisher/--publisher-name, what describe, export and serve say of the
    dataset; the command receives them as one ``dataset`` (:class:`kgtool.publish.dataset_info
    .DatasetInfo`): the shipped graph's own unless other data is read, then only what is given.
    Goes below :func:`data_options`."""

    @click.option(
        "--license",
        "license_iri",
        metavar="IRI",
        help="The data's licence (dcterms:license). Default: CC BY 4.0 for the shipped "
        "graph, none said for other data.",
    )
    @click.option(
        "--publisher",
        metavar="IRI",
        help="Who publishes the data (dcterms:publisher). Default: the kgtool "
        "developers for the shipped graph, none said for other data.",
    )
    @click.option("--publisher-name", metavar="NAME", help="The publisher's name (foaf:name).")
    @functools.wraps(command)
    def wrapper(
        *args: Any,
        inputs: Inputs,
        license_iri: str | None,
        publisher: str | None,
        publisher_name: str | None,
        **kwargs: Any,
    ) -> Any:
        from kgtool.publish.dataset_info import SHIPPED, UNKNOWN
        from kgtool.publish.description import checked_url

        known = SHIPPED if inputs.is_shipped_data() else UNKNOWN
        if publisher_name and not (publisher or known.publisher):
            raise UsageError("a publisher's name needs the publisher's IRI", "give --publisher IRI too")
        dataset = known.given(
            license_iri and checked_url(license_iri, "license_iri"),
            publisher and checked_url(publisher, "publisher"),
            publisher_name,
        )
        return command(*args, inputs=inputs, dataset=dataset, **kwargs)

    return wrapper


def output_option(command: Callable) -> Callable:
    """-o/--output, written atomically; stdout when absent or '-'."""
    return click.option(
        "-o", "--output", metavar="FILE", help="Write to FILE (atomically) instead of stdout."
    )(command)


def article_option(command: Callable) -> Callable:
    from kgtool.snapshot import ARTICLE_ENV

    return click.option(
        "-a",
        "--article",
        envvar=ARTICLE_ENV,
        required=True,
        metavar="PATH",
        help=f"The article's text snapshot (or set {ARTICLE_ENV}); for coverage, a folder of snapshots too.",
    )(command)


def endpoint_options(command: Callable) -> Callable:
    """-e/--endpoint and --timeout: run against a SPARQL 1.1 endpoint instead of local files."""
    command = click.option(
        "-e", "--endpoint", metavar="URL", help="Query this SPARQL 1.1 endpoint instead of loading files."
    )(command)
    return click.option(
        "--timeout",
        type=click.FloatRange(min=0.1),
        default=60.0,
        show_default=True,
        metavar="SECONDS",
        help="Give up on an endpoint that takes longer.",
    )(command)


def open_engine(inputs: Inputs, endpoint: str | None, timeout: float) -> Engine:
    """The remote endpoint when given (then --data makes no sense), else the loaded files."""
    if endpoint:
        if inputs.locations:
            raise UsageError("give either --endpoint or --data, not both")
        from kgtool.engines.endpoint import EndpointEngine

        return EndpointEngine(endpoint, timeout=timeout)
    return inputs.engine()


def rdf_output_format(output: str | None, name: str | None) -> Format:
    """The format named wins; else the output file's extension; else Turtle."""
    from kgtool import formats
    from kgtool.formats import Kind

    readable = (Kind.GRAPH, Kind.DATASET)
    if name:
        return formats.by_name(name, *readable)
    if output and output != "-":
        return formats.guess(output, None, *readable, option="output_format")
    return formats.by_name("turtle")


def result_output_format(output: str | None, name: str | None, graph: bool) -> Format:
    """The format of a query's result: the one named wins; else the output file's extension
    (-o out.csv is CSV, -o c.nt N-Triples); else the text table or Turtle. A file named for a
    format the result cannot take (a graph into out.csv) is refused, not misnamed."""
    from kgtool import formats
    from kgtool.formats import Kind

    kinds = (Kind.GRAPH, Kind.DATASET) if graph else (Kind.RESULTS,)
    if name:
        return formats.by_name(name, *kinds)
    if output and output != "-":
        found = formats.by_extension(output, *kinds)
        if found:
            return found
        other = formats.by_extension(output)
        if other:
            raise UsageError(
                f"{output}: the name says {other.label}, which a "
                f"{'CONSTRUCT/DESCRIBE' if graph else 'SELECT/ASK'} result cannot be written as",
                "name the format, or give the file the extension of one the result can take",
                options=("graph_format" if graph else "results_format",),
            )
    return formats.by_name("turtle" if graph else "table", *kinds)


class ProfileChoice(click.Choice):
    """export's profiles, read from the exporter only when export parses or shows its help:
    importing kgtool.cli.program must not load pyoxigraph (kgtool draft starts once per article)."""

    def __init__(self) -> None:
        super().__init__([])

    @property
    def choices(self) -> tuple[str, ...]:
        from kgtool.publish.export import PROFILES

        return tuple(p.name for p in PROFILES)

    @choices.setter
    def choices(self, _value: Any) -> None:  # click.Choice.__init__ sets it
        pass
