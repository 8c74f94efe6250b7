from __future__ import annotations

from django.db.models import QuerySet

from secondlook.accounts.choices import Role
from secondlook.accounts.models import Program, Site, User


def program_current() -> Program | None:
    """The program this installation runs (one per installation)."""
    return Program.objects.order_by("id").first()


def site_ids_for(user: User) -> set[int]:
    """Sites whose cases a staff member may see; program admins see every site."""
    if not user.is_authenticated or user.role == Role.PATIENT:
        return set()
    if user.role == Role.PROGRAM_ADMIN:
        return set(Site.objects.values_list("id", flat=True))
    cached = getattr(user, "_site_ids", None)
    if cached is None:
        cached = set(user.sites.values_list("id", flat=True))
        user._site_ids = cached  # type: ignore[attr-defined]
    return cached


def staff_list(*, role: str | None = None, site: Site | None = None) -> QuerySet[User]:
    users = User.objects.filter(is_active=True).exclude(role=Role.PATIENT)
    if role:
        users = users.filter(role=role)
    if site is not None:
        users = users.filter(sites=site)
    return users.order_by("last_name", "first_name")


def navigators_for_site(site: Site) -> QuerySet[User]:
    return staff_list(role=Role.NAVIGATOR, site=site)
