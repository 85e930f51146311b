"""Reads of divisions, scoped to the viewer; every read costs a bounded number of queries.

Codes nest by prefix, so ancestors are found from a code's prefixes, descendants by one index
range (:func:`~shegong.geo.models.subtree_q`) and counts per level by grouping on a code prefix.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Substr

from shegong.accounts.scoping import scope_queryset

from .models import CODE_LENGTHS, Division, DivisionLevel, ancestor_codes, level_of_code, subtree_q

LEVELS = list(CODE_LENGTHS)


def child_level(level: str) -> str | None:
    """Return the level just below ``level`` (``None`` below villages)."""
    index = LEVELS.index(level)
    return LEVELS[index + 1] if index + 1 < len(LEVELS) else None


def division_list(
    *,
    viewer,
    level: str | None = None,
    parent: str | None = None,
    within: str | None = None,
    q: str | None = None,
) -> QuerySet[Division]:
    """Return the divisions the viewer may read, filtered; ordered by code.

    ``parent`` keeps the children of that code, ``within`` the subtree of that code (itself
    included), ``q`` the divisions whose name contains it.
    """
    qs = scope_queryset(Division.objects.all(), viewer=viewer)
    if level:
        qs = qs.filter(level=level)
    if parent:
        qs = qs.filter(parent_id=parent)
    if within:
        qs = qs.filter(subtree_q("code", within))
    if q:
        qs = qs.filter(name__contains=q)
    return qs.order_by("code")


def division_get(*, viewer, code: str) -> Division:
    """Return the division with ``code``; raise ``Division.DoesNotExist`` if absent or not visible."""
    return scope_queryset(Division.objects.all(), viewer=viewer).get(code=code)


def division_roots(*, viewer) -> QuerySet[Division]:
    """Return the top of the loaded tree: the provinces (or whatever has no parent loaded)."""
    return scope_queryset(Division.objects.filter(parent__isnull=True), viewer=viewer).order_by("code")


def division_ancestors(*, viewer, division: Division | str) -> list[Division]:
    """Return the ancestors of a division, top first, in one query (from the prefixes of its code)."""
    code = division if isinstance(division, str) else division.code
    codes = ancestor_codes(code)
    if not codes:
        return []
    return list(scope_queryset(Division.objects.filter(code__in=codes), viewer=viewer).order_by("code"))


def division_ancestors_of_many(*, viewer, codes: Iterable[str]) -> dict[str, list[Division]]:
    """Return each code's ancestors (top first) for many codes in one query."""
    codes = list(codes)
    wanted = {a for code in codes for a in ancestor_codes(code)}
    found = {}
    if wanted:
        found = {d.code: d for d in scope_queryset(Division.objects.filter(code__in=wanted), viewer=viewer)}
    return {code: [found[a] for a in ancestor_codes(code) if a in found] for code in codes}


def division_children(*, viewer, division: Division | str) -> QuerySet[Division]:
    """Return the divisions directly below a division, ordered by code."""
    code = division if isinstance(division, str) else division.code
    return scope_queryset(Division.objects.filter(parent_id=code), viewer=viewer).order_by("code")


def division_descendants(*, viewer, division: Division | str, level: str | None = None) -> QuerySet[Division]:
    """Return every division below a division (not itself), optionally at one level; one index range."""
    code = division if isinstance(division, str) else division.code
    qs = Division.objects.filter(subtree_q("code", code)).exclude(code=code)
    if level:
        qs = qs.filter(level=level)
    return scope_queryset(qs, viewer=viewer).order_by("code")


def division_descendant_counts(*, viewer, codes: Iterable[str]) -> dict[str, dict[str, int]]:
    """Return, for each code, how many divisions lie below it at each level.

    ``{"3701": {"province": 0, "city": 0, "district": 13, "town": 164, "village": 5758}}``.
    One grouped query per distinct code length among ``codes`` (at most four), whatever their number.
    """
    codes = sorted(set(codes))
    counts = {code: dict.fromkeys(LEVELS, 0) for code in codes}
    by_length: dict[int, list[str]] = defaultdict(list)
    for code in codes:
        if len(code) < CODE_LENGTHS[DivisionLevel.VILLAGE]:
            by_length[len(code)].append(code)
    for length, group in sorted(by_length.items()):
        rows = (
            scope_queryset(Division.objects.filter(_subtrees_q(group)), viewer=viewer)
            .exclude(level=level_of_code(group[0]))
            .annotate(prefix=Substr("code", 1, length))
            .order_by()
            .values("prefix", "level")
            .annotate(n=Count("code"))
        )
        for row in rows:
            if row["prefix"] in counts:  # the hull of siblings may hold some not asked for
                counts[row["prefix"]][row["level"]] = row["n"]
    return counts


def _subtrees_q(codes: list[str]) -> Q:
    """Filter the subtrees of ``codes`` (all of one length) with as few comparisons per row as possible.

    Siblings (the usual page: children of one division, or the provinces) become the one range
    from the first to the last subtree; scattered codes (search results) an OR of index ranges.
    """
    parents = {ancestor_codes(code)[-1] if len(code) > 2 else "" for code in codes}
    if len(parents) == 1:
        return Q(code__gte=codes[0], code__lt=codes[-1] + ":")
    in_subtrees = Q()
    for code in codes:
        in_subtrees |= subtree_q("code", code)
    return in_subtrees


def division_summaries(*, viewer, divisions: Iterable[Division]) -> dict[str, dict[str, int]]:
    """Return, per division code, ``children``, ``towns`` and ``villages`` below it (set-based).

    A division's children are the divisions one level below it in its subtree.
    """
    divisions = list(divisions)
    counts = division_descendant_counts(viewer=viewer, codes=[d.code for d in divisions])
    summaries = {}
    for division in divisions:
        below = counts[division.code]
        next_level = child_level(division.level)
        summaries[division.code] = {
            "children": below[next_level] if next_level else 0,
            "towns": below[DivisionLevel.TOWN],
            "villages": below[DivisionLevel.VILLAGE],
        }
    return summaries
