"""The partnerkg command line: parse options, call one library function, print."""

from __future__ import annotations

import functools
import sys
from pathlib import Path

import click

from .errors import PartnerKGError
from .formats import TABLE_FORMATS

STORE_HELP = ("Store directory (default: $PARTNERKG_STORE, else the bundled TCA dataset "
              "in memory).")


def _store_option(required: bool = False):
    return click.option("--store", "store", envvar="PARTNERKG_STORE", required=required,
                        type=click.Path(file_okay=False, path_type=Path),
                        help="Store directory (or $PARTNERKG_STORE)." if required else STORE_HELP)


def _friendly(command):
    """Turn the library's errors into one clear line and exit 1, never a traceback."""
    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except PartnerKGError as exc:
            raise click.ClickException(str(exc)) from None
        except OSError as exc:
            target = f" {exc.filename}" if exc.filename else ""
            raise click.ClickException(f"cannot write{target}: {exc.strerror}") from None
    return wrapper


def _open(store):
    from .graph.store import KnowledgeGraph

    return KnowledgeGraph.open(store)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="partnerkg")
def cli():
    """A knowledge graph of partnerships between public bodies.

    With no --store, commands run on the bundled Transformation Challenge Award dataset.
    """


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@_store_option(required=True)
@click.option("--programme", help="Funding programme for files without a programme column.")
@click.option("--format", "format", type=click.Choice(["csv"]),
              help="Read files as this format (default: by extension).")
@_friendly
def load(files, store, programme, format):
    """Load partnership files (CSV, long or wide layout) into a store.

    Every file is checked before anything is written: on any error the store is unchanged.
    """
    from .graph.store import load_into_store

    summary = load_into_store(files, store, format=format, programme=programme)
    click.echo(f"Loaded {summary.files} file(s): {summary.bids} bids, {summary.memberships} "
               f"memberships; {summary.triples_added} new triples "
               f"({summary.triples_after} in {store}).")


@cli.command()
@_store_option()
@click.option("--top", default=10, show_default=True, type=click.IntRange(1),
              help="How many organisations to list.")
@click.option("--format", "format", type=click.Choice(["table", "csv", "json", "md"]),
              default="table", show_default=True)
@_friendly
def report(store, top, format):
    """Most-connected partners, collaboration clusters and coverage."""
    from .reports import summary_report

    with _open(store) as kg:
        click.echo(summary_report(kg, top=top).render(format), nl=False)


def _parse_params(values) -> dict[str, str]:
    params = {}
    for item in values:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise click.BadParameter(f"{item!r} is not NAME=VALUE", param_hint="--param")
        params[name.strip()] = value
    return params


@cli.command()
@click.argument("name", required=False)
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE",
              help="Bind a query parameter (repeatable), e.g. org=\"Essex County Council\".")
@click.option("--file", "file", type=click.Path(dir_okay=False, path_type=Path),
              help="Run the SPARQL in this file.")
@click.option("--sparql", help="Run this SPARQL text.")
@click.option("--list", "list_", is_flag=True, help="List the named queries and exit.")
@click.option("--format", "format", type=click.Choice(TABLE_FORMATS), default="table",
              show_default=True, help="json is SPARQL 1.1 Query Results JSON.")
@_store_option()
@_friendly
def query(name, params, file, sparql, list_, format, store):
    """Run a named query (see --list), a .rq file or SPARQL text."""
    from .queries import named_queries
    from .query_runner import run_query

    if list_:
        for q in named_queries().values():
            click.echo(f"{q.name}: {q.description}")
            for p in q.parameters:
                click.echo(f"    --param {p.name}=...  ({p.type}) {p.doc}")
        return
    given = [x for x in (name, file, sparql) if x]
    if len(given) != 1:
        raise click.UsageError("give exactly one of NAME, --file or --sparql "
                               "(partnerkg query --list shows the names)")
    with _open(store) as kg:
        click.echo(run_query(kg, name=name, file=file, sparql=sparql,
                             params=_parse_params(params), format=format))


@cli.command()
@click.option("--output", "-o", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="HTML file to write.")
@click.option("--title", default="Partnership network", show_default=True)
@_store_option()
@_friendly
def viz(output, title, store):
    """Write an interactive network view (one HTML file that works offline)."""
    from .graph.viz import write_network_view

    with _open(store) as kg:
        path = write_network_view(kg, output, title=title)
    click.echo(f"Wrote {path}")


@cli.command()
@_store_option()
@_friendly
def validate(store):
    """Check the graph against the SHACL shapes; exit 1 when it breaks any."""
    from .graph.validate import validate_graph

    with _open(store) as kg:
        violations = validate_graph(kg.to_memory())
    if violations:
        for violation in violations:
            click.echo(f"- {violation}")
        raise click.ClickException(f"{len(violations)} SHACL violation(s)")
    click.echo("The graph conforms to the SHACL shapes.")


@cli.command()
@click.option("--format", "format", type=click.Choice(["ttl", "nt", "jsonld"]), default="ttl",
              show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              help="File to write (default: standard output).")
@_store_option()
@_friendly
def export(format, output, store):
    """Write the whole graph as Turtle, N-Triples (sorted) or JSON-LD."""
    from .graph.export import serialise

    with _open(store) as kg:
        text = serialise(kg.to_memory(), format)
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        click.echo(f"Wrote {output}", err=True)


def main() -> None:
    cli(prog_name="partnerkg")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
