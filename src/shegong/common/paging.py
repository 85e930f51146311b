"""Keyset pagination and estimated counts for lists too large for OFFSET and COUNT(*) (issue 11).

A page is cut by comparing the ordering key with the last (or first) row of the page before, so page
1,000 costs what page 1 costs. The ordering must end in a unique, non-null field (``("name", "pk")``,
``("-created_at", "-pk")``); an earlier field may be nullable (``("next_visit_due", "pk")``): NULL sorts
after every value (``NULLS LAST`` ascending, ``NULLS FIRST`` descending) on every database. The cursor in the query string is opaque: URL-safe base64 of the boundary
row's key and a direction. A list page adopts it with ``paginate_request`` (see docs/operations.md).

Counts: on PostgreSQL a large unfiltered table is counted from ``pg_class.reltuples`` and a large
filtered queryset from the planner's row estimate (EXPLAIN); below ``exact_below`` rows, and always on
SQLite, the count is exact. ``count_is_estimate`` tells the template to write "about".
"""

from __future__ import annotations

import base64
import binascii
import datetime
import json
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connections
from django.db.models import F, Model, Q, QuerySet
from django.http import HttpRequest, QueryDict
from django.utils.translation import gettext_lazy as _

PAGE_SIZE = 50
# Below this many rows (estimated) the exact count is cheap enough to take.
EXACT_COUNT_BELOW = 10_000
CURSOR_PARAM = "cursor"

INVALID_CURSOR = _("The page link is invalid or out of date; showing the first page.")

_NEXT, _PREVIOUS = "n", "p"


class InvalidCursor(ValueError):
    """A cursor that cannot be decoded or does not fit the ordering."""


@dataclass
class KeysetPage:
    """One page of a keyset-paginated list."""

    rows: list
    next_cursor: str | None
    previous_cursor: str | None
    count: int
    count_is_estimate: bool
    page_size: int
    next_url: str | None = None
    previous_url: str | None = None
    error: str = ""
    ordering: tuple[str, ...] = field(default_factory=tuple)

    @property
    def has_next(self) -> bool:
        return self.next_cursor is not None

    @property
    def has_previous(self) -> bool:
        return self.previous_cursor is not None

    def __iter__(self):
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)


@dataclass(frozen=True)
class _Key:
    path: str
    descending: bool
    model_field: object
    nullable: bool = False


def _resolve(model: type[Model], term: str) -> _Key:
    descending = term.startswith("-")
    path = term.lstrip("-")
    if path == "pk":
        path = model._meta.pk.name
    current, model_field, nullable = model, None, False
    parts = path.split("__")
    for index, part in enumerate(parts):
        try:
            model_field = current._meta.get_field(part)
        except FieldDoesNotExist as exc:
            raise ImproperlyConfigured(
                f"Keyset ordering {term!r}: no field {part!r} on {current.__name__}"
            ) from exc
        # A nullable relation on the way (a LEFT JOIN) makes the value nullable too.
        nullable = nullable or bool(getattr(model_field, "null", False))
        if index < len(parts) - 1:
            if not model_field.is_relation:
                raise ImproperlyConfigured(f"Keyset ordering {term!r}: {part!r} is not a relation")
            current = model_field.related_model
    return _Key(path=path, descending=descending, model_field=model_field, nullable=nullable)


def _keys(model: type[Model], ordering: Sequence[str]) -> list[_Key]:
    if not ordering:
        raise ImproperlyConfigured("Keyset pagination needs an ordering")
    keys = [_resolve(model, term) for term in ordering]
    last = keys[-1]
    if "__" in last.path or not (last.model_field.primary_key or last.model_field.unique):
        raise ImproperlyConfigured(
            f"Keyset ordering must end in a unique field of {model.__name__}, not {last.path}"
        )
    if last.nullable:
        raise ImproperlyConfigured(f"Keyset ordering {last.path!r}: a nullable field cannot end the ordering")
    return keys


def _value_of(row, path: str):
    if isinstance(row, dict):
        return row[path]
    value = row
    for part in path.split("__"):
        if value is None:  # an empty nullable relation on the way
            return None
        value = getattr(value, part)
    if isinstance(value, Model):
        value = value.pk
    return value


class _KeyEncoder(DjangoJSONEncoder):
    """Keep microseconds (DjangoJSONEncoder cuts times to milliseconds, which would skip rows)."""

    def default(self, o):
        if isinstance(o, (datetime.datetime, datetime.time)):
            return o.isoformat()
        return super().default(o)


def _encode(direction: str, values: list) -> str:
    raw = json.dumps(
        {"d": direction, "k": values}, cls=_KeyEncoder, ensure_ascii=False, separators=(",", ":")
    )
    return base64.urlsafe_b64encode(raw.encode("utf-8")).decode("ascii").rstrip("=")


def _decode(cursor: str, keys: list[_Key]) -> tuple[str, list]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        data = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")).decode("utf-8"))
        direction, raw = data["d"], data["k"]
    except (ValueError, TypeError, KeyError, UnicodeError, binascii.Error) as exc:
        raise InvalidCursor(str(INVALID_CURSOR)) from exc
    if direction not in (_NEXT, _PREVIOUS) or not isinstance(raw, list) or len(raw) != len(keys):
        raise InvalidCursor(str(INVALID_CURSOR))
    values = []
    for key, value in zip(keys, raw, strict=True):
        if value is None:
            if not key.nullable:
                raise InvalidCursor(str(INVALID_CURSOR))
            values.append(None)
            continue
        target = key.model_field.target_field if key.model_field.is_relation else key.model_field
        try:
            values.append(target.to_python(value))
        except (ValidationError, TypeError, ValueError) as exc:
            raise InvalidCursor(str(INVALID_CURSOR)) from exc
    return direction, values


def _beyond(key: _Key, value, *, goes_down: bool) -> Q | None:
    """Rows past ``value`` on one key (NULL counts as above every value); None when there are none."""
    if value is None:
        return Q(**{f"{key.path}__isnull": False}) if goes_down else None
    beyond = Q(**{f"{key.path}__{'lt' if goes_down else 'gt'}": value})
    if key.nullable and not goes_down:
        beyond |= Q(**{f"{key.path}__isnull": True})
    return beyond


def _equal(key: _Key, value) -> Q:
    return Q(**{f"{key.path}__isnull": True}) if value is None else Q(**{key.path: value})


def _after(keys: list[_Key], values: list, *, backwards: bool) -> Q:
    """Rows strictly after ``values`` in the ordering (before them when ``backwards``)."""
    steps = []
    for index, key in enumerate(keys):
        step = _beyond(key, values[index], goes_down=key.descending != backwards)
        if step is None:
            continue
        for earlier, value in zip(keys[:index], values[:index], strict=True):
            step &= _equal(earlier, value)
        steps.append(step)
    condition = Q()
    for step in steps:
        condition |= step
    # The last key is unique and non-null, so there is always a step; an empty one would match all.
    return condition if steps else Q(pk__in=[])


def _order_terms(keys: list[_Key], *, backwards: bool) -> list:
    terms = []
    for key in keys:
        goes_down = key.descending != backwards
        if key.nullable:
            # NULL is above every value on every database (SQLite sorts it first by default).
            terms.append(
                F(key.path).desc(nulls_first=True) if goes_down else F(key.path).asc(nulls_last=True)
            )
        else:
            terms.append(("-" if goes_down else "") + key.path)
    return terms


def estimated_count(queryset: QuerySet, *, exact_below: int = EXACT_COUNT_BELOW) -> tuple[int, bool]:
    """Return ``(count, is_estimate)``: the planner's estimate on PostgreSQL for large sets, else exact."""
    connection = connections[queryset.db]
    if connection.vendor != "postgresql":
        return queryset.count(), False
    if queryset.query.is_empty():  # .none(), e.g. a viewer whose scope holds nothing: no SQL, no plan
        return 0, False
    plain = queryset.order_by()
    estimate = -1.0
    if not plain.query.where and not plain.query.distinct and not plain.query.combinator:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT reltuples FROM pg_class WHERE oid = to_regclass(%s)",
                [connection.ops.quote_name(queryset.model._meta.db_table)],
            )
            row = cursor.fetchone()
        # -1 (or 0 before PostgreSQL 14) means "never analysed"; a partitioned parent has no own rows.
        if row and row[0] and row[0] > 0:
            estimate = float(row[0])
    if estimate < 0:
        text = plain.explain(format="json")
        if not text:  # a filter Django knows matches nothing (e.g. ``pk__in=[]``): no SQL, no plan
            return queryset.count(), False
        estimate = float(json.loads(text)[0]["Plan"]["Plan Rows"])
    if estimate < exact_below:
        return queryset.count(), False
    return int(estimate), True


def keyset_page(
    queryset: QuerySet,
    *,
    ordering: Sequence[str],
    cursor: str | None = None,
    page_size: int = PAGE_SIZE,
    exact_below: int = EXACT_COUNT_BELOW,
    with_count: bool = True,
) -> KeysetPage:
    """Return the page after (or before) ``cursor`` of ``queryset`` in ``ordering``.

    Raises ``InvalidCursor`` for a cursor that does not decode or fit the ordering.
    """
    keys = _keys(queryset.model, ordering)
    direction, values = _decode(cursor, keys) if cursor else (_NEXT, None)
    backwards = direction == _PREVIOUS
    window = queryset.order_by(*_order_terms(keys, backwards=backwards))
    if values is not None:
        window = window.filter(_after(keys, values, backwards=backwards))
    rows = list(window[: page_size + 1])
    more = len(rows) > page_size
    rows = rows[:page_size]
    if backwards:
        rows.reverse()
        has_previous, has_next = more, True
    else:
        has_previous, has_next = values is not None, more
    boundary = lambda row: [_value_of(row, key.path) for key in keys]  # noqa: E731
    next_cursor = _encode(_NEXT, boundary(rows[-1])) if rows and has_next else None
    previous_cursor = _encode(_PREVIOUS, boundary(rows[0])) if rows and has_previous else None
    if with_count:
        count, is_estimate = estimated_count(queryset, exact_below=exact_below)
    else:
        count, is_estimate = len(rows), False
    return KeysetPage(
        rows=rows,
        next_cursor=next_cursor,
        previous_cursor=previous_cursor,
        count=count,
        count_is_estimate=is_estimate,
        page_size=page_size,
        ordering=tuple(ordering),
    )


def cursor_after(row, *, model: type[Model], ordering: Sequence[str]) -> str:
    """The "next" cursor of a page whose last row is ``row`` (a deep link, e.g. for the bench)."""
    return _encode(_NEXT, [_value_of(row, key.path) for key in _keys(model, ordering)])


def cursor_query(query: QueryDict, cursor: str | None, *, param: str = CURSOR_PARAM) -> str:
    """Return ``?…`` with the other parameters kept and ``param`` set to ``cursor`` (dropped if None)."""
    params = query.copy()
    params.pop(param, None)
    params.pop("page", None)
    if cursor:
        params[param] = cursor
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"


def paginate_request(
    request: HttpRequest,
    queryset: QuerySet,
    *,
    ordering: Sequence[str],
    page_size: int = PAGE_SIZE,
    exact_below: int = EXACT_COUNT_BELOW,
    param: str = CURSOR_PARAM,
    with_count: bool = True,
) -> KeysetPage:
    """Return the page named by the request's cursor, with next/previous links.

    A bad cursor never answers 5xx: the first page is shown and ``page.error`` says why (in Chinese).
    ``with_count=False`` skips the count (a page that shows a total it computed already).
    """
    cursor = request.GET.get(param) or None
    options = {
        "ordering": ordering,
        "page_size": page_size,
        "exact_below": exact_below,
        "with_count": with_count,
    }
    try:
        page = keyset_page(queryset, cursor=cursor, **options)
    except InvalidCursor:
        page = keyset_page(queryset, **options)
        page.error = str(INVALID_CURSOR)
    if page.next_cursor:
        page.next_url = cursor_query(request.GET, page.next_cursor, param=param)
    if page.previous_cursor:
        page.previous_url = cursor_query(request.GET, page.previous_cursor, param=param)
    return page
