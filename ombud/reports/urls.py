from django.urls import path

from ombud.reports import views

app_name = "reports"
urlpatterns = [
    path("<slug:org>/reports/", views.report, name="annual"),
    path("<slug:org>/reports/cases/", views.report_cases, name="cases"),
    path("<slug:org>/reports/annual.<str:fmt>", views.report_export, name="export"),
]
