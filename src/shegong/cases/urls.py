from django.urls import path

from . import views

app_name = "cases"
urlpatterns = [
    path("", views.caseload, name="caseload"),
    path("households/", views.household_list, name="household-list"),
    path("households/import/", views.roster_import, name="roster-import"),
    path("households/import/template/", views.roster_template, name="roster-template"),
    path("households/new/", views.household_create, name="household-create"),
    path("households/<int:pk>/", views.household_detail, name="household-detail"),
    path("households/<int:pk>/edit/", views.household_update, name="household-update"),
    path("households/<int:pk>/members/new/", views.member_create, name="member-create"),
    path("households/<int:pk>/officers/", views.household_officers, name="household-officers"),
    path("households/<int:pk>/pdf/", views.household_pdf, name="household-pdf"),
    path("households/<int:pk>/full/", views.household_full_file, name="household-full-file"),
    path("households/<int:pk>/cases/new/", views.case_create, name="case-create"),
    path("<int:pk>/", views.case_detail, name="case-detail"),
    path("<int:pk>/recheck/", views.case_recheck, name="case-recheck"),
    path("<int:pk>/advance/", views.case_advance, name="case-advance"),
    path("<int:pk>/records/<str:step>/", views.case_record, name="case-record"),
    path("<int:pk>/visits/new/", views.visit_create, name="visit-create"),
    path("households/<int:pk>/consents/new/", views.consent_create, name="consent-create"),
    path("consents/<int:pk>/withdraw/", views.consent_withdraw, name="consent-withdraw"),
    path("windows/", views.walk_in_list, name="walk-in-list"),
    path("windows/new/", views.walk_in_create, name="walk-in-create"),
    path("windows/<int:pk>/", views.walk_in_detail, name="walk-in-detail"),
    path("<int:pk>/linkages/new/", views.linkage_create, name="linkage-create"),
    path("referrals/", views.referral_list, name="referral-list"),
    path("<int:pk>/referrals/new/", views.referral_create, name="referral-create"),
    path("referrals/<int:pk>/answer/", views.referral_answer, name="referral-answer"),
    path("referrals/<int:pk>/close/", views.referral_close, name="referral-close"),
]
