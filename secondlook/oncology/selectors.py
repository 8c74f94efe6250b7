from __future__ import annotations

from django.utils import timezone

from secondlook.cases.models import Case
from secondlook.oncology.facts import DiagnosisFacts


def _age(case: Case) -> int | None:
    born = case.patient.date_of_birth
    today = timezone.localdate()
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def case_diagnosis_facts(*, case: Case) -> DiagnosisFacts:
    """The case's disease as engines should read it.

    Until the diagnosis module confirms a structured diagnosis, this is what intake
    recorded: the cancer type, and the patient's age and sex. Everything else is unknown.
    """
    return DiagnosisFacts(
        cancer_type_code=case.cancer_type_code,
        cancer_type_name=case.cancer_type_name,
        age=_age(case),
        sex=case.patient.sex if case.patient.sex in ("female", "male") else "",
        sources={"cancer_type_code": "intake", "age": "intake", "sex": "intake"},
    )
