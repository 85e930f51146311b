from django.urls import path

from . import views

app_name = "organizations"
urlpatterns = [
    path("", views.organization_list, name="organization-list"),
    path("new/", views.organization_create, name="organization-create"),
    path("<int:pk>/", views.organization_detail, name="organization-detail"),
    path("<int:pk>/edit/", views.organization_update, name="organization-update"),
    path("reviews/", views.review_list, name="review-list"),
    path("reviews/new/", views.review_create, name="review-create"),
    path("reviews/<int:pk>/", views.review_detail, name="review-detail"),
    path("reviews/<int:pk>/start/", views.review_start, name="review-start"),
    path("reviews/<int:pk>/check/", views.review_check, name="review-check"),
    path("reviews/<int:pk>/decide/", views.review_decide, name="review-decide"),
    path("inspections/", views.draw_list, name="draw-list"),
    path("inspections/new/", views.draw_create, name="draw-create"),
    path("inspections/<int:pk>/", views.draw_detail, name="draw-detail"),
    path("<int:pk>/disclosures/new/", views.disclosure_submit, name="disclosure-submit"),
    path("disclosures/<int:pk>/publish/", views.disclosure_publish, name="disclosure-publish"),
    path("<int:pk>/people/new/", views.person_add, name="person-add"),
    path("supervision/", views.supervision_list, name="supervision-list"),
    path("<int:pk>/supervision/new/", views.supervision_create, name="supervision-create"),
    path("supervision/<int:pk>/publish/", views.supervision_publish, name="supervision-publish"),
    path("<int:pk>/revocations/new/", views.revocation_propose, name="revocation-propose"),
    path("revocations/<int:pk>/decide/", views.revocation_decide, name="revocation-decide"),
    path("weeding-out/", views.weeding_list, name="weeding-list"),
    path("export/", views.organization_export, name="organization-export"),
    path("import/", views.organization_import, name="organization-import"),
    path("import/template/", views.organization_template, name="organization-template"),
    path("public/penalties/", views.public_penalties, name="public-penalties"),
]
