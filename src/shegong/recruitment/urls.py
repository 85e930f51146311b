"""Job postings (SZ-05, SM-12), unified recruitment (HZ-11) and volunteers (SM-14)."""

from django.urls import path

from . import views

app_name = "recruitment"
urlpatterns = [
    path("", views.posting_list, name="posting-list"),
    path("postings/new/", views.posting_create, name="posting-create"),
    path("postings/<int:pk>/", views.posting_detail, name="posting-detail"),
    path("postings/<int:pk>/publish/", views.posting_publish, name="posting-publish"),
    path("postings/<int:pk>/close/", views.posting_close, name="posting-close"),
    path("postings/<int:pk>/applications/new/", views.application_create, name="application-create"),
    path("applications/<int:pk>/", views.application_detail, name="application-detail"),
    path("applications/<int:pk>/advance/", views.application_advance, name="application-advance"),
    path("applications/<int:pk>/hire/", views.application_hire, name="application-hire"),
    path("applications/<int:pk>/reject/", views.application_reject, name="application-reject"),
    path("applications/<int:pk>/objections/new/", views.objection_create, name="objection-create"),
    path("objections/<int:pk>/decide/", views.objection_decide, name="objection-decide"),
    path("talent-pool/", views.talent_pool, name="talent-pool"),
    path("talent-pool/new/", views.talent_pool_join, name="talent-pool-join"),
    path("volunteers/", views.volunteer_list, name="volunteer-list"),
    path("volunteers/new/", views.volunteer_create, name="volunteer-create"),
    path("volunteers/<int:pk>/", views.volunteer_detail, name="volunteer-detail"),
    path("volunteers/<int:pk>/pair/", views.volunteer_pair, name="volunteer-pair"),
    path("practitioners/<int:pk>/volunteers/", views.practitioner_volunteers, name="practitioner-volunteers"),
    path("activities/", views.activity_list, name="activity-list"),
    path("activities/new/", views.activity_create, name="activity-create"),
    path("activities/<int:pk>/", views.activity_detail, name="activity-detail"),
    path("cases/<int:pk>/assistance/", views.case_assistance, name="case-assistance"),
]
