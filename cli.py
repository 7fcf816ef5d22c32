"""The partnerkg command line: parse options, call one library function, print."""

from __future__ import annotations

import functools
import os
import signal
import sys
from pathlib import Path

import click

from .core.errors import OptionError, PartnerKGError
from .core.files import atomic_path
from .core.tables import TABLE_FORMATS, counted
from .queries.runner import QUERY_FORMATS

STORE_HELP = ("Store directory (default: $PARTNERKG_STORE, else the bundled TCA dataset "
              "in memory).")


def _store_option(required: bool = False, help: str | None = None):
    return click.option("--store", "store", envvar="PARTNERKG_STORE", required=required,
                        type=click.Path(file_okay=False, path_type=Path),
                        help=help or ("Store directory (or $PARTNERKG_STORE)." if required
                                      else STORE_HELP))


def _friendly(command):
    """Turn the library's errors into one clear line and exit 1, never a traceback."""
    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except BrokenPipeError:
            raise  # the reader left ("| head"): ``main`` ends quietly
        except OptionError as exc:
            raise click.UsageError(str(exc)) from None
        except PartnerKGError as exc:
            raise click.ClickException(str(exc)) from None
        except OSError as exc:
            target = f" {exc.filename}" if exc.filename else ""
            raise click.ClickException(f"cannot write{target}: {exc.strerror or exc}") from None
    return wrapper


def _open(store):
    from .pipeline import KnowledgeGraph

    return KnowledgeGraph.open(store)


def _check_resources(command: str, kg, store, what: str) -> None:
    """Refuse, before its work starts, a heavy ``command`` (see ``core.resources``) the
    machine lacks the free memory for on the store ``kg`` (at ``store``; None: the bundled
    data, small, not checked)."""
    if store is None:
        return
    from .core.resources import check_command
    from .network.analysis import membership_count

    check_command(command, membership_count(kg), what=f"'partnerkg {what}' on {store}")


_wait_option = click.option(
    "--wait", type=click.FloatRange(0), metavar="SECONDS", default=None,
    help="While another process writes the store, wait this long before refusing "
         "(default 10).")


def _refuse_output(output: Path, store, inputs=()) -> None:
    """An output inside the store the command reads (or $PARTNERKG_STORE's), or equal to an
    input, is refused before anything is read."""
    from .core.files import refuse_output
    from .graph.store import STORE_ENV

    refuse_output(output, inputs=inputs, stores=[store or os.environ.get(STORE_ENV)])


def _set_quiet(ctx, param, value) -> None:
    from .core import progress

    if value or ctx.parent is None:  # given after any command name, it holds for the run
        progress.quiet(value)


def _set_sector(ctx, param, value):
    return _sector(value)


def _set_date(ctx, param, value):
    return _date(value)


class _Confidence(click.FloatRange):
    """A number from 0 to 1; NaN, which no comparison holds for, is refused."""

    def convert(self, value, param, ctx):
        number = super().convert(value, param, ctx)
        if number != number:
            self.fail(f"{value!r} is not a number from 0 to 1", param, ctx)
        return number


_CONFIDENCE = _Confidence(0, 1)


#: The options every command that can honour one takes, each defined once here: a function
#: of click.option's overrides (``hidden=True`` for a command that refuses it).
COMMON_OPTIONS = {
    "store": lambda **more: _store_option(**more),
    "top": lambda **more: click.option(
        "--top", "--limit", "top", default=10, show_default=True, type=click.IntRange(1),
        help="How many rows to list (organisations, clusters).", **more),
    "round_label": lambda **more: click.option(
        "--round", "round_label", metavar="LABEL", help="Only the bids of this round.", **more),
    "sector": lambda **more: click.option(
        "--sector", metavar="NAME", callback=_set_sector,
        help="Only organisations of this sector (e.g. police).", **more),
    "as_of": lambda **more: click.option(
        "--as-of", "as_of", metavar="DATE", callback=_set_date,
        help="Count bodies that no longer existed on DATE (YYYY-MM-DD or 'today') as their "
             "successors.", **more),
    "min_confidence": lambda **more: click.option(
        "--min-confidence", type=_CONFIDENCE, metavar="X",
        help="Count only memberships whose source is at least this sure (0 to 1).", **more),
    "network": lambda **more: click.option(
        "--network", type=click.Choice(["partnerships", "funding", "co-funding",
                                        "shared-funders", "combined"]),
        help="The network measured: partnerships (shared bids), funding (funders and "
             "recipients, by grants), co-funding (funders, by shared recipients), "
             "shared-funders (recipients, by shared funders), combined (bids and grants) "
             "[default: partnerships, or funding where no bid has two members].", **more),
    "area": lambda **more: click.option(
        "--area", metavar="CODE|NAME",
        help="Only grants whose recipient or beneficiaries are in this area (a GSS code such "
             "as E07000066, or its name), as 360Giving files state it.", **more),
    "quiet": lambda **more: click.option(
        "--quiet", "-q", is_flag=True, expose_value=False, callback=_set_quiet,
        help="No progress bars on standard error.", **more),
}


def _format_option(choices, default: str = "table", help: str | None = None):
    """--format: the one way every command names its output format."""
    return click.option("--format", "format", type=click.Choice(choices), default=default,
                        show_default=True, help=help or "Output format.")


def _options(*names: str, refused: tuple[str, ...] = ()):
    """The common options ``names``, and ``refused`` ones hidden: giving one of those is a
    usage error that says the command does not take it (never silently ignored)."""
    def decorate(command):
        if refused:
            command = _refuse(refused)(command)
        for name in reversed(names + refused):
            command = COMMON_OPTIONS[name](**({"hidden": True} if name in refused else {}))(
                command)
        return command
    return decorate


def _option_name(ctx, name: str) -> str:
    return next(p.opts[0] for p in ctx.command.params if p.name == name)


def _refuse(names: tuple[str, ...]):
    from click.core import ParameterSource

    def decorate(command):
        @functools.wraps(command)
        def wrapper(*args, **kwargs):
            ctx = click.get_current_context()
            for name in names:
                if ctx.get_parameter_source(name) == ParameterSource.COMMANDLINE:
                    raise click.UsageError(f"'{ctx.command_path.split(' ', 1)[-1]}' does not "
                                           f"take {_option_name(ctx, name)}")
                kwargs.pop(name)
            return command(*args, **kwargs)
        return wrapper
    return decorate


class _Group(click.Group):
    """A group whose every command (and sub-group) takes --quiet, before or after its name."""

    group_class = type

    def add_command(self, cmd, name=None) -> None:
        if not any("--quiet" in p.opts for p in cmd.params):
            COMMON_OPTIONS["quiet"]()(cmd)
        super().add_command(cmd, name)

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            # Ctrl-C: say what became of a store being written (click would say "Aborted!")
            from .graph.store import writes_when_stopped

            said = writes_when_stopped()
            click.echo("\nStopped (Ctrl-C)" + (": " + "; ".join(said) if said else "") + ".",
                       err=True)
            raise SystemExit(130) from None


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="partnerkg")
@_options("quiet")
def cli():
    """A knowledge graph of partnerships between public bodies.

    With no --store, commands run on the bundled Transformation Challenge Award dataset.
    Progress is shown on standard error for long steps, when it is a terminal.
    """


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@_store_option(required=True)
@click.option("--programme", help="Funding programme for files without a programme column.")
@click.option("--format", "format", type=click.Choice(["csv", "xlsx", "360giving", "rdf", "text",
                                                      "pdf", "html"]),
              help="Read files as this format (default: by extension; a CSV with 360Giving's "
                   "column titles is read as 360Giving).")
@click.option("--sheet", help="Read only this sheet of a workbook (default: every sheet with "
                              "a table of bids).")
@click.option("--strict", is_flag=True, help="Refuse a 360Giving file with any grant that "
                                             "cannot be read (default: report it, load the rest).")
@click.option("--aliases", type=click.Path(dir_okay=False, path_type=Path),
              help="CSV of name,id pairs that fix how names resolve.")
@click.option("--text", "text", is_flag=True,
              help="The files are prose (press releases, news): read bids out of the text.")
@click.option("--append", is_flag=True,
              help="Keep what a file said when it was loaded before, beside what it says now "
                   "(by default a file loaded again replaces what it said).")
@click.option("--as-same", is_flag=True,
              help="A file whose bytes equal a file loaded before under another path (moved, "
                   "copied) is loaded as that file, replacing what it said (by default it is "
                   "loaded beside it, and a note says its facts count twice).")
@_wait_option
@_friendly
def load(files, store, programme, format, sheet, strict, aliases, text, append, as_same, wait):
    """Load partnership files into a store: CSV or XLSX (long or wide layout), 360Giving JSON,
    CSV or XLSX, PDF tables or text, saved web pages, RDF that uses the ontology (.ttl, .nt,
    .jsonld), or text.

    Every file is checked before anything is written: on any error the store is unchanged.
    A file loaded again (the same path) replaces what it said before, unless --append.
    """
    from .pipeline import load_into_store

    if text:
        if format not in (None, "text"):
            raise click.UsageError("--text reads prose; it cannot be combined with --format csv")
        format = "text"
    summary = load_into_store(files, store, format=format, programme=programme, aliases=aliases,
                              append=append, wait=wait, sheet=sheet, strict=strict,
                              as_same=as_same)
    click.echo(f"Loaded {counted(summary.files, 'file')}: {counted(summary.bids, 'bid')}, "
               f"{counted(summary.memberships, 'membership')}; "
               f"{counted(summary.triples_after, 'triple')} in {store} "
               f"({summary.triples_added:+,} triples).")
    if summary.without_lead:
        click.echo(f"{summary.without_lead} of the bids name no lead: their sources name the "
                   "bodies, not which one led (reports mark them 'lead not stated').")
    resolution = summary.resolution_message()
    if resolution:
        click.echo(f"Names: {resolution}: partnerkg resolve --review --store {store} lists "
                   "each", err=True)
    for message in summary.notes:
        click.echo(f"Note: {message}", err=True)
    for message in summary.skipped:
        click.echo(f"Not loaded: {message}", err=True)


#: What a report's options mean, before or after a detailed report's name.
_REPORT_OPTIONS = ("store", "top", "round_label", "sector", "as_of", "min_confidence",
                   "network", "area")
_output_dir_option = click.option(
    "--output-dir", type=click.Path(file_okay=False, path_type=Path), metavar="DIR",
    help="Write every table of the report to DIR, one CSV file each (TSV with --format tsv).")


def _report_format():
    from .reports.partnerships import REPORT_FORMATS

    return _format_option(REPORT_FORMATS, help="table and md to read; csv, tsv (one table: "
                                               "the main one) and json to process.")


@cli.group(invoke_without_command=True)
@_options(*_REPORT_OPTIONS)
@_report_format()
@_output_dir_option
@click.pass_context
@_friendly
def report(ctx, store, top, round_label, sector, as_of, min_confidence, network, area, format,
           output_dir):
    """Most-connected partners, collaboration clusters and coverage (one page).

    Subcommands give the detailed reports: partners, clusters, org, path, sectors, rounds.
    """
    if ctx.invoked_subcommand is not None:
        return
    from .reports.partnerships import summary_report

    _print_report(store, format, output_dir, lambda kg: summary_report(
        kg, top=top, as_of=as_of, min_confidence=min_confidence, round_label=round_label,
        sector=sector, network=network, area=area))


def _from_report_group(command):
    """Options written before a detailed report's name (``report --store S partners``) mean
    what they mean after it; one the detailed report does not take is a usage error."""
    from click.core import ParameterSource

    given = (ParameterSource.COMMANDLINE, ParameterSource.ENVIRONMENT)

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        ctx = click.get_current_context()
        group = ctx.parent
        for name in _REPORT_OPTIONS + ("format", "output_dir"):
            source = group.get_parameter_source(name)
            if source not in given:
                continue
            if name not in kwargs:  # refused by this report
                if source == ParameterSource.COMMANDLINE:
                    raise click.UsageError(f"'report {ctx.info_name}' does not take "
                                           f"{_option_name(group, name)}")
                continue
            if ctx.get_parameter_source(name) == ParameterSource.COMMANDLINE and \
                    kwargs[name] != group.params[name]:
                raise click.UsageError(f"{_option_name(group, name)} is given twice, before "
                                       f"and after '{ctx.info_name}', with different values")
            if ctx.get_parameter_source(name) != ParameterSource.COMMANDLINE:
                kwargs[name] = group.params[name]
        return command(*args, **kwargs)
    return wrapper


def _report_options(*refused: str):
    """A detailed report's options: the report group's, but for ``refused``."""
    def decorate(command):
        command = _output_dir_option(_report_format()(_from_report_group(command)))
        return _options(*[n for n in _REPORT_OPTIONS if n not in refused],
                        refused=refused)(command)
    return decorate


def _sector(text: str | None) -> str | None:
    from .ontology import sector_key

    if text is None:
        return None
    try:
        return sector_key(text)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--sector") from None


def _print_report(store, format, output_dir, build) -> None:
    """Build a report on the store and print it, or write its tables to ``output_dir``."""
    from .reports.partnerships import render_report, write_report

    if output_dir is not None and format not in ("table", "csv", "tsv"):
        raise click.UsageError("--output-dir writes CSV (or TSV) files: it cannot be combined "
                               f"with --format {format}")
    if output_dir is not None:
        _refuse_output(output_dir, store)
    with _open(store) as kg:
        _check_resources("report", kg, store, "report")
        made = build(kg)
    if output_dir is not None:
        for path in write_report(made, output_dir, "tsv" if format == "tsv" else "csv"):
            click.echo(f"Wrote {path}")
        return
    text, note = render_report(made, format)
    click.echo(text, nl=False)
    if note:
        click.echo(note, err=True)


@report.command("partners")
@click.option("--by", "by", default="degree", show_default=True,
              type=click.Choice(["degree", "strength", "betweenness", "eigenvector", "bids", "led",
                                 "funding", "funding_led", "core", "clustering", "brokerage",
                                 "sectors_spanned"]),
              help="The measure to rank by.")
@_report_options()
@_friendly
def report_partners(by, store, top, round_label, sector, as_of, min_confidence, network, area,
                    format, output_dir):
    """Organisations ranked by a measure, with every other measure and brokerage."""
    from .reports.partnerships import partners_report

    _print_report(store, format, output_dir, lambda kg: partners_report(
        kg, by=by, top=top, round_label=round_label, sector=sector,
        min_confidence=min_confidence, as_of=as_of, network=network, area=area))


@report.command("clusters")
@_report_options()
@_friendly
def report_clusters(store, top, round_label, sector, as_of, min_confidence, network, area,
                    format, output_dir):
    """Louvain clusters with modularity and stability (mean ARI over 10 seeds)."""
    from .reports.partnerships import clusters_report

    _print_report(store, format, output_dir, lambda kg: clusters_report(
        kg, top=top, round_label=round_label, sector=sector, min_confidence=min_confidence,
        as_of=as_of, network=network, area=area))


@report.command("org")
@click.argument("name")
@_report_options("top", "sector", "network", "area")
@_friendly
def report_org(name, store, round_label, as_of, min_confidence, format, output_dir):
    """One organisation: its measures and ranks, bids, partners and cluster."""
    from .reports.partnerships import org_report

    _print_report(store, format, output_dir, lambda kg: org_report(
        kg, name, round_label=round_label, min_confidence=min_confidence, as_of=as_of))


@report.command("path")
@click.argument("source")
@click.argument("target")
@_report_options("top", "sector", "network", "area")
@_friendly
def report_path(source, target, store, round_label, as_of, min_confidence, format, output_dir):
    """The shortest chain of shared bids joining SOURCE and TARGET."""
    from .reports.partnerships import path_report

    _print_report(store, format, output_dir, lambda kg: path_report(
        kg, source, target, round_label=round_label, min_confidence=min_confidence,
        as_of=as_of))


@report.command("sectors")
@_report_options("top", "sector", "network", "area")
@_friendly
def report_sectors(store, round_label, as_of, min_confidence, format, output_dir):
    """Sector-by-sector matrix of shared bids, and bids joining several sectors."""
    from .reports.partnerships import sectors_report

    _print_report(store, format, output_dir, lambda kg: sectors_report(
        kg, round_label=round_label, min_confidence=min_confidence, as_of=as_of))


@report.command("rounds")
@_report_options("top", "round_label", "network", "area")
@_friendly
def report_rounds(store, sector, as_of, min_confidence, format, output_dir):
    """Per round: bids, bodies, new bodies, pairs that worked together again."""
    from .reports.partnerships import rounds_report

    _print_report(store, format, output_dir, lambda kg: rounds_report(
        kg, sector=sector, min_confidence=min_confidence, as_of=as_of))


def _grant_report(name: str, summary: str):
    """``report NAME``: a report on grants, made by ``reports.funding.NAME_report``."""
    @report.command(name, help=summary)
    @_report_options("sector", "as_of", "network")
    @_friendly
    def command(store, top, round_label, min_confidence, area, format, output_dir):
        from .reports import funding

        build = getattr(funding, f"{name}_report")
        _print_report(store, format, output_dir, lambda kg: build(
            kg, top=top, round_label=round_label, min_confidence=min_confidence, area=area))
    return command


_grant_report("funders", "Per funder: grants, total, recipients, programmes, years, share to "
                         "each sector.")
_grant_report("recipients", "Per recipient: its funders year by year; the most co-funded "
                            "first.")
_grant_report("areas", "Per area the grants state: grants, recipients, funders, total.")


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@_format_option(["json", "table", "csv", "tsv"], default="json",
                help="json: every bid with its evidence; table: one line a bid, to read; csv "
                     "and tsv: the same lines, whole, to process.")
@click.option("--programme", metavar="NAME",
              help="Funding programme of a table that names none (as for load).")
@_friendly
def extract(files, format, programme):
    """Show the bids that load --text would read out of FILES (texts, web pages, PDFs), each
    with its evidence, without loading them; then those found that cannot be loaded, and why."""
    from .reports.extraction import render_extraction

    click.echo(render_extraction(files, format, programme))


@cli.command()
@click.option("--bids", required=True, type=click.IntRange(1), help="How many bids.")
@click.option("--orgs", required=True, type=click.IntRange(2), help="How many organisations.")
@click.option("--seed", default=1, show_default=True, type=int,
              help="Random seed: the same seed writes the same data.")
@click.option("--variants", default=0.0, show_default=True, type=click.FloatRange(0, 1),
              metavar="SHARE",
              help="Share of rows that write a body's name another way ('BC', capitals, '&'), "
                   "to try resolution on; a variant it cannot undo becomes an organisation of "
                   "its own.")
@click.option("--output", "-o", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="CSV file to write (long layout).")
@_friendly
def synth(bids, orgs, seed, variants, output):
    """Write realistic synthetic partnership data (deterministic for a seed): BIDS bids among
    exactly ORGS organisations, every one of which takes part."""
    from .pipeline import write_synthetic_data

    try:
        rows = write_synthetic_data(output, bids=bids, organisations=orgs, seed=seed,
                                    variants=variants)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    click.echo(f"Wrote {rows:,} rows ({bids:,} bids, {orgs:,} organisations) to {output}")


def _date(text: str | None) -> str | None:
    import datetime

    if text is None:
        return None
    if text.lower() == "today":
        return datetime.date.today().isoformat()
    try:
        return datetime.date.fromisoformat(text).isoformat()
    except ValueError:
        raise click.BadParameter(f"{text!r} is not a date (YYYY-MM-DD or 'today')",
                                 param_hint="--as-of") from None


@cli.command()
@click.argument("names", nargs=-1)
@click.option("--review", is_flag=True,
              help="List every name in the graph not matched by its exact register name "
                   "(alias, normalised, fuzzy, identifier, suggestion, ambiguous, unmatched).")
@click.option("--aliases", type=click.Path(dir_okay=False, path_type=Path),
              help="CSV of name,id pairs that fix how names resolve.")
@_format_option(TABLE_FORMATS)
@_store_option()
@_friendly
def resolve(names, review, aliases, format, store):
    """Show which register body each NAME resolves to, how, and the runner-up."""
    from .core.tables import render_table
    from .reports.resolution import render_resolutions, resolve_names, review_rows

    if bool(names) == review:
        raise click.UsageError("give NAMEs to resolve, or --review (not both)")
    with _open(store) as kg:
        resolver = kg.resolver(aliases)
        if review:
            header, rows = review_rows(kg, resolver)
            if format == "table" and not rows:
                click.echo("Every name is a register body's own name.")
            else:
                click.echo(render_table(header, rows, format))
            return
        results = resolve_names(resolver, names)
        click.echo(render_resolutions(results, format))
        for result in results:
            if result.get("warning"):
                click.echo(f"Note: {result['warning']}", err=True)


@cli.command()
@click.argument("files", nargs=-1, required=True)
@_store_option(required=True)
@_wait_option
@_friendly
def unload(files, store, wait):
    """Take out of a store what FILES said (paths, or locators as 'sources' lists them), as if
    they had never been loaded; what other files say too stays."""
    from .pipeline import unload_from_store

    before, after = unload_from_store(files, store, wait=wait)
    click.echo(f"Took out {len(files)} file(s): {after} triples in {store} "
               f"({after - before:+} triples).")


@cli.command()
@_format_option(TABLE_FORMATS)
@_store_option()
@_friendly
def sources(format, store):
    """List the files a store holds facts from: locator, content digest, bids, memberships."""
    with _open(store) as kg:
        found = kg.sources()
    _echo_rows(["locator", "digest", "bids", "memberships", "triples"], found, format)


def _echo_rows(header: list[str], rows: list[dict], format: str) -> None:
    """Rows of named cells as JSON (the dicts as they are) or as a table in ``format``."""
    import json

    from .core.tables import render_table

    if format == "json":
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
    else:
        click.echo(render_table(header, [["" if r[h] is None else r[h] for h in header]
                                         for r in rows], format))


@cli.group()
def register():
    """The register of public bodies names resolve against."""


@register.command("list")
@_format_option(TABLE_FORMATS)
@_store_option()
@_friendly
def register_list(format, store):
    """Print the register in use: id,name,sector,type,gss,region,start,end,successor."""
    from .resolution.register import REGISTER_FIELDS

    with _open(store) as kg:
        bodies = sorted(kg.register().bodies.values(), key=lambda b: b.id)
    _echo_rows(list(REGISTER_FIELDS), [b.row() for b in bodies], format)


@register.command("import")
@click.argument("path", type=click.Path(path_type=Path))
@_store_option(required=True)
@_wait_option
@_friendly
def register_import(path, store, wait):
    """Import a table of UK local authorities (mySociety's format) into a store."""
    from .pipeline import import_register_into_store

    count = import_register_into_store(path, store, wait=wait)
    click.echo(f"Imported {count} authorities into {store}.")


@register.command("add")
@click.argument("path", type=click.Path(path_type=Path))
@_store_option(required=True)
@_wait_option
@_friendly
def register_add(path, store, wait):
    """Add bodies to a store's register from a CSV or XLSX table: name and identifier, and
    optionally sector, aliases, gss, lat, long, start, end, successor. Names then resolve to
    them, and an --aliases file may point at them."""
    from .pipeline import add_register_into_store

    count = add_register_into_store(path, store, wait=wait)
    click.echo(f"Added {count} bodies to the register of {store}.")


def _parse_params(values) -> dict[str, str]:
    params = {}
    for item in values:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise click.BadParameter(f"{item!r} is not NAME=VALUE", param_hint="--param")
        params[name.strip()] = value
    return params


def _remote_options(command):
    """--user, --token and --insecure: how ``query --endpoint`` and ``push`` reach a store."""
    for option in reversed([
        click.option("--user", metavar="NAME",
                     help="Authenticate as NAME (HTTP Digest or Basic, as the server asks); the "
                          "password is asked for, or read from $PARTNERKG_PASSWORD. Without "
                          "it: user:password in the URL, $PARTNERKG_USER, or ~/.netrc."),
        click.option("--token", envvar="PARTNERKG_TOKEN", metavar="TOKEN",
                     help="Sent as 'Authorization: Bearer TOKEN' (or $PARTNERKG_TOKEN); "
                          "--token-file keeps it out of the process list."),
        click.option("--password-file", metavar="FILE",
                     help="Read --user's password from the first line of FILE (or the file "
                          "$PARTNERKG_PASSWORD_FILE names)."),
        click.option("--token-file", metavar="FILE",
                     help="Read the bearer token from the first line of FILE (or the file "
                          "$PARTNERKG_TOKEN_FILE names)."),
        click.option("--insecure", is_flag=True,
                     help="Do not check the server's TLS certificate (a warning says so)."),
    ]):
        command = option(command)
    return command


def _credentials(url: str, user: str | None, token: str | None,
                 password_file: str | None = None, token_file: str | None = None):
    """The credentials for ``url``; with --user, the password from --password-file,
    $PARTNERKG_PASSWORD (or the file $PARTNERKG_PASSWORD_FILE names) or a prompt that does not
    echo it."""
    from .endpoint.http import PASSWORD_ENV, PASSWORD_FILE_ENV, Credentials, read_secret

    token = read_secret(token_file, "--token-file") if token_file else token
    password = read_secret(password_file, "--password-file") if password_file else None
    if user and not token and password is None and PASSWORD_ENV not in os.environ and \
            PASSWORD_FILE_ENV not in os.environ:
        password = click.prompt(f"Password for {user}", hide_input=True, default="",
                                show_default=False, err=True)
    return Credentials.find(url, user=user, password=password, token=token)


def _warn(messages) -> None:
    for message in messages:
        click.echo(f"Warning: {message}", err=True)


@cli.command()
@click.argument("name", required=False)
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE",
              help="Bind a query parameter (repeatable), e.g. org=\"Essex County Council\".")
@click.option("--file", "file", type=click.Path(dir_okay=False, path_type=Path),
              help="Run the SPARQL in this file.")
@click.option("--sparql", help="Run this SPARQL text.")
@click.option("--list", "list_", is_flag=True, help="List the named queries and exit.")
@click.option("--format", "format", type=click.Choice(QUERY_FORMATS), default="table",
              show_default=True, help="json, csv and tsv are the SPARQL 1.1 Query Results "
                                      "formats; nt and ttl print a CONSTRUCT's graph.")
@click.option("--endpoint", metavar="URL",
              help="Ask this SPARQL endpoint instead of a local store, e.g. "
                   "http://127.0.0.1:7878/query.")
@click.option("--timeout", default=60.0, show_default=True, type=click.FloatRange(min=0.1),
              help="Seconds --endpoint has for its whole answer.")
@click.option("--max-answer-mb", default=100, show_default=True, type=click.IntRange(min=1),
              metavar="MB", help="Refuse an answer from --endpoint larger than this many "
                                 "megabytes (after decompression).")
@click.option("--limit", type=click.IntRange(1), metavar="N",
              help="Print at most N rows of a SELECT (standard error says how many there were).")
@click.option("--allow-partial", is_flag=True,
              help="Keep an answer the endpoint cut at its row limit (a warning says so) "
                   "instead of failing.")
@click.option("--allow-service", is_flag=True,
              help="Let a query run here fetch other URLs with SERVICE (refused by default: a "
                   "query file from elsewhere could reach into your network).")
@_remote_options
@_store_option()
@_friendly
def query(name, params, file, sparql, list_, format, endpoint, timeout, max_answer_mb, limit,
          allow_partial, allow_service, user, token, password_file, token_file, insecure, store):
    """Run a named query (see --list), a .rq file or SPARQL text."""
    from .queries import named_queries
    from .queries.runner import run_query

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
    notes: list[str] = []
    what = dict(name=name, file=file, sparql=sparql, params=_parse_params(params), format=format,
                limit=limit, notes=notes)
    if endpoint:
        from .endpoint.client import Endpoint

        given = click.get_current_context().get_parameter_source("store")
        if store and given == click.core.ParameterSource.COMMANDLINE:
            raise click.UsageError("give --endpoint or --store, not both")
        remote = Endpoint(endpoint, timeout, insecure=insecure, allow_partial=allow_partial,
                          credentials=_credentials(endpoint, user, token, password_file,
                                                   token_file),
                          max_bytes=max_answer_mb * 1_000_000)
        _warn(remote.warnings)
        shown = len(remote.warnings)
        try:
            text = run_query(remote, **what)
        finally:
            _warn(remote.warnings[shown:])
    else:
        with _open(store) as kg:
            text = run_query(kg, allow_service=allow_service, **what)
    click.echo(text, nl=not text.endswith("\n"))
    for note in notes:
        click.echo(f"Note: {note}", err=True)


@cli.command()
@_store_option(help="Store directory to serve (default: $PARTNERKG_STORE, else the bundled "
                    "TCA dataset, read-only, from a temporary store).")
@click.option("--port", default=7878, show_default=True, type=click.IntRange(1, 65535),
              help="TCP port to listen on.")
@click.option("--bind", "host", default="127.0.0.1", show_default=True,
              help="Address to listen on (0.0.0.0 opens it to the network).")
@click.option("--writable", is_flag=True,
              help="Also accept updates and Graph Store uploads (read-only by default).")
@click.option("--allow-service", is_flag=True,
              help="Let queries use SERVICE and updates use LOAD, which make the server fetch "
                   "other URLs (refused by default: a client could reach into the network the "
                   "server runs in).")
@click.option("--token", envvar="PARTNERKG_TOKEN", metavar="TOKEN",
              help="Require 'Authorization: Bearer TOKEN' for every write (or $PARTNERKG_TOKEN; "
                   "--token-file keeps it out of the process list) [default: one is made and "
                   "printed when --writable with a --bind beyond this machine].")
@click.option("--token-file", metavar="FILE",
              help="Read the token from the first line of FILE.")
@click.option("--timeout", default=60, show_default=True, type=click.IntRange(min=0),
              metavar="SECONDS", help="Stop a query after this many seconds of wall time "
                                      "(0: no limit).")
@click.option("--max-result-mb", default=100, show_default=True, type=click.IntRange(min=0),
              metavar="MB", help="Cut off an answer larger than this many megabytes (0: no limit).")
@click.option("--max-memory-mb", default=4000, show_default=True, type=click.IntRange(min=0),
              metavar="MB", help="Restart the Oxigraph server when it holds more memory than "
                                 "this, breaking off the queries it runs (0: no limit).")
@_friendly
def serve(store, port, host, writable, allow_service, token, token_file, timeout, max_result_mb,
          max_memory_mb):
    """Serve the store as a SPARQL 1.1 endpoint (the Oxigraph server) until Ctrl-C."""
    import contextlib

    from .endpoint.server import Server
    from .pipeline import bundled_store

    from .endpoint.http import read_secret

    if store is None and writable:
        raise click.UsageError("--writable needs --store DIR: the bundled dataset is served "
                               "read-only")
    token = read_secret(token_file, "--token-file") if token_file else token
    with bundled_store() if store is None else contextlib.nullcontext(store) as served:
        _serve(Server(served, host=host, port=port, writable=writable,
                      allow_service=allow_service, token=token, timeout=timeout or None,
                      max_result_bytes=max_result_mb * 1_000_000 or None,
                      max_memory_bytes=max_memory_mb * 1_000_000 or None), writable,
               show_token=token is None)


def _serve(server, writable: bool, show_token: bool = True) -> None:
    """Start ``server``, say where it answers (and the token it made), and wait until it
    stops."""
    server.start()
    click.echo(f"SPARQL endpoint: {server.url}")
    if writable:
        click.echo(f"Graph Store endpoint: {server.store_url}")
    else:
        click.echo(f"Pages: {server.base}/ (search, lists, a page per entity, the query page)")
    if server.token and show_token:
        click.echo(f"Writes need the header 'Authorization: Bearer {server.token}' "
                   "(partnerkg push --token).")
    click.echo(("Writable" if writable else "Read-only") + ". Stop with Ctrl-C.")
    sys.stdout.flush()
    raise SystemExit(server.wait())


@cli.command()
@click.option("--endpoint", required=True, metavar="URL",
              help="A Graph Store Protocol endpoint, e.g. http://127.0.0.1:7878/store.")
@click.option("--graph", "graph", metavar="IRI",
              help="Named graph to replace there [default: the data graph's own IRI].")
@click.option("--timeout", default=600.0, show_default=True, type=click.FloatRange(min=0.1),
              help="Seconds to wait for the endpoint.")
@_store_option(help="Store directory to upload (or $PARTNERKG_STORE).")
@click.option("--demo", is_flag=True, help="Push the bundled TCA dataset (no --store).")
@click.option("--update-endpoint", "update_url", metavar="URL",
              help="The SPARQL update endpoint that swaps the upload in [default: beside "
                   "--endpoint: /store -> /update (Oxigraph), /data -> /update (Fuseki)].")
@_remote_options
@_friendly
def push(endpoint, graph, timeout, store, demo, update_url, user, token, password_file,
         token_file, insecure):
    """Upload a store's graph to a triple store, replacing that named graph there."""
    from .endpoint.client import push as push_graph

    if bool(store) == demo:
        raise click.UsageError("push needs --store DIR (the graph to upload), or --demo to "
                               "upload the bundled dataset; not both")
    credentials = _credentials(endpoint, user, token, password_file, token_file)
    warnings: list[str] = []
    try:
        with _open(store) as kg:
            summary = push_graph(kg, endpoint, graph, timeout, update_url,
                                 credentials=credentials, insecure=insecure, warnings=warnings)
    finally:
        _warn(warnings)
    click.echo(f"Pushed {summary.triples:,} triples to <{summary.graph}> at {summary.url}.")


@cli.command()
@click.option("--output", "-o", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="HTML file to write (.html).")
@click.option("--view", type=click.Choice(["partners", "bipartite", "clusters"]),
              default="partners", show_default=True,
              help="partners: bodies joined by shared bids; bipartite: bodies and bids; "
                   "clusters: one node a cluster.")
@click.option("--ego", metavar="NAME", help="Only this body's neighbourhood.")
@click.option("--depth", default=1, show_default=True, type=click.IntRange(1, 5),
              help="Steps from --ego.")
@_options("round_label", "sector", "min_confidence", "network", "area")
@click.option("--min-degree", default=0, type=click.IntRange(0),
              help="Only organisations with at least this many partners.")
@click.option("--size-by", default="degree", show_default=True,
              type=click.Choice(["degree", "strength", "betweenness", "eigenvector", "bids",
                                 "led", "funding", "funding_led", "core", "clustering",
                                 "brokerage", "sectors_spanned"]),
              help="The measure that sizes each organisation's node.")
@click.option("--layout", type=click.Choice(["spring", "geo"]), default="spring",
              show_default=True, help="geo: councils at their coordinates (no map tiles).")
@click.option("--labels", default=25, show_default=True, type=click.IntRange(0),
              help="Label this many organisations (the largest).")
@click.option("--max-nodes", default=1500, show_default=True, type=click.IntRange(1),
              help="Above this, keep the top organisations and sum the rest up by cluster "
                   "(and, in the bipartite view, keep this many bids).")
@click.option("--max-edges", default=20_000, show_default=True, type=click.IntRange(1),
              help="Above this, draw the strongest ties between the organisations shown.")
@click.option("--title", help="The page's title [default: the network's: Partnership "
                              "network, Funding network ...].")
@_store_option()
@_friendly
def viz(output, view, ego, depth, round_label, sector, min_degree, min_confidence, network, area,
        size_by, layout, labels, max_nodes, max_edges, title, store):
    """Write an interactive network view: one HTML file that works offline."""

    from .views.network import ViewOptions, write_network_view

    if output.suffix.lower() not in (".html", ".htm"):
        raise click.UsageError(f"viz writes an HTML page: give -o a name ending in .html (for "
                               f"a network file: partnerkg export -o {output.stem}.gexf)")
    options = ViewOptions(view=view, ego=ego, depth=depth, round_label=round_label,
                          sector=_sector(sector), min_degree=min_degree,
                          min_confidence=min_confidence, size_by=size_by, layout=layout,
                          labels=labels, max_nodes=max_nodes, max_edges=max_edges,
                          title=title, network=network, area=area,
                          data_name=str(store or os.environ.get("PARTNERKG_STORE") or
                                        "bundled TCA dataset"))
    _refuse_output(output, store)
    with _open(store) as kg:
        _check_resources("viz", kg, store, "viz")
        path = write_network_view(kg, output, options)
    click.echo(f"Wrote {path}")


@cli.command()
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@_store_option()
@_friendly
def publish(folder, store):
    """Write the browsable graph (the pages `serve` answers, with each entity's Turtle,
    JSON-LD and N-Triples beside them) as a static site in FOLDER."""
    from .browse import publish as publish_site

    _refuse_output(folder, store)
    with _open(store) as kg:
        count = publish_site(kg, folder, progress=True)
    click.echo(f"Wrote {count:,} files to {folder} (open {folder / 'index.html'})")


@cli.command()
@_store_option()
@_friendly
def validate(store):
    """Check the graph against the SHACL shapes; exit 1 when it breaks any."""
    from .graph.validate import validate_store

    with _open(store) as kg:
        _check_resources("validate", kg, store, "validate")
        violations = validate_store(kg)
    if violations:
        for violation in violations:
            click.echo(f"- {violation}")
        raise click.ClickException(f"{len(violations)} SHACL violation(s)")
    click.echo("The graph conforms to the SHACL shapes.")


class _TextOut:
    """Text, or bytes of UTF-8 text, written to standard output through click (whose test
    runner and terminal handling see it)."""

    def __init__(self) -> None:
        import codecs

        # a block may end inside a character: the decoder keeps its first bytes for the next
        self._decoder = codecs.getincrementaldecoder("utf-8")()

    def write(self, data: bytes | str) -> int:
        click.echo(data if isinstance(data, str) else self._decoder.decode(data), nl=False)
        return len(data)

    def writelines(self, lines) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        sys.stdout.flush()

    def isatty(self) -> bool:
        return sys.stdout.isatty()


@cli.command()
@click.option("--format", "format", default=None,
              type=click.Choice(["ttl", "nt", "jsonld", "gexf", "graphml", "csv"]),
              help="RDF (ttl, nt, jsonld: the whole graph) or the co-partnership network with "
                   "measures and clusters (gexf, graphml; csv: node and edge lists in a folder) "
                   "[default: from the extension of -o, else ttl].")
@click.option("--output", "-o", type=click.Path(path_type=Path),
              help="File to write (- or none: standard output); for csv, a folder.")
@_store_option()
@_options("network")
@_friendly
def export(format, output, store, network):
    """Write the graph as RDF, or its network for Gephi and other tools."""
    from .exports.writers import NETWORK_FORMATS, export_format, export_rdf, write_network

    if output is not None and str(output) == "-":
        output = None
    if output is not None:
        _refuse_output(output, store)
    format = export_format(output, format)
    with _open(store) as kg:
        # an RDF export streams (its disk is checked once the graph is counted, in export_rdf)
        _check_resources("export-network" if format in NETWORK_FORMATS else "export-rdf", kg,
                         store, f"export --format {format}")
        if format in NETWORK_FORMATS:
            from .network.analysis import Analysis
            from .network.analysis import network_chosen

            network, note = network_chosen(kg, network)
            if note:
                click.echo(f"Note: {note}", err=True)
            written = write_network(Analysis.of(kg, network=network), format,
                                    output or _TextOut())
        elif network is not None:
            raise click.UsageError(f"--network chooses a network to write: give --format "
                                   f"{', '.join(NETWORK_FORMATS)}, not {format}")
        elif output is None:
            export_rdf(kg, format, _TextOut())
            return
        else:
            with atomic_path(output) as temporary, open(temporary, "wb") as handle:
                export_rdf(kg, format, handle, output=output)
            written = [output]
    for path in written:
        click.echo(f"Wrote {path}", err=True)


def main() -> None:
    # a termination signal unwinds like an exception, so temporary files and checkpoints are
    # removed and a store being written is put back (kill -9 is cleaned by the next command)
    def stop(signum, frame):
        raise SystemExit(128 + signum)
    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), stop)
    try:
        cli(prog_name="partnerkg")
        sys.stdout.flush()
    except BrokenPipeError:
        # "partnerkg export | head": the reader has what it wanted. Say nothing, and keep
        # Python from failing again when it flushes standard output at exit (Python's docs)
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
