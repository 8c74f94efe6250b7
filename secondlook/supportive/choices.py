"""The NCCN Distress Thermometer problem list and the services it routes to."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProblemArea(models.TextChoices):
    PHYSICAL = "physical", _("Physical")
    PRACTICAL = "practical", _("Practical")
    FAMILY = "family", _("Family")
    EMOTIONAL = "emotional", _("Emotional")
    SPIRITUAL = "spiritual", _("Spiritual or religious")


class Problem(models.TextChoices):
    """Items of the problem list, worded as a patient reads them ("in the past week")."""

    PAIN = "pain", _("Pain")
    EATING = "eating", _("Eating, appetite or weight loss")
    NAUSEA = "nausea", _("Nausea or vomiting")
    FATIGUE = "fatigue", _("Feeling very tired")
    SLEEP = "sleep", _("Sleep")
    BREATHING = "breathing", _("Breathing")
    HOUSING = "housing", _("Housing")
    INSURANCE_MONEY = "insurance_money", _("Insurance or money")
    TRANSPORTATION = "transportation", _("Getting to appointments")
    WORK_SCHOOL = "work_school", _("Work or school")
    CHILD_CARE = "child_care", _("Caring for children or others")
    PARTNER = "partner", _("Dealing with a partner")
    CHILDREN = "children", _("Dealing with children")
    FAMILY_HEALTH = "family_health", _("Family health issues")
    WORRY = "worry", _("Worry or fear")
    SADNESS = "sadness", _("Sadness or depression")
    NERVOUSNESS = "nervousness", _("Nervousness")
    LOSS_OF_INTEREST = "loss_of_interest", _("Loss of interest in usual activities")
    SPIRITUAL = "spiritual", _("Questions about faith, meaning or purpose")
    SELF_HARM = "self_harm", _("Thoughts of hurting myself or ending my life")


PROBLEM_AREA: dict[str, str] = {
    Problem.PAIN: ProblemArea.PHYSICAL,
    Problem.EATING: ProblemArea.PHYSICAL,
    Problem.NAUSEA: ProblemArea.PHYSICAL,
    Problem.FATIGUE: ProblemArea.PHYSICAL,
    Problem.SLEEP: ProblemArea.PHYSICAL,
    Problem.BREATHING: ProblemArea.PHYSICAL,
    Problem.HOUSING: ProblemArea.PRACTICAL,
    Problem.INSURANCE_MONEY: ProblemArea.PRACTICAL,
    Problem.TRANSPORTATION: ProblemArea.PRACTICAL,
    Problem.WORK_SCHOOL: ProblemArea.PRACTICAL,
    Problem.CHILD_CARE: ProblemArea.PRACTICAL,
    Problem.PARTNER: ProblemArea.FAMILY,
    Problem.CHILDREN: ProblemArea.FAMILY,
    Problem.FAMILY_HEALTH: ProblemArea.FAMILY,
    Problem.WORRY: ProblemArea.EMOTIONAL,
    Problem.SADNESS: ProblemArea.EMOTIONAL,
    Problem.NERVOUSNESS: ProblemArea.EMOTIONAL,
    Problem.LOSS_OF_INTEREST: ProblemArea.EMOTIONAL,
    Problem.SELF_HARM: ProblemArea.EMOTIONAL,
    Problem.SPIRITUAL: ProblemArea.SPIRITUAL,
}


class Service(models.TextChoices):
    NUTRITION = "nutrition", _("Nutrition")
    PAIN_PALLIATIVE = "pain_palliative", _("Pain and palliative care")
    PSYCHO_ONCOLOGY = "psycho_oncology", _("Psycho-oncology (emotional support)")
    SOCIAL_WORK = "social_work", _("Social work")
    CHAPLAINCY = "chaplaincy", _("Chaplaincy (spiritual care)")
    FINANCIAL = "financial", _("Financial counselling")


class ScreenMoment(models.TextChoices):
    INTAKE = "intake", _("At intake")
    FOLLOW_UP = "follow_up", _("At follow-up")


class ScreenSource(models.TextChoices):
    PORTAL = "portal", "Patient, in the portal"
    NAVIGATOR = "navigator", "Staff, with the patient"


class ReferralStatus(models.TextChoices):
    OPEN = "open", "Open"
    CONTACTED = "contacted", "Patient contacted"
    COMPLETED = "completed", "Completed"
    DECLINED = "declined", "Patient declined"


CLOSED_REFERRAL_STATUSES = frozenset({ReferralStatus.COMPLETED, ReferralStatus.DECLINED})

# The task that is the alert of record for an urgent answer; the dashboard finds the ones
# nobody could be given by this title.
URGENT_ALERT_TITLE = "URGENT: the patient reported thoughts of self-harm. Call them now."
# The prompt to repeat the screen when a follow-up check-in falls due; the task's title
# adds which check-in, so there is one prompt per check-in.
RESCREEN_TITLE = "Follow-up: repeat the distress screen"
