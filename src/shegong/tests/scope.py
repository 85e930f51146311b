"""Shared pieces of the jurisdiction scope test.

Each app declares its routes in ``<app>/tests/scope_cases.py`` with three dicts:
``SCOPED_LISTS`` and ``SCOPED_DETAILS`` (route name → :class:`Case`) and ``NOT_SCOPED`` (route name →
reason). ``shegong/tests/test_jurisdiction_scope.py`` collects them all and fails on any route nobody
classified.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

LIXIA = "370102001"  # 解放路街道, Lixia district
LICHENG = "370112001"  # 山大路街道, Licheng district


@dataclass(frozen=True)
class Case:
    """How to build a Lixia object and a Licheng object for a route, and how to find them.

    ``make(divisions)`` returns ``(inside_lixia, inside_licheng)``; ``divisions`` is the shared fixture
    (codes of the Jinan test tree → Division). ``marker(obj)`` is a text that shows the object in a
    list response.
    """

    make: Callable
    kwargs: Callable = lambda obj: {"pk": obj.pk}
    marker: Callable = str
    admin_only: bool = False  # the Lixia officer may not use the route at all
