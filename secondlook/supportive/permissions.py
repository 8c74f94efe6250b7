"""Who may fill a distress screen and who works a referral. Deny by default."""

from __future__ import annotations

from secondlook.accounts.choices import Role
from secondlook.accounts.models import User
from secondlook.cases.models import Case
from secondlook.cases.permissions import access_purpose, can_coordinate, can_view_case
from secondlook.supportive.models import Referral


def can_record_screen(user: User, case: Case) -> bool:
    """The patient on their own open case, or the navigator / supportive clinician with them."""
    if not case.is_open:
        return False
    if user.role == Role.PATIENT:
        return access_purpose(user, case) == "own record"
    return can_coordinate(user, case) or (
        user.role == Role.SUPPORTIVE_CARE and can_view_case(user, case)
    )


def can_work_referral(user: User, referral: Referral) -> bool:
    """The owner, a program admin, or any supportive clinician at the site while unowned."""
    if not can_view_case(user, referral.case):
        return False
    if user.role == Role.PROGRAM_ADMIN or referral.owner_id == user.pk:
        return True
    return user.role == Role.SUPPORTIVE_CARE and referral.owner_id is None
