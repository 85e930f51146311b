from django.urls import path

from . import views

app_name = "policy"
urlpatterns = [
    path("", views.document_list, name="document-list"),
    path("search/", views.clause_search, name="search"),
    path("rules/", views.rule_list, name="rule-list"),
    path("what-if/", views.what_if_view, name="what-if"),
    path("findings/", views.finding_list, name="finding-list"),
    path("findings/scan/", views.scan_now, name="scan"),
    path("findings/<int:pk>/", views.finding_detail, name="finding-detail"),
    path("<slug:slug>/", views.document_detail, name="document-detail"),
    path("<slug:slug>/parameters/<slug:key>/", views.parameter_detail, name="parameter-detail"),
]
