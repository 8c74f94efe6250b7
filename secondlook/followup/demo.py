"""Demo follow-up: check-ins on every follow-up case (the first done on some), and one plan
revised after new results, signed and delivered, so a second opinion version exists."""

from __future__ import annotations

from secondlook.cases.choices import CaseStatus
from secondlook.cases.models import Case
from secondlook.followup.choices import CheckInStatus
from secondlook.followup.services import (
    check_in_complete,
    check_ins_schedule,
    plan_revision_deliver,
    plan_revision_draft,
)


def demo_extend(builder: object) -> None:
    from secondlook.demo.program import DEMO_PASSWORD
    from secondlook.review.services import opinion_sign

    cases = list(
        Case.objects.filter(status=CaseStatus.FOLLOW_UP)
        .select_related("navigator", "reviewer", "patient")
        .order_by("id")
    )
    for index, case in enumerate(cases):
        check_ins_schedule(actor=case.navigator, case=case)  # delivery has usually done it
        check_ins = list(case.check_ins.order_by("day"))
        if index % 2 == 0 and check_ins:
            check_in_complete(
                actor=case.navigator,
                check_in_id=check_ins[0].pk,
                status=CheckInStatus.DONE,
                note="Started treatment near home; doing well; no new questions.",
            )
    revised = next((case for case in cases if case.reviewer is not None), None)
    if revised is None:
        return
    revision = plan_revision_draft(
        actor=revised.reviewer,
        case=revised,
        what_changed="Add a genetic test of the tumor before choosing further treatment.",
        why="The patient uploaded a new report from the surgery showing a larger tumor.",
        verdict="refined",
        diagnosis="Diagnosis confirmed; the tumor is larger than first reported.",
        recommendations="Test the tumor for gene changes, then review the treatment plan.",
        answers="Yes, the new report changes one step of the plan, explained above.",
    )
    opinion_sign(actor=revised.reviewer, opinion=revision.opinion, password=DEMO_PASSWORD)
    plan_revision_deliver(actor=revised.navigator, revision_id=revision.pk)
