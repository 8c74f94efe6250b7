"""Who may see and act on a case. Deny by default."""

from __future__ import annotations

from secondlook.accounts.choices import Role
from secondlook.accounts.models import User
from secondlook.accounts.selectors import site_ids_for
from secondlook.cases.models import Case


def access_purpose(user: User, case: Case) -> str | None:
    """Why this user may open this case (written to the audit log), or None if they may not."""
    if not user.is_authenticated or not user.is_active:
        return None
    if user.role == Role.PATIENT:
        patient_user_id = case.patient.user_id
        return "own record" if patient_user_id is not None and patient_user_id == user.pk else None
    if case.site_id not in site_ids_for(user):
        return None
    if case.navigator_id == user.pk:
        return "owning navigator"
    if case.reviewer_id == user.pk:
        return "attending reviewer"
    if user.role == Role.PROGRAM_ADMIN:
        return "program administration"
    return f"{user.get_role_display().lower()} at the case's site"


def can_view_case(user: User, case: Case) -> bool:
    return access_purpose(user, case) is not None


def is_navigator_of(user: User, case: Case) -> bool:
    return user.role == Role.NAVIGATOR and case.navigator_id == user.pk


def can_coordinate(user: User, case: Case) -> bool:
    """Navigator work on a case: the owning navigator, or a program admin covering."""
    if not can_view_case(user, case):
        return False
    return is_navigator_of(user, case) or user.role == Role.PROGRAM_ADMIN


def can_write_opinion(user: User, case: Case) -> bool:
    return (
        user.role == Role.SPECIALIST and case.reviewer_id == user.pk and can_view_case(user, case)
    )


def can_upload_records(user: User, case: Case) -> bool:
    if not can_view_case(user, case) or not case.is_open:
        return False
    return user.role in (
        Role.PATIENT,
        Role.NAVIGATOR,
        Role.PROGRAM_ADMIN,
        Role.SPECIALIST,
        Role.PATHOLOGIST,
        Role.RADIOLOGIST,
    )
