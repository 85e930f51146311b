"""Authentication backend: demo accounts sign in only when SHEGONG_ENV=dev."""

from django.conf import settings
from django.contrib.auth.backends import ModelBackend


class ShegongModelBackend(ModelBackend):
    def user_can_authenticate(self, user) -> bool:
        if getattr(user, "is_demo", False) and not getattr(settings, "DEMO_PASSWORDS_ALLOWED", False):
            return False
        return super().user_can_authenticate(user)
