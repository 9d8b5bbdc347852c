"""The ``ssc-rdf`` command: a thin layer over ``ssc_rdf.api``.

Exit codes: 0 ok, 1 validation failed, 2 usage or input error. Errors are one line
on standard error; ``-v`` adds the traceback.
"""

from __future__ import annotations

import sys
import traceback

import click

from . import __version__
from .errors import SscError
from .formats import FORMATS
from .namespaces import DEFAULT_BASE


class _Group(click.Group):
    """Turns the errors users can fix into one line and an exit code."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except SscError as exc:
            if ctx.obj and ctx.obj.get("verbose"):
                traceback.print_exc()
            click.echo(f"ssc-rdf: error: {exc}", err=True)
            sys.exit(exc.exit_code)
        except OSError as exc:
            if ctx.obj and ctx.obj.get("verbose"):
                traceback.print_exc()
            where = f"{exc.filename}: " if exc.filename else ""
            click.echo(f"ssc-rdf: error: {where}{exc.strerror or exc}", err=True)
            sys.exit(2)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="ssc-rdf")
@click.option("-v", "--verbose", is_flag=True, help="Show tracebacks and more detail.")
@click.pass_context
def main(ctx: click.Context, verbose: bool) -> None:
    """Turn what a biomedical review says into FAIR linked data.

    \b
    Examples:
      ssc-rdf convert data/velier-2022.yaml -o dist/
      ssc-rdf convert data/ -o - -f nt | wc -l
    """
    ctx.ensure_object(dict)["verbose"] = verbose


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("-o", "--output", "out", required=True,
              help="Output file, '-' for standard output, or a directory ending with '/'.")
@click.option("-f", "--format", "formats", multiple=True, metavar="FORMAT",
              help=f"RDF format: {', '.join(FORMATS)}. Repeat for several (with a directory). "
                   "Default: from the extension; for a directory turtle, json-ld and nt.")
@click.option("--base", default=DEFAULT_BASE, show_default=True, help="Base IRI of the resources minted.")
@click.option("-q", "--quiet", is_flag=True, help="Do not print the summary.")
def convert(inputs: tuple[str, ...], out: str, formats: tuple[str, ...], base: str, quiet: bool) -> None:
    """Convert curated review files (YAML) to RDF.

    INPUTS are files, directories (all their .yaml files) or '-' for standard input.

    \b
    Examples:
      ssc-rdf convert data/velier-2022.yaml -o dist/
      ssc-rdf convert data/velier-2022.yaml -o dist/ -f turtle -f trig -f xml
      ssc-rdf convert data/velier-2022.yaml -o review.jsonld
      ssc-rdf convert - -o - -f nt < data/velier-2022.yaml
      ssc-rdf convert data/ -o dist/ --base http://127.0.0.1:8000/
    """
    from . import api
    from .summary import print_summary

    result = api.convert(list(inputs), base=base)
    written = api.write(result, out, formats)
    if not quiet:
        print_summary(result, written)


if __name__ == "__main__":  # pragma: no cover
    main()
