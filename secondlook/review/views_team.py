"""Disease teams: everyone on staff can read them; program admins change them here,
without the Django admin."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from secondlook.accounts.choices import CLINICAL_ROLES, Role
from secondlook.accounts.models import Site, User
from secondlook.core.errors import ApplicationError
from secondlook.review import team_selectors, team_services
from secondlook.review.forms import TeamForm, TeamMemberForm
from secondlook.review.models import DiseaseTeam, DiseaseTeamMember
from secondlook.review.views import staff_required


def _member_form(
    team: DiseaseTeam, data: object = None, site_clinicians: list[User] | None = None
) -> TeamMemberForm:
    users = User.objects.filter(is_active=True, role__in=CLINICAL_ROLES, sites=team.site)
    form = TeamMemberForm(data, users=users.order_by("last_name"), prefix=f"team{team.pk}")
    if site_clinicians is not None:
        # The teams page shows one form per team: its choices come from one read of every
        # site's clinicians, not a query per team (the queryset still validates a POST).
        field = form.fields["user"]
        field.widget.choices = [  # type: ignore[attr-defined]
            ("", field.empty_label),  # type: ignore[attr-defined]
            *((user.pk, field.label_from_instance(user)) for user in site_clinicians),  # type: ignore[attr-defined]
        ]
    return form


def _clinicians_by_site(site_ids: set[int]) -> dict[int, list[User]]:
    """Active clinicians of each site, by last name, in one query."""
    links = (
        User.sites.through.objects.filter(
            site_id__in=site_ids, user__is_active=True, user__role__in=CLINICAL_ROLES
        )
        .select_related("user")
        .order_by("user__last_name", "user_id")
    )
    by_site: dict[int, list[User]] = {site_id: [] for site_id in site_ids}
    for link in links:
        by_site[link.site_id].append(link.user)
    return by_site


@staff_required
@require_http_methods(["GET", "POST"])
def teams(request: HttpRequest) -> HttpResponse:
    is_admin = request.user.role == Role.PROGRAM_ADMIN
    form = TeamForm(request.POST or None, sites=Site.objects.order_by("name")) if is_admin else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            try:
                team_services.disease_team_create(
                    actor=request.user,
                    site=form.cleaned_data["site"],
                    kind=form.cleaned_data["kind"],
                )
            except ApplicationError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, "Team created. Add its members below.")
                return redirect("review:teams")
    team_list = list(team_selectors.disease_teams_for(user=request.user))
    clinicians = _clinicians_by_site({team.site_id for team in team_list}) if is_admin else {}
    return render(
        request,
        "review/teams.html",
        {
            "teams": [
                (team, _member_form(team, site_clinicians=clinicians[team.site_id]))
                if is_admin
                else (team, None)
                for team in team_list
            ],
            "form": form,
            "is_admin": is_admin,
        },
        status=400 if form is not None and form.errors else 200,
    )


@staff_required
@require_POST
def team_member_add(request: HttpRequest, pk: int) -> HttpResponse:
    team = team_selectors.disease_teams_for(user=request.user).filter(pk=pk).first()
    if team is None or request.user.role != Role.PROGRAM_ADMIN:
        raise Http404
    form = _member_form(team, request.POST)
    if not form.is_valid():
        messages.error(request, "Choose a clinician who works at the team's site.")
        return redirect("review:teams")
    try:
        team_services.disease_team_member_add(actor=request.user, team=team, **form.cleaned_data)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"{form.cleaned_data['user'].display_name} added to {team.name}.")
    return redirect("review:teams")


@staff_required
@require_POST
def team_member_remove(request: HttpRequest, pk: int) -> HttpResponse:
    member = DiseaseTeamMember.objects.select_related("team", "user").filter(pk=pk).first()
    if member is None or request.user.role != Role.PROGRAM_ADMIN:
        raise Http404
    team_services.disease_team_member_remove(actor=request.user, member=member)
    messages.success(request, f"{member.user.display_name} removed from {member.team.name}.")
    return redirect("review:teams")
