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


ERROR_BODY_SCHEMA = {
    "type": "object",
    "description": "错误说明（中文）。Error explained in Chinese.",
    "properties": {
        "detail": {"type": "string", "description": "给用户看的中文说明"},
        "errors": {
            "description": "按字段列出的错误（校验失败时）",
            "oneOf": [
                {"type": "object", "additionalProperties": True},
                {"type": "array", "items": {}},
            ],
        },
        "fields": {"type": "object", "additionalProperties": {"type": "string"}},
    },
    "required": ["detail"],
}
ERROR_RESPONSES = {
    "400": "请求数据有误（逐字段说明）。Invalid request data.",
    "401": "未登录或令牌无效。Not signed in.",
    "403": "无权执行该操作。Not allowed.",
    "404": "不存在，或不在您的管辖范围内。Not found or outside your jurisdiction.",
    "429": "请求过于频繁。Too many requests.",
}


def document_error_responses(result, generator, request, public):
    """drf-spectacular postprocessing hook: every operation documents the Chinese error bodies.

    The exception handler above answers 400/401/403/404/429 with ``{"detail": …}``; declaring them keeps
    the published schema true to what clients receive (checked by schemathesis, issue 12).
    """
    components = result.setdefault("components", {}).setdefault("schemas", {})
    components.setdefault("ErrorBody", ERROR_BODY_SCHEMA)
    reference = {"$ref": "#/components/schemas/ErrorBody"}
    for path_item in result.get("paths", {}).values():
        for method, operation in path_item.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            responses = operation.setdefault("responses", {})
            for code, description in ERROR_RESPONSES.items():
                responses.setdefault(
                    code, {"description": description, "content": {"application/json": {"schema": reference}}}
                )
    return result
