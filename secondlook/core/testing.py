"""Test personas, readable as a story.

Nina navigates at the Pasadena site and Nate at the Chicago site. Olivia is a medical
oncologist and Paul a pathologist at Pasadena. Pat is a patient whose case Nina owns;
Quinn is another patient, at Chicago. Every permission test uses these people.
"""

from __future__ import annotations

from dataclasses import dataclass

from secondlook.accounts.choices import Role, Specialty
from secondlook.accounts.models import Program, Site, User
from secondlook.accounts.tests.factories import ProgramFactory, SiteFactory, UserFactory
from secondlook.cases.choices import CaseStatus
from secondlook.cases.models import Case
from secondlook.cases.tests.factories import CaseFactory, PatientFactory


@dataclass
class Personas:
    program: Program
    pasadena: Site
    chicago: Site
    nina: User  # navigator, Pasadena
    nate: User  # navigator, Chicago
    olivia: User  # medical oncologist, Pasadena
    raj: User  # radiation oncologist, Chicago
    paul: User  # pathologist, Pasadena
    rita: User  # radiologist, Pasadena
    carmen: User  # tumor board chair, Pasadena
    sam: User  # supportive care, Pasadena
    ada: User  # program admin
    pat: User  # patient
    quinn: User  # another patient
    pat_case: Case  # Pat's case at Pasadena, owned by Nina, records pending
    quinn_case: Case  # Quinn's case at Chicago, owned by Nate, records pending

    @property
    def staff(self) -> list[User]:
        return [
            self.nina,
            self.nate,
            self.olivia,
            self.raj,
            self.paul,
            self.rita,
            self.carmen,
            self.sam,
            self.ada,
        ]

    @property
    def everyone(self) -> list[User]:
        return [*self.staff, self.pat, self.quinn]


def make_personas() -> Personas:
    program = ProgramFactory(name="City of Hope-style Second Opinion Program")
    pasadena = SiteFactory(program=program, name="Pasadena Cancer Center", code="pasadena")
    chicago = SiteFactory(program=program, name="Chicago Cancer Center", code="chicago")

    def staff(username: str, role: str, site: Site | None, specialty: str = "") -> User:
        return UserFactory(
            username=username,
            first_name=username.capitalize(),
            last_name="Synthetic",
            role=role,
            specialty=specialty,
            sites=[site] if site else [],
        )

    nina = staff("nina", Role.NAVIGATOR, pasadena)
    nate = staff("nate", Role.NAVIGATOR, chicago)
    olivia = staff("olivia", Role.SPECIALIST, pasadena, Specialty.MEDICAL_ONCOLOGY)
    raj = staff("raj", Role.SPECIALIST, chicago, Specialty.RADIATION_ONCOLOGY)
    paul = staff("paul", Role.PATHOLOGIST, pasadena, Specialty.PATHOLOGY)
    rita = staff("rita", Role.RADIOLOGIST, pasadena, Specialty.RADIOLOGY)
    carmen = staff("carmen", Role.TUMOR_BOARD_CHAIR, pasadena, Specialty.MEDICAL_ONCOLOGY)
    sam = staff("sam", Role.SUPPORTIVE_CARE, pasadena, Specialty.SOCIAL_WORK)
    ada = staff("ada", Role.PROGRAM_ADMIN, None)
    pat = staff("pat", Role.PATIENT, None)
    quinn = staff("quinn", Role.PATIENT, None)
    pat_case = CaseFactory(
        patient=PatientFactory(user=pat, first_name="Pat", last_name="Synthetic"),
        site=pasadena,
        navigator=nina,
        status=CaseStatus.RECORDS_PENDING,
    )
    quinn_case = CaseFactory(
        patient=PatientFactory(user=quinn, first_name="Quinn", last_name="Synthetic"),
        site=chicago,
        navigator=nate,
        status=CaseStatus.RECORDS_PENDING,
    )
    return Personas(
        program,
        pasadena,
        chicago,
        nina,
        nate,
        olivia,
        raj,
        paul,
        rita,
        carmen,
        sam,
        ada,
        pat,
        quinn,
        pat_case,
        quinn_case,
    )


def put_on_case(case: Case, *clinicians: User) -> None:
    """Put clinicians on a case as the program does, so they may see it (cases.permissions).

    A specialist, pathologist or radiologist is proposed as a specialist reviewer (not
    confirmed: no review task, no findings form); a supportive-care clinician gets the
    case on their worklist through a distress screen below the referral threshold.
    Navigators, chairs and program admins see their sites' cases without this.
    """
    from secondlook.review.models import CaseReviewer
    from secondlook.supportive.choices import ScreenMoment, ScreenSource
    from secondlook.supportive.models import DistressScreen

    for clinician in clinicians:
        if clinician.role == Role.SUPPORTIVE_CARE:
            DistressScreen.objects.create(
                case=case,
                score=2,
                moment=ScreenMoment.INTAKE,
                source=ScreenSource.NAVIGATOR,
                completed_by=clinician,
                threshold=4,
            )
        else:
            CaseReviewer.objects.get_or_create(
                case=case,
                reviewer=clinician,
                defaults={"specialty": clinician.specialty, "reason": "On the case's review."},
            )
