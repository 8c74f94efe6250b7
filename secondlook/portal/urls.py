from __future__ import annotations

from django.urls import path
from django.views.i18n import set_language

from secondlook.portal import views, views_patient, views_referring

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("language/", set_language, name="set_language"),
    path("request/", views.request_opinion, name="request"),
    path("request/thank-you/", views.request_done, name="request_done"),
    path("cases/<int:pk>/", views.case_detail, name="case"),
    path("cases/<int:pk>/another-opinion/", views.request_another, name="request_another"),
    path("cases/<int:pk>/learn/", views_patient.education, name="education"),
    path("cases/<int:pk>/learn/<slug:slug>/", views_patient.article, name="article"),
    path("cases/<int:pk>/ask-your-doctor/", views_patient.questions, name="questions"),
    path(
        "cases/<int:pk>/ask-your-doctor/print/",
        views_patient.questions_print,
        name="questions_print",
    ),
    path("cases/<int:pk>/messages/", views_patient.message_thread, name="messages"),
    path("cases/<int:pk>/messages/reply/", views_patient.staff_reply, name="staff_reply"),
    path("cases/<int:pk>/messages/read/", views_patient.staff_mark_read, name="staff_mark_read"),
    path("cases/<int:pk>/survey/", views_patient.survey, name="survey"),
    path("send-records/<str:token>/", views_referring.referring_upload, name="referring_upload"),
    path(
        "cases/<int:pk>/referring-links/",
        views_referring.referring_link_issue,
        name="referring_link_issue",
    ),
    path(
        "cases/<int:pk>/referring-links/<int:link_pk>/revoke/",
        views_referring.referring_link_revoke,
        name="referring_link_revoke",
    ),
]
