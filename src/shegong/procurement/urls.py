from django.urls import path

from . import views

app_name = "procurement"
urlpatterns = [
    path("", views.project_list, name="project-list"),
    path("new/", views.project_create, name="project-create"),
    path("calculator/", views.budget_calculator, name="budget-calculator"),
    path("<int:pk>/", views.project_detail, name="project-detail"),
    path("<int:pk>/edit/", views.project_update, name="project-update"),
    path("<int:pk>/budget/", views.budget_submit, name="budget-submit"),
    path("<int:pk>/contracts/new/", views.contract_create, name="contract-create"),
    path("<int:pk>/evaluations/new/", views.evaluation_create, name="evaluation-create"),
    path("libraries/", views.library_list, name="library-list"),
    path("libraries/new/", views.library_create, name="library-create"),
    path("libraries/<int:pk>/", views.library_detail, name="library-detail"),
    path("libraries/<int:pk>/members/new/", views.member_add, name="member-add"),
    path("libraries/<int:pk>/meetings/new/", views.meeting_create, name="meeting-create"),
    path("libraries/<int:pk>/file/", views.library_file, name="library-file"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting-detail"),
    path("meetings/<int:pk>/items/new/", views.item_add, name="item-add"),
    path("items/<int:pk>/vote/", views.vote_cast, name="vote-cast"),
    path("items/<int:pk>/decide/", views.item_decide, name="item-decide"),
    path(
        "<int:pk>/contract-evaluations/new/",
        views.performance_review_create,
        name="performance-review-create",
    ),
    path("<int:pk>/rewards/new/", views.reward_create, name="reward-create"),
    path("<int:pk>/posts/", views.posts_edit, name="posts-edit"),
    path("evaluations/<int:pk>/publish/", views.evaluation_publish, name="evaluation-publish"),
    path("<int:pk>/payments/import/", views.payment_import, name="payment-import"),
    path("payments/template/", views.payment_template, name="payment-template"),
    path("import/", views.project_import, name="project-import"),
    path("import/template/", views.project_template, name="project-template"),
    path("export/", views.project_export, name="project-export"),
    path("budgets/import/", views.budget_import, name="budget-import"),
    path("budgets/import/template/", views.budget_template, name="budget-template"),
    path("budgets/export/", views.budget_export, name="budget-export"),
    path("public/evaluations/", views.public_evaluations, name="public-evaluations"),
]
