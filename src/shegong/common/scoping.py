"""How a model declares the paths by which it is scoped to a viewer's jurisdiction.

The one function that applies it is :func:`shegong.accounts.scoping.scope_queryset`.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Scope:
    """Declared on a model as ``jurisdiction_scope = Scope(...)``.

    - ``division``: lookup path to the ``geo.Division`` the row belongs to (``"division"``,
      ``"station__division"``); rows are visible to officers whose jurisdiction contains it.
    - ``organization``: lookup path to the organisation id (``"organization"``, ``"id"``); rows are
      visible to users of that organisation.
    - ``public``: reference data any signed-in user may read (divisions, policy documents).
    - ``admin_only``: only system administrators may read it (the audit log).
    - ``worker``: lookup path to the assigned ``accounts.User`` (``"assigned_worker"``); a social
      worker sees only the rows assigned to them, whatever their organisation or division.
    """

    division: str | None = None
    organization: str | None = None
    public: bool = False
    admin_only: bool = False
    worker: str | None = None
