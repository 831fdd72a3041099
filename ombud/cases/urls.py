from django.urls import path

from ombud.cases import views

app_name = "cases"
urlpatterns = [
    path("<slug:org>/cases/", views.queue, name="queue"),
    path("<slug:org>/cases/export.csv", views.queue_export, name="queue_export"),
    path("<slug:org>/cases/register/", views.case_register, name="register"),
    path("<slug:org>/meetings/", views.meetings, name="meetings"),
    path("<slug:org>/notifications/", views.notification_list, name="notifications"),
    path("<slug:org>/notifications/read/", views.notifications_read, name="notifications_read"),
    path("<slug:org>/actions/", views.corrective_actions, name="actions"),
    path("<slug:org>/contacts/", views.contacts, name="contacts"),
    path("<slug:org>/privacy/warnings/", views.sensitive_warnings, name="sensitive_warnings"),
    path("<slug:org>/contacts/<int:contact_id>/link/", views.contact_link, name="contact_link"),
    path("<slug:org>/meetings/decide/<str:reference>/", views.meeting_decide,
         name="meeting_decide"),
    path("<slug:org>/cases/<str:reference>/", views.case_detail, name="case"),
    path("<slug:org>/cases/<str:reference>/steps/<slug:event_type>/", views.case_step,
         name="step"),
    path("<slug:org>/cases/<str:reference>/notes/", views.case_note_add, name="note"),
    path("<slug:org>/cases/<str:reference>/parties/", views.party_add, name="party"),
    path("<slug:org>/cases/<str:reference>/actions/", views.corrective_action_add,
         name="action"),
    path("<slug:org>/cases/<str:reference>/actions/<int:action_id>/done/",
         views.corrective_action_done, name="action_done"),
    path("<slug:org>/cases/<str:reference>/documents/", views.document_add, name="document"),
    path("<slug:org>/cases/<str:reference>/links/", views.tracking_links, name="links"),
    path("<slug:org>/cases/<str:reference>/seen/", views.complainant_news_seen, name="seen"),
    path("<slug:org>/cases/<str:reference>/take-over/", views.case_take_over, name="take_over"),
    path("<slug:org>/cases/<str:reference>/documents/<int:document_id>/",
         views.document_download, name="document_download"),
]
