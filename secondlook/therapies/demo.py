"""Demo data: the starter knowledge base, and Olivia the oncologist as a curator."""

from __future__ import annotations

from typing import Any

from secondlook.accounts.choices import Role
from secondlook.therapies.models import Curator
from secondlook.therapies.services import knowledge_starter_load


def demo_extend(builder: Any) -> None:
    admin = next((u for u in builder.staff.values() if u.role == Role.PROGRAM_ADMIN), None)
    knowledge_starter_load(actor=admin)
    oncologist = builder.staff.get("olivia.oncologist")
    if oncologist is not None:
        Curator.objects.get_or_create(
            user=oncologist,
            defaults={"granted_by": admin, "note": "Demo: medical oncology curator"},
        )
