from django.urls import path

from ombud.newsletter import staff_views, views

app_name = "newsletter"
urlpatterns = [
    path("<slug:org>/newsletter/", views.subscribe, name="subscribe"),
    path("<slug:org>/newsletter/sent/", views.sent, name="sent"),
    path("<slug:org>/newsletter/confirm/<str:token>/", views.confirm, name="confirm"),
    path("<slug:org>/newsletter/unsubscribe/<str:token>/", views.unsubscribe,
         name="unsubscribe"),
    path("<slug:org>/newsletter/withdraw/", views.withdraw, name="withdraw"),
    path("<slug:org>/newsletter/subscribers/", staff_views.subscribers, name="subscribers"),
]
