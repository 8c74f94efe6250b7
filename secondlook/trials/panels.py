"""The trials panel on the staff case page (registered in apps.py)."""

from __future__ import annotations

from secondlook.accounts.models import User
from secondlook.cases.models import Case
from secondlook.cases.permissions import can_coordinate, can_view_case
from secondlook.trials.forms import ReferralForm
from secondlook.trials.selectors import case_last_match_run, case_referrals, case_trial_matches

SHOWN = 10


def staff_trials_panel(user: User, case: Case) -> dict[str, object] | None:
    if not user.is_clinic_staff or not can_view_case(user, case):
        return None
    referrals = list(case_referrals(case=case))
    matches = case_trial_matches(case=case, referrals=referrals)
    return {
        "trial_matches": matches[:SHOWN],
        "trial_match_run": case_last_match_run(case=case),
        "trial_referrals": referrals,
        "can_refer": can_coordinate(user, case),
        "referral_form": ReferralForm(),
    }
