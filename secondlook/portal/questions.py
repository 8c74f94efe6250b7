"""A first list of questions for the patient to bring to their doctor, built from the case.

Pure: takes what the case knows (cancer type, stage, the options in the opinion, the
patient's own goals) and returns plain questions. The patient then edits the list as
they like; these are only a start. No Django import, so gettext is applied by the caller
through the `translate` argument.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class CaseForQuestions:
    cancer_type_name: str = ""
    stage_group: str = ""
    options: tuple[str, ...] = ()
    goals: str = ""
    own_questions: str = ""


def _identity(text: str) -> str:
    return text


def questions_for(case: CaseForQuestions, translate: Callable[[str], str] = _identity) -> list[str]:
    t = translate
    questions: list[str] = []
    if case.cancer_type_name:
        questions.append(
            t("Are you sure my cancer is %(type)s? Which tests showed it?")
            % {"type": case.cancer_type_name}
        )
    else:
        questions.append(t("What type of cancer do I have? Which tests showed it?"))
    if case.stage_group:
        questions.append(
            t("My stage is %(stage)s. What does that mean for me?") % {"stage": case.stage_group}
        )
    else:
        questions.append(t("What is the stage of my cancer? Do I need more tests to know?"))
    questions.append(t("Were gene or protein tests done on my tumor? Should they be?"))
    for option in case.options[:4]:
        questions.append(
            t("What would %(option)s mean for me: benefits, side effects, time?")
            % {"option": option}
        )
    questions.append(t("What are all my treatment choices, and which do you suggest? Why?"))
    questions.append(t("Is there a clinical trial I could join?"))
    if case.goals.strip():
        questions.append(
            t("What matters most to me is: %(goals)s. How does each choice fit with that?")
            % {"goals": case.goals.strip().rstrip(".")}
        )
    questions.append(t("Who do I call with questions at night or on a weekend?"))
    return questions
