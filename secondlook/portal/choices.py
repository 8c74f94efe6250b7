from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Recommend(models.TextChoices):
    DEFINITELY_YES = "definitely_yes", _("Definitely yes")
    PROBABLY_YES = "probably_yes", _("Probably yes")
    PROBABLY_NO = "probably_no", _("Probably no")
    DEFINITELY_NO = "definitely_no", _("Definitely no")


class Agreement(models.TextChoices):
    """A 4-point experience item; 'does not apply' stays out of the rates."""

    ALWAYS = "always", _("Always")
    USUALLY = "usually", _("Usually")
    SOMETIMES = "sometimes", _("Sometimes")
    NEVER = "never", _("Never")


class JourneyStage(models.TextChoices):
    """Where the patient is, in their words: it picks the education they see first."""

    BEFORE_REVIEW = "before_review", _("Getting ready")
    IN_REVIEW = "in_review", _("While we review")
    AFTER_OPINION = "after_opinion", _("After your opinion")
    FOLLOW_UP = "follow_up", _("Follow-up")
