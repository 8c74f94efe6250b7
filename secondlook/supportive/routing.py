"""Which supportive-care services a distress screen calls for (pure, no Django import).

NCCN guidance: a thermometer score at or above the cut-off (4 by default) means the
patient's distress needs a clinician, and the problems they ticked say which one. A few
problems route whatever the score: pain, eating and money worries have concrete help
behind them, and thoughts of self-harm are an emergency.
"""

from __future__ import annotations

from dataclasses import dataclass

PROBLEM_SERVICE: dict[str, str] = {
    "pain": "pain_palliative",
    "breathing": "pain_palliative",
    "nausea": "pain_palliative",
    "fatigue": "pain_palliative",
    "sleep": "psycho_oncology",
    "eating": "nutrition",
    "housing": "social_work",
    "transportation": "social_work",
    "work_school": "social_work",
    "child_care": "social_work",
    "partner": "social_work",
    "children": "social_work",
    "family_health": "social_work",
    "insurance_money": "financial",
    "worry": "psycho_oncology",
    "sadness": "psycho_oncology",
    "nervousness": "psycho_oncology",
    "loss_of_interest": "psycho_oncology",
    "spiritual": "chaplaincy",
    "self_harm": "psycho_oncology",
}

# Problems that route even below the cut-off.
ALWAYS_ROUTE = frozenset({"pain", "eating", "insurance_money", "self_harm"})
URGENT_PROBLEMS = frozenset({"self_harm"})
DEFAULT_THRESHOLD = 4


@dataclass(frozen=True)
class ReferralNeed:
    service: str
    problems: tuple[str, ...]
    urgent: bool


@dataclass(frozen=True)
class Routing:
    needs: tuple[ReferralNeed, ...]
    urgent: bool
    above_threshold: bool


def route(*, score: int, problems: tuple[str, ...], threshold: int = DEFAULT_THRESHOLD) -> Routing:
    """The referrals a screen needs, one per service, in a stable order."""
    if not 0 <= score <= 10:
        raise ValueError("The distress score runs from 0 to 10.")
    above = score >= threshold
    urgent = any(problem in URGENT_PROBLEMS for problem in problems)
    by_service: dict[str, list[str]] = {}
    for problem in problems:
        service = PROBLEM_SERVICE.get(problem)
        if service is None:
            raise ValueError(f"Unknown problem: {problem}")
        if above or problem in ALWAYS_ROUTE:
            by_service.setdefault(service, []).append(problem)
    if above and not by_service:
        # High distress with nothing ticked still needs someone to ask what is wrong.
        by_service["psycho_oncology"] = []
    needs = tuple(
        ReferralNeed(
            service=service,
            problems=tuple(found),
            urgent=any(problem in URGENT_PROBLEMS for problem in found),
        )
        for service, found in sorted(by_service.items())
    )
    return Routing(needs=needs, urgent=urgent, above_threshold=above)
