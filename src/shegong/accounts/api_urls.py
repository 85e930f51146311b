"""/api/v1/auth/: tokens and the signed-in user."""

from django.urls import path

from . import api

urlpatterns = [
    path("token/", api.TokenObtainView.as_view(), name="token"),
    path("me/", api.MeView.as_view(), name="me"),
]
