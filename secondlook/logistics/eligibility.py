"""Who may receive travel, lodging and transportation benefits, and why not."""

from __future__ import annotations

from dataclasses import dataclass

from secondlook.cases.choices import GOVERNMENT_PAYERS, PayerType
from secondlook.cases.models import Case

MAX_TRAVELLERS = 2  # the patient and one caregiver


@dataclass(frozen=True)
class Eligibility:
    eligible: bool
    reason: str


def travel_eligibility(case: Case) -> Eligibility:
    """Program policy: patient and one caregiver, except government-program beneficiaries.

    Federal anti-kickback rules forbid offering Medicare, Medicaid, TRICARE or VA
    beneficiaries travel, lodging or transportation benefits; an unknown payer must be
    confirmed first so we never give a benefit we would have to take back.
    """
    if case.payer_type in GOVERNMENT_PAYERS:
        payer = PayerType(case.payer_type).label
        return Eligibility(
            False,
            f"The patient is covered by {payer}, a government health program. Federal rules "
            "do not allow us to give travel, lodging or transportation benefits to its "
            "beneficiaries.",
        )
    if case.payer_type == PayerType.UNKNOWN:
        return Eligibility(
            False,
            "The patient's insurance is not recorded yet. Record it on the intake details "
            "first: government-program beneficiaries cannot receive travel benefits.",
        )
    return Eligibility(True, "Travel and lodging are covered for the patient and one caregiver.")
