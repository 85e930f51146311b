"""Divisions API: read-only reference data for every signed-in user."""

from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers, viewsets

from . import selectors
from .models import Division, DivisionLevel

CODE_PATTERN = r"^(\d{2}|\d{4}|\d{6}|\d{9}|\d{12})$"
BAD_CODE = _("Enter a division code of 2, 4, 6, 9 or 12 digits.")
code_validator = RegexValidator(CODE_PATTERN, BAD_CODE)


class DivisionRefOutput(serializers.ModelSerializer):
    """A division in a breadcrumb: code, name and level."""

    level_label = serializers.CharField(source="get_level_display", read_only=True)

    class Meta:
        model = Division
        fields = ["code", "name", "level", "level_label"]


class DivisionOutput(serializers.ModelSerializer):
    """A division with the counts of what lies below it (computed per page, set-based)."""

    full_code = serializers.CharField(read_only=True, label=_("12-digit code"))
    level_label = serializers.CharField(source="get_level_display", read_only=True)
    parent_code = serializers.CharField(source="parent_id", read_only=True, allow_null=True)
    children_count = serializers.SerializerMethodField(label=_("children"))
    town_count = serializers.SerializerMethodField(label=_("towns / streets below"))
    village_count = serializers.SerializerMethodField(label=_("villages / communities below"))

    class Meta:
        model = Division
        fields = [
            "code",
            "full_code",
            "name",
            "level",
            "level_label",
            "parent_code",
            "dataset",
            "children_count",
            "town_count",
            "village_count",
        ]

    def _summary(self, obj) -> dict:
        return self.context["summaries"][obj.code]

    @extend_schema_field(serializers.IntegerField())
    def get_children_count(self, obj) -> int:
        return self._summary(obj)["children"]

    @extend_schema_field(serializers.IntegerField())
    def get_town_count(self, obj) -> int:
        return self._summary(obj)["towns"]

    @extend_schema_field(serializers.IntegerField())
    def get_village_count(self, obj) -> int:
        return self._summary(obj)["villages"]


class DivisionDetailOutput(DivisionOutput):
    """A division with its ancestors, top first (the breadcrumb)."""

    ancestors = serializers.SerializerMethodField()

    class Meta(DivisionOutput.Meta):
        fields = [*DivisionOutput.Meta.fields, "ancestors"]

    @extend_schema_field(DivisionRefOutput(many=True))
    def get_ancestors(self, obj) -> list:
        return DivisionRefOutput(self.context["ancestors"], many=True).data


class DivisionFilter(filters.FilterSet):
    level = filters.ChoiceFilter(choices=DivisionLevel.choices, label=_("level"))
    parent = filters.CharFilter(label=_("parent division code"), validators=[code_validator])
    within = filters.CharFilter(
        label=_("within division (code; itself included)"), validators=[code_validator]
    )
    q = filters.CharFilter(label=_("name contains"))

    class Meta:
        model = Division
        fields = []

    def filter_queryset(self, queryset):
        """Filter through the selector, which owns the lookups (and the viewer's scope)."""
        data = self.form.cleaned_data
        return selectors.division_list(
            viewer=self.request.user,
            level=data.get("level") or None,
            parent=data.get("parent") or None,
            within=data.get("within") or None,
            q=(data.get("q") or "").strip() or None,
        )


class DivisionViewSet(viewsets.ReadOnlyModelViewSet):
    """Administrative divisions (省/市/区县/乡镇街道/村居), public reference data.

    List filters: ``level``, ``parent`` (the children of a code), ``within`` (the subtree of a
    code), ``q`` (name contains). Each item carries the counts of its children and of the towns
    and villages below it.
    """

    serializer_class = DivisionOutput
    filterset_class = DivisionFilter
    lookup_field = "code"
    lookup_value_regex = r"\d{2,12}"
    ordering_fields = ["code", "name"]
    ordering = ["code"]

    def get_queryset(self):
        return selectors.division_list(viewer=self.request.user)

    def get_serializer_class(self):
        return DivisionDetailOutput if self.action == "retrieve" else DivisionOutput

    def get_serializer(self, instance=None, *args, **kwargs):
        if instance is not None:
            rows = instance if kwargs.get("many") else [instance]
            context = self.get_serializer_context()
            context["summaries"] = selectors.division_summaries(viewer=self.request.user, divisions=rows)
            if self.action == "retrieve":
                context["ancestors"] = selectors.division_ancestors(
                    viewer=self.request.user, division=instance
                )
            kwargs["context"] = context
        return super().get_serializer(instance, *args, **kwargs)
