"""Opinion pages under /staff/ beside the case pages; the patient's download under /portal/."""

from __future__ import annotations

from django.urls import path

from secondlook.review import views, views_board, views_case, views_portal, views_team

app_name = "review"

urlpatterns = [
    path("staff/cases/<int:pk>/opinion/", views.opinion_edit, name="opinion_edit"),
    path("staff/cases/<int:pk>/opinion/sign/", views.opinion_sign, name="opinion_sign"),
    path("staff/cases/<int:pk>/opinion/versions/", views.opinion_versions, name="opinion_versions"),
    path(
        "staff/cases/<int:pk>/opinion/versions/<int:number>/",
        views.opinion_version,
        name="opinion_version",
    ),
    path("staff/cases/<int:pk>/opinion.pdf", views.opinion_pdf, name="opinion_pdf"),
    path(
        "staff/cases/<int:pk>/opinion/versions/<int:number>.pdf",
        views.opinion_version_pdf,
        name="opinion_version_pdf",
    ),
    path(
        "staff/cases/<int:pk>/opinion/deliver-correction/",
        views.correction_deliver,
        name="correction_deliver",
    ),
    path(
        "staff/cases/<int:pk>/opinion/summary-<str:language>.pdf",
        views_portal.staff_summary_pdf,
        name="staff_summary_pdf",
    ),
    path(
        "staff/cases/<int:pk>/opinion/send-to-referring/",
        views_case.send_to_referring,
        name="send_to_referring",
    ),
    path("staff/cases/<int:pk>/opinion/fhir/", views_case.fhir_export, name="fhir_export"),
    path(
        "staff/cases/<int:pk>/opinion/questions/<int:question_id>/answer/",
        views_case.addendum_write,
        name="addendum_write",
    ),
    path("staff/cases/<int:pk>/review/propose/", views_case.reviewers_propose, name="propose"),
    path("staff/cases/<int:pk>/review/confirm/", views_case.reviewers_confirm, name="confirm"),
    path("staff/cases/<int:pk>/review/findings/", views_case.findings_edit, name="findings"),
    path("staff/cases/<int:pk>/review/board-ready/", views_case.board_ready, name="board_ready"),
    path("staff/cases/<int:pk>/voice/", views_case.voice_edit, name="voice_edit"),
    path("staff/teams/", views_team.teams, name="teams"),
    path("staff/teams/<int:pk>/members/", views_team.team_member_add, name="team_member_add"),
    path(
        "staff/teams/members/<int:pk>/remove/",
        views_team.team_member_remove,
        name="team_member_remove",
    ),
    path("staff/board/", views_board.board_sessions, name="board_sessions"),
    path("staff/board/<int:pk>/", views_board.board_session, name="board_session"),
    path("staff/board/<int:pk>/agenda/", views_board.board_agenda_build, name="board_agenda_build"),
    path("staff/board/<int:pk>/start/", views_board.board_start, name="board_start"),
    path("staff/board/<int:pk>/close/", views_board.board_close, name="board_close"),
    path("staff/board/<int:pk>/attendance/", views_board.board_attendance, name="board_attendance"),
    path("staff/board/<int:pk>/summary.csv", views_board.board_summary, name="board_summary"),
    path(
        "staff/board/items/<int:pk>/move/<str:direction>/",
        views_board.board_item_move,
        name="board_item_move",
    ),
    path("staff/board/items/<int:pk>/", views_board.board_presentation, name="board_presentation"),
    path(
        "staff/board/items/<int:pk>/consensus/", views_board.board_consensus, name="board_consensus"
    ),
    path("staff/board/items/<int:pk>/dissent/", views_board.board_dissent, name="board_dissent"),
    path("portal/cases/<int:pk>/goals/", views_portal.voice_save, name="portal_voice"),
    path("portal/cases/<int:pk>/questions/", views_portal.question_ask, name="portal_question"),
    path(
        "portal/cases/<int:pk>/opinion/summary-<str:language>.pdf",
        views_portal.patient_summary_pdf,
        name="patient_summary_pdf",
    ),
    # The patient's download; the portal links to it (staff get a 404 here).
    path(
        "portal/cases/<int:pk>/opinion.pdf", views.patient_opinion_pdf, name="patient_opinion_pdf"
    ),
]
