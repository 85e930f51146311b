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
]
