"""Who may see and act on a case. Deny by default, by site and by role.

Who sees a case (issue 3, and issue 7: "a reviewer not on the case cannot see it"):

- a patient: their own cases only;
- a navigator: every case at their sites, since any of them may take a new request or
  cover a colleague's case;
- a tumor-board chair: every case at their sites, since they build and run the site's
  board agendas from the cases ready for board, before anyone is on those cases;
- a specialist, pathologist or radiologist: only the cases at their sites they are on:
  the attending, a proposed or confirmed (not declined) specialist reviewer, a member of
  a disease team with the case on one of its board agendas, or that session's chair;
- a supportive-care clinician: the cases at their sites with a supportive-care referral
  or a distress screen, i.e. the cases on their worklist;
- a program admin: every case;
- any other role: nothing.

`access_purpose` (one case) and `case_access_filter` (a queryset of cases) are the one
place this is decided; both read the same conditions, so the pages, the API and every
list agree. The review and supportive-care apps build on cases, so their models are
imported when a check runs, not when this module loads.
"""

from __future__ import annotations

from functools import reduce
from operator import or_

from django.db.models import Exists, OuterRef, Q

from secondlook.accounts.choices import Role
from secondlook.accounts.models import User
from secondlook.accounts.selectors import site_ids_for
from secondlook.cases.models import Case

# Roles that see every case at their sites (the program admin sees every site).
SITE_WIDE_ROLES = frozenset({Role.NAVIGATOR, Role.TUMOR_BOARD_CHAIR, Role.PROGRAM_ADMIN})
# Clinicians who see a case only when they are on it.
CASE_TEAM_ROLES = frozenset({Role.SPECIALIST, Role.PATHOLOGIST, Role.RADIOLOGIST})
# Set by cases.selectors.case_get_for on the case it reads for a request: (user id,
# purpose). The panels of that page ask again; a clinician's answer is not re-queried.
READ_FOR = "_access_purpose_read_for"


def _care_team_conditions(user: User) -> list[tuple[str, Exists]]:
    """What puts this clinician on a case, beyond being its navigator or attending, each
    with the purpose the audit log records.

    Each condition is a subquery on the Case row (OuterRef("pk")), so it filters a
    queryset of cases with no query per row. Empty for a role that is on no case this way.
    """
    from secondlook.review.choices import ReviewerStatus
    from secondlook.review.models import BoardAgendaItem, CaseReviewer
    from secondlook.supportive.models import DistressScreen, Referral

    case = OuterRef("pk")
    if user.role in CASE_TEAM_ROLES:
        reviewing = CaseReviewer.objects.filter(case=case, reviewer_id=user.pk).exclude(
            status=ReviewerStatus.DECLINED
        )
        on_board = BoardAgendaItem.objects.filter(case=case).filter(
            Q(session__team__members__user_id=user.pk) | Q(session__chair_id=user.pk)
        )
        return [
            ("specialist reviewer", Exists(reviewing)),
            ("tumor board", Exists(on_board)),
        ]
    if user.role == Role.SUPPORTIVE_CARE:
        return [
            ("supportive-care referral", Exists(Referral.objects.filter(case=case))),
            ("distress screen", Exists(DistressScreen.objects.filter(case=case))),
        ]
    return []


def case_access_filter(user: User) -> Q:
    """The cases this user may see, as a filter on Case (see the module docstring).

    Used by `cases.selectors.cases_visible_to`, the base of every case list.
    """
    if not user.is_authenticated or not user.is_active:
        return Q(pk__in=[])
    if user.role == Role.PATIENT:
        return Q(patient__user_id=user.pk)
    at_sites = Q(site_id__in=site_ids_for(user))
    if user.role in SITE_WIDE_ROLES:
        return at_sites
    named = Q(navigator_id=user.pk) | Q(reviewer_id=user.pk)
    conditions = [condition for _, condition in _care_team_conditions(user)]
    return at_sites & reduce(or_, conditions, named)


def access_purpose(user: User, case: Case) -> str | None:
    """Why this user may open this case (written to the audit log), or None if they may not.

    The same rule as `case_access_filter`, for one case already loaded: site-wide roles
    need no query; a clinician's involvement is read in one query.
    """
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
    if user.role in SITE_WIDE_ROLES:
        return f"{user.get_role_display().lower()} at the case's site"
    remembered = getattr(case, READ_FOR, None)
    if remembered is not None and remembered[0] == user.pk:
        return remembered[1]
    conditions = _care_team_conditions(user)
    if not conditions:
        return None
    found = (
        Case.objects.filter(pk=case.pk)
        .annotate(**{f"via_{i}": condition for i, (_, condition) in enumerate(conditions)})
        .values_list(*(f"via_{i}" for i in range(len(conditions))))
        .first()
    )
    if found is None:
        return None
    return next((purpose for (purpose, _), on in zip(conditions, found, strict=True) if on), None)


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
