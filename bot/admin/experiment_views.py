"""Starting and ending prompt experiments from the message library; both are audited."""

from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from flask_login import current_user

import messages
from bot import experiments
from bot.admin.site import audit, blueprint, now


def _back(prompt_id: str):
    return redirect(url_for("admin.library") + f"#prompt-{prompt_id}")


def _letters(prompt, digests) -> str:
    index = {v.digest: experiments.letter(i) for i, v in enumerate(prompt.variants)}
    return ", ".join(index.get(d, "?") for d in digests)


@blueprint.post("/library/<prompt_id>/experiments")
def start_experiment(prompt_id: str):
    """Start an experiment between the variants ticked on the library page."""
    library = messages.load()
    if not library.has(prompt_id):
        abort(404)
    prompt = library.prompt(prompt_id)
    try:
        experiment = experiments.start(prompt, request.form.getlist("variant"), current_user.email, now(),
                                       request.form.get("note", "").strip())
    except experiments.ExperimentError as error:
        flash(f"Not started: {error}", "error")
        return _back(prompt_id)
    arms = _letters(prompt, experiment.arm_digests)
    audit("start_experiment", detail=f"#{experiment.id} on {prompt_id}: variants {arms}")
    flash(f"Experiment #{experiment.id} started: each member now gets one of variants {arms}, for good.")
    return _back(prompt_id)


@blueprint.post("/experiments/<int:experiment_id>/end")
def end_experiment(experiment_id: int):
    """End an experiment, naming a winner (or none); optionally retire the losing variants from the rotation."""
    winner = request.form.get("winner") or None
    try:
        experiment = experiments.end(experiment_id, winner, request.form.get("retire") == "yes", current_user.email,
                                     now())
    except experiments.ExperimentError as error:
        flash(f"Not ended: {error}", "error")
        return redirect(url_for("admin.library"))
    prompt = messages.load().prompt(experiment.prompt_id)
    chosen = _letters(prompt, [experiment.winner]) if experiment.winner else "none"
    retired = _letters(prompt, sorted(experiment.retired)) if experiment.retired else "none"
    audit("end_experiment", detail=f"#{experiment.id} on {experiment.prompt_id}: winner {chosen}, retired {retired}")
    flash(f"Experiment #{experiment.id} ended; winner: {chosen}; retired from the rotation: {retired}.")
    return _back(experiment.prompt_id)
