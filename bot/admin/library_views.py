"""The message library page: every prompt and variant, its advice points, a rendered preview, its SMS cost.

Read fresh from prompts.yaml on each visit, so an operator sees their edit
(and any lint problem in it) before the app is restarted to pick it up.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from flask import render_template

from bot import experiments
from bot.admin import variants as results_by_variant
from bot.admin.site import blueprint, now
from messages.library import SAMPLE_VALUES, Library, LibraryError, Prompt, placeholders
from messages.segments import Segments, count

# The advice points of shared/ADVICE.md, by id.
ADVICE = {
    "A1": "time", "A2": "room", "A3": "reception", "A4": "less, not never",
    "A5": "experiment", "A6": "it is hard", "A7": "don't over-read", "A8": "hope",
}
PROBLEM = re.compile(r"^(?P<id>\S+?)(?: variant (?P<variant>\d+))?: (?P<text>.*)$")


@dataclass(frozen=True)
class VariantView:
    index: int
    text: str
    advice: tuple[str, ...]
    preview: str | None
    segments: Segments | None
    problems: list[str]
    digest: str = ""

    @property
    def letter(self) -> str:
        return experiments.letter(self.index)


@dataclass(frozen=True)
class Trial:
    """What the library shows of one experiment: the row, its arms' results and the verdict."""

    experiment: experiments.Experiment
    results: list[results_by_variant.Result]
    verdict: str | None


@dataclass(frozen=True)
class Outcomes:
    """A measured prompt's results by variant, its running experiment and its past ones."""

    results: list[results_by_variant.Result]
    verdict: str | None
    running: Trial | None
    past: list[Trial]
    retired: set[str]


@dataclass(frozen=True)
class PromptView:
    prompt: Prompt
    variants: list[VariantView]
    problems: list[str]  # about the prompt as a whole
    outcomes: Outcomes | None = None


def outcomes(prompt: Prompt) -> Outcomes:
    """Results by variant over the last RESULTS_DAYS, and for the running experiment: six statements."""
    at = now()
    found = results_by_variant.results(prompt.variants, at)
    trials = []
    for experiment in experiments.history(prompt.id):
        arms = results_by_variant.results(prompt.variants, at, experiment.id, experiment.arm_digests) \
            if experiment.ended_at is None else []
        trials.append(Trial(experiment, arms, results_by_variant.verdict(arms) if arms else None))
    running = next((t for t in trials if t.experiment.ended_at is None), None)
    retired = set().union(*(t.experiment.retired for t in trials))
    return Outcomes(found, results_by_variant.verdict(found), running,
                    [t for t in trials if t is not running], retired)


def _preview(text: str) -> tuple[str | None, Segments | None]:
    if set(placeholders(text)) - set(SAMPLE_VALUES):
        return None, None  # an unknown placeholder: lint says so
    rendered = text.format_map(SAMPLE_VALUES)
    return rendered, count(rendered)


def prompt_views(library: Library) -> tuple[list[PromptView], int]:
    """Every prompt with its lint problems attached to the prompt or variant they name; and the problem count."""
    problems: dict[tuple[str, int | None], list[str]] = {}
    found = library.lint()
    for line in found:
        match = PROBLEM.match(line)
        key = (match["id"], int(match["variant"]) if match["variant"] else None) if match else ("", None)
        problems.setdefault(key, []).append(match["text"] if match else line)
    views = []
    for prompt_id in library.ids():
        prompt = library.prompt(prompt_id)
        variants = []
        for i, variant in enumerate(prompt.variants):
            preview, segments = _preview(variant.text)
            variants.append(VariantView(i, variant.text, variant.advice, preview, segments,
                                        problems.get((prompt_id, i), []), variant.digest))
        measured = outcomes(prompt) if prompt_id in experiments.MEASURED else None
        views.append(PromptView(prompt, variants, problems.get((prompt_id, None), []), measured))
    return views, len(found)


@blueprint.get("/library")
def library():
    try:
        loaded = Library.load()
    except LibraryError as error:
        return render_template("admin/library.html", error=str(error), prompts=[], problem_count=0,
                               advice=ADVICE, samples=SAMPLE_VALUES)
    prompts, problem_count = prompt_views(loaded)
    return render_template("admin/library.html", error=None, prompts=prompts, problem_count=problem_count,
                           advice=ADVICE, samples=SAMPLE_VALUES, results_days=results_by_variant.RESULTS_DAYS,
                           min_decided=results_by_variant.MIN_DECIDED)
