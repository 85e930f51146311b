from django.urls import path

from . import audit_views

app_name = "audit"
urlpatterns = [
    path("", audit_views.entry_list, name="entry-list"),
    path("<int:pk>/", audit_views.entry_detail, name="entry-detail"),
]
