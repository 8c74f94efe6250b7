from __future__ import annotations

from secondlook.cases import services
from secondlook.core.testing import Personas


def test_personas_build_and_nina_owns_pats_case(personas: Personas) -> None:
    assert personas.pat_case.navigator == personas.nina
    case = services.case_for_update(actor=personas.nina, case_id=personas.pat_case.pk)
    assert case.pk == personas.pat_case.pk
