"""`flask selfcheck review-pack`: write the review pack (review_pack.py) as PDF or HTML, with
the same settings as the app and no secret key (nothing is signed), and say what was written
or exactly what is wrong (exit 1).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import click

from .offline_app import fail, offline_app
from .review_examples import ExampleError
from .review_pack import build, render_html, render_pdf

FORMATS = {".pdf": "pdf", ".html": "html", ".htm": "html"}


def write(
    output: str, clinic_id: str | None, lang: str | None, examples: Sequence[str] = ()
) -> str:
    """Make the pack and write it to `output` (PDF or HTML, by its suffix); what to say."""
    target = Path(output)
    kind = FORMATS.get(target.suffix.lower())
    if kind is None:
        fail(f"-o {output}: the file name must end in .pdf or .html.")
    app, lang = offline_app(lang, clinic_id)
    with app.app_context():
        try:
            pack = build(app, clinic_id, lang, [Path(e) for e in examples])
        except ExampleError as error:
            fail(str(error))
        if kind == "pdf":
            content = render_pdf(app, pack)
        else:
            content = render_html(app, pack, standalone=True).encode("utf-8")
    try:
        target.write_bytes(content)
    except OSError as error:
        fail(f"-o {output}: cannot write it ({error.strerror}).")
    return (
        f"Wrote {output}: content version {pack.questionnaire.meta.version}, "
        f"{pack.questionnaire_file.name} SHA-256 {pack.questionnaire_file.sha256}."
    )


@click.command("review-pack")
@click.option("--clinic", "clinic_id", help="Include a clinic's profile and additions.")
@click.option("--lang", help="Language of the pack (default: the questionnaire's first).")
@click.option(
    "--example",
    "examples",
    multiple=True,
    type=click.Path(exists=False),
    help="A saved answers file to show as a worked example, or a folder of them (repeat).",
)
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False),
    help="FILE.pdf or FILE.html.",
)
def review_pack_command(
    clinic_id: str | None, lang: str | None, examples: tuple[str, ...], output: str
) -> None:
    """Write the content review pack a clinic's medical reviewer signs: every step, question,
    stop, notice and clinician question, each condition in plain words, the numbers the rules
    turn on, the sources, the list's rules, worked examples, the content version with the
    file's SHA-256, and a sign-off block."""
    click.echo(write(output, clinic_id, lang, examples))
