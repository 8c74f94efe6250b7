"""The supportive-care panels on the staff case page and the patient's case page."""

from __future__ import annotations

from secondlook.accounts.models import User
from secondlook.cases.models import Case
from secondlook.supportive.forms import DistressScreenForm, ReferralOutcomeForm
from secondlook.supportive.permissions import can_record_screen, can_work_referral
from secondlook.supportive.selectors import screens_of, supportive_record_for


def staff_panel(user: User, case: Case) -> dict[str, object] | None:
    if not user.is_clinic_staff:
        return None
    screens, referrals = supportive_record_for(user=user, case=case)
    for referral in referrals:
        referral.workable = can_work_referral(user, referral)  # type: ignore[attr-defined]
        referral.mine = referral.owner_id == user.pk  # type: ignore[attr-defined]
    return {
        "screens": screens,
        "referrals": referrals,
        "screen_form": DistressScreenForm() if can_record_screen(user, case) else None,
        "outcome_form": ReferralOutcomeForm(),
    }


def patient_panel(user: User, case: Case) -> dict[str, object] | None:
    if not can_record_screen(user, case) and not case.distress_screens.exists():
        return None
    latest = screens_of(case=case).first()
    return {
        "latest_screen": latest,
        "can_screen": can_record_screen(user, case),
    }
