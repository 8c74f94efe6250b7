from __future__ import annotations

from django.db import models


class TrialSource(models.TextChoices):
    CTGOV = "ctgov", "ClinicalTrials.gov"
    LOCAL = "local", "Added by a site"


class TrialStatus(models.TextChoices):
    RECRUITING = "RECRUITING", "Recruiting"
    NOT_YET_RECRUITING = "NOT_YET_RECRUITING", "Not yet recruiting"
    ENROLLING_BY_INVITATION = "ENROLLING_BY_INVITATION", "Enrolling by invitation"
    ACTIVE_NOT_RECRUITING = "ACTIVE_NOT_RECRUITING", "Active, not recruiting"
    SUSPENDED = "SUSPENDED", "Suspended"
    TERMINATED = "TERMINATED", "Terminated"
    COMPLETED = "COMPLETED", "Completed"
    WITHDRAWN = "WITHDRAWN", "Withdrawn"
    UNKNOWN = "UNKNOWN", "Unknown"


class TrialSex(models.TextChoices):
    ALL = "ALL", "Any sex"
    FEMALE = "FEMALE", "Female only"
    MALE = "MALE", "Male only"


class CriterionKind(models.TextChoices):
    INCLUSION = "inclusion", "Inclusion"
    EXCLUSION = "exclusion", "Exclusion"


class MatchVerdict(models.TextChoices):
    POSSIBLY_ELIGIBLE = "possibly_eligible", "Possibly eligible"
    NOT_ELIGIBLE = "not_eligible", "Not eligible"
    EXCLUDED = "excluded", "Excluded"


class ReferralStatus(models.TextChoices):
    DISCUSSED = "discussed", "Discussed with patient"
    REFERRED = "referred", "Referred to trial team"
    SCREENING = "screening", "In screening"
    ENROLLED = "enrolled", "Enrolled"
    DECLINED = "declined", "Declined"


# A trial the team still stands behind for this patient: the opinion may cite it.
CHOSEN_STATUSES = frozenset(
    {
        ReferralStatus.DISCUSSED,
        ReferralStatus.REFERRED,
        ReferralStatus.SCREENING,
        ReferralStatus.ENROLLED,
    }
)
