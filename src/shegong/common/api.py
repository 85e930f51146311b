"""Shared API pieces: pagination and error bodies in Chinese that name the field."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


class ShegongPagination(PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 500


def _field_label(view, field_name: str) -> str:
    get_class = getattr(view, "get_serializer_class", None)
    try:
        serializer = get_class()() if get_class else None
        field = serializer.fields.get(field_name) if serializer is not None else None
        if field is not None and field.label:
            return str(field.label)
    except Exception:  # a label is a nicety; never fail an error response over it
        pass
    return field_name


def _flatten(errors) -> list[str]:
    if isinstance(errors, dict):
        return [m for v in errors.values() for m in _flatten(v)]
    if isinstance(errors, list):
        return [m for v in errors for m in _flatten(v)]
    return [str(errors)]


def exception_handler(exc, context):
    """Answer errors as ``{"detail": "...", "errors": {field: [...]}, "fields": {field: label}}``."""
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(_("Not found, or outside your jurisdiction."))
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError) and isinstance(response.data, dict):
        view = context.get("view")
        errors = response.data
        labels = {name: _field_label(view, name) for name in errors if name != "non_field_errors"}
        parts = []
        for name, messages in errors.items():
            text = "；".join(_flatten(messages))
            if name in labels:
                parts.append(_("%(field)s: %(message)s") % {"field": labels[name], "message": text})
            else:
                parts.append(text)
        body = {"detail": "；".join(parts), "errors": errors, "fields": labels}
        return Response(body, status=status.HTTP_400_BAD_REQUEST, headers=response.headers)
    if isinstance(exc, exceptions.ValidationError):
        response.data = {"detail": "；".join(_flatten(response.data)), "errors": response.data}
    return response
