"""The team part of ``annotator stats``: progress, pace, agreement, review queue.

Added to ``Store.stats()`` under new keys (the old keys never change shape);
documented in docs/teams.md and docs/cli.md.
"""

from __future__ import annotations

from typing import Any

from annotator.formats.agreement import agreement
from annotator.store import handout
from annotator.store.teams import marks_per_hour, reviewers, team_progress, waiting_for_review


def team_stats(store: Any, *, days: int = 7) -> dict[str, Any]:
    """``{"team": {"progress", "pace", "agreement", "review", "handout"}}`` for ``stats --json``.

    Agreement is Cohen's kappa on tokens per pair and layer, over the articles
    both of a pair marked done (``agreement`` has every other figure).
    """
    report = agreement(store)
    pairs: list[dict[str, Any]] = []
    for layer, entry in report["layers"].items():
        for i, pair in enumerate(entry["pairs"]):
            if len(pairs) <= i:
                pairs.append({"annotators": pair["annotators"], "articles": pair["articles"], "kappa": {}})
            pairs[i]["kappa"][layer] = pair["kappa"]
    return {
        "team": {
            "progress": team_progress(store),
            "pace": marks_per_hour(store, days=days),
            "agreement": {"articles": report["articles"], "pairs": pairs},
            "review": {"reviewers": reviewers(store), "waiting": len(waiting_for_review(store))},
            "handout": handout_stats(store),
        }
    }


def handout_stats(store: Any) -> dict[str, Any]:
    """``{"mode": "static"}``, or ``{"mode": "on-demand", "overlap", "open", "full"}``."""
    overlap = handout.overlap(store.conn)
    if overlap is None:
        return {"mode": "static"}
    open_, full = handout.counts(store, overlap)
    return {"mode": handout.ON_DEMAND, "overlap": overlap, "open": open_, "full": full}


def team_lines(stats: dict[str, Any]) -> list[str]:
    """The text ``annotator stats`` prints for the team part."""
    team = stats["team"]
    pace = team["pace"]
    lines = []
    for name, p in team["progress"].items():
        speed = pace["annotators"].get(name)
        rate = f"; {speed['marks_per_hour']} marks/hour over the last {pace['days']} days" if speed else ""
        more = f", {p['open']} more open to claim" if "open" in p else ""
        lines.append(f"  {name:<16} {p['assigned']} assigned, {p['done']} done, {p['todo']} todo{more}{rate}")
    if lines:
        lines.insert(0, "team:")
    out = team.get("handout", {})
    if out.get("mode") == handout.ON_DEMAND:
        lines.append(
            f"hand-out on demand, {out['overlap']} annotators per article: "
            f"{out['open']} articles open, {out['full']} full"
        )
    agreed = team["agreement"]
    if agreed["pairs"]:
        lines.append(
            f"agreement (token kappa per pair, over {agreed['articles']} articles done by two or more):"
        )
        for pair in agreed["pairs"]:
            figures = "  ".join(
                f"{layer} {'-' if v is None else f'{v:.3f}'}" for layer, v in pair["kappa"].items()
            )
            a, b = pair["annotators"]
            lines.append(f"  {a} / {b} ({pair['articles']} articles): {figures}")
    review = team["review"]
    lines.append(
        f"waiting for review: {review['waiting']} articles"
        + (
            f" (reviewers: {', '.join(review['reviewers'])})"
            if review["reviewers"]
            else " (no reviewers yet)"
        )
    )
    return lines
