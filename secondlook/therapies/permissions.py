"""Who may curate the knowledge base and who may put options in an opinion.

Curators: every program admin, and a specialist a program admin has flagged as curator
(a `Curator` row, granted in the admin site). Choosing options for the draft opinion
belongs to the case's attending reviewer, as writing the opinion does.
"""

from __future__ import annotations

from secondlook.accounts.choices import Role
from secondlook.accounts.models import User
from secondlook.cases.models import Case
from secondlook.cases.permissions import can_view_case, can_write_opinion


def can_curate(user: User) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if user.role == Role.PROGRAM_ADMIN:
        return True
    from secondlook.therapies.models import Curator

    return user.role == Role.SPECIALIST and Curator.objects.filter(user=user).exists()


def can_browse_knowledge(user: User) -> bool:
    return user.is_authenticated and user.is_active and user.is_clinic_staff


def can_see_options(user: User, case: Case) -> bool:
    return user.is_clinic_staff and can_view_case(user, case)


def can_choose_options(user: User, case: Case) -> bool:
    return can_write_opinion(user, case) and case.is_open
