"""How the patient's goals re-order and annotate options (pure, no Django import).

Tags come from the entry (fertility_sparing, gonadotoxic, curative, intensive, gentle,
near_home, daily_visits) and from the option's modality and category; each goal puts
the options that serve it first and adds a plain note to the options it touches.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from secondlook.therapies.kb import CATEGORIES, EVIDENCE_LEVELS

if TYPE_CHECKING:
    from secondlook.therapies.matcher import Option

_GOAL_FIRST = {
    "fertility": "fertility_sparing",
    "avoid_surgery": "non_surgical",
    "cure": "curative",
    "stay_near_home": "near_home",
    "quality_of_life": "gentle",
}
_GOAL_NOTES = {
    ("fertility", "gonadotoxic"): "May affect fertility: offer fertility preservation first.",
    ("fertility", "fertility_sparing"): "Fertility-sparing: fits the goal of keeping fertility.",
    ("avoid_surgery", "surgery"): "This is surgery, which the patient hopes to avoid.",
    ("avoid_surgery", "non_surgical"): "Avoids surgery, as the patient prefers.",
    ("cure", "curative"): "Given with the aim of cure.",
    ("stay_near_home", "daily_visits"): "Daily visits for weeks: ask about treatment near home.",
    ("stay_near_home", "near_home"): "Can usually be given close to home.",
    ("quality_of_life", "intensive"): "Intensive: discuss side effects against quality of life.",
    ("quality_of_life", "gentle"): "Lighter treatment burden, in keeping with quality of life.",
    ("longer_life", "survival_benefit"): "Shown to lengthen survival in its trials.",
}


def _tags(option: Option) -> set[str]:
    tags = set(option.tags)
    if option.modality == "surgery":
        tags.add("surgery")
    else:
        tags.add("non_surgical")
    if option.modality == "radiation":
        tags.add("daily_visits")
    if option.category in ("targeted_therapy", "immunotherapy"):
        tags.update({"near_home", "survival_benefit"})
    if option.modality == "surveillance":
        tags.update({"gentle", "near_home"})
    return tags


def annotate(option: Option, goals: tuple[str, ...]) -> Option:
    tags = _tags(option)
    notes = tuple(
        note for (goal, tag), note in _GOAL_NOTES.items() if goal in goals and tag in tags
    )
    why = option.why + (". " + " ".join(notes) if notes else "")
    return replace(option, goal_notes=notes, why=why)


def sort_key(option: Option, goals: tuple[str, ...]) -> tuple[int, int, int]:
    tags = _tags(option)
    goal_rank = sum(1 for goal in goals if _GOAL_FIRST.get(goal) in tags)
    penalty = int("fertility" in goals and "gonadotoxic" in tags) + int(
        "avoid_surgery" in goals and option.modality == "surgery"
    )
    return (
        CATEGORIES.index(option.category),
        penalty - goal_rank,
        EVIDENCE_LEVELS.index(option.evidence_level),
    )
