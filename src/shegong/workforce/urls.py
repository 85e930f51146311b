from django.urls import path

from . import pay_views, views

app_name = "workforce"
urlpatterns = [
    path("", views.practitioner_list, name="practitioner-list"),
    path("export/", views.practitioner_export, name="practitioner-export"),
    path("import/", views.practitioner_import, name="practitioner-import"),
    path("import/template/", views.practitioner_template, name="practitioner-template"),
    path("new/", views.practitioner_create, name="practitioner-create"),
    path("me/", views.my_file, name="my-file"),
    path("complaints/", views.complaint_queue, name="complaint-queue"),
    path("salary-guides/", pay_views.salary_guide_list, name="salary-guide-list"),
    path("salary-guides/new/", pay_views.salary_guide_create, name="salary-guide-create"),
    path("salary-guides/<int:pk>/", pay_views.salary_guide_detail, name="salary-guide-detail"),
    path("salary-guides/<int:pk>/edit/", pay_views.salary_guide_edit, name="salary-guide-edit"),
    path("<int:pk>/", views.practitioner_detail, name="practitioner-detail"),
    path("<int:pk>/recheck/", views.practitioner_recheck, name="practitioner-recheck"),
    path("<int:pk>/id-number/", views.practitioner_reveal_id, name="practitioner-reveal-id"),
    path("<int:pk>/filing/", views.practitioner_transition, name="practitioner-transition"),
    path("<int:pk>/certificates/new/", views.certificate_create, name="certificate-create"),
    path("<int:pk>/training/new/", views.training_record_create, name="training-record-create"),
    path("<int:pk>/employment/new/", views.employment_create, name="employment-create"),
    path("<int:pk>/assessments/new/", views.assessment_create, name="assessment-create"),
    path("<int:pk>/assessments/<int:assessment>/sign/", views.assessment_sign, name="assessment-sign"),
    path("<int:pk>/complaints/new/", views.complaint_create, name="complaint-create"),
    path(
        "<int:pk>/complaints/<int:complaint>/steps/new/",
        views.complaint_step_create,
        name="complaint-step-create",
    ),
    path("<int:pk>/complaints/<int:complaint>/close/", views.complaint_close, name="complaint-close"),
    path("<int:pk>/violations/new/", views.violation_create, name="violation-create"),
    path("<int:pk>/decisions/new/", views.decision_create, name="decision-create"),
    path("<int:pk>/decisions/<int:decision>/disclose/", views.disclosure_create, name="disclosure-create"),
    path("<int:pk>/rank/", pay_views.rank_set, name="rank-set"),
    path("<int:pk>/pay/new/", pay_views.pay_record_create, name="pay-record-create"),
    path("<int:pk>/insurance/new/", pay_views.insurance_record_create, name="insurance-record-create"),
    path("<int:pk>/subsidies/new/", pay_views.subsidy_create, name="subsidy-create"),
    path("<int:pk>/awards/new/", pay_views.award_create, name="award-create"),
    path("<int:pk>/exam-fees/new/", pay_views.exam_fee_create, name="exam-fee-create"),
]
