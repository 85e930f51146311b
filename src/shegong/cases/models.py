"""Case management (个案管理): household files (一户一档), members, cases with the six-step process, visits.

Resident ID numbers, health notes and visit notes are encrypted at rest (``EncryptedTextField``); an ID
number is found through its keyed hash and lists show only the masked number.
"""

import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from shegong.common.encryption import EncryptedTextField
from shegong.common.models import BaseModel
from shegong.common.scoping import Scope
from shegong.procurement.domains import ServiceDomain, ServiceType

# A member under this age is a minor (未成年人): their household's file is restricted.
ADULT_AGE = 18


class HouseholdCategory(models.TextChoices):
    """Categories of vulnerable households (HZ-15)."""

    DIBAO = "dibao", _("Subsistence allowance (dibao)")
    TEKUN = "tekun", _("Extreme poverty support (tekun)")
    DISABLED = "disabled", _("Persons with disabilities")
    CHILDREN_IN_DIFFICULTY = "children_in_difficulty", _("Children in difficulty")
    LEFT_BEHIND_CHILDREN = "left_behind_children", _("Left-behind children")
    LEFT_BEHIND_ELDERLY = "left_behind_elderly", _("Left-behind and empty-nest elderly")
    ELDERLY_IN_DIFFICULTY = "elderly_in_difficulty", _("Elderly people in special difficulty")
    LEFT_BEHIND_WOMEN = "left_behind_women", _("Left-behind women")
    FAMILIES_IN_DIFFICULTY = "families_in_difficulty", _("Families in difficulty")


class FamilyStructure(models.TextChoices):
    SINGLE = "single", _("Living alone")
    COUPLE = "couple", _("Couple only")
    NUCLEAR = "nuclear", _("Parents and children")
    SINGLE_PARENT = "single_parent", _("Single parent")
    SKIPPED_GENERATION = "skipped_generation", _("Grandparents and grandchildren")
    EXTENDED = "extended", _("Three or more generations")
    OTHER = "other", _("Other")


class Relation(models.TextChoices):
    """A member's relation to the head of the household (户主)."""

    HEAD = "head", _("Head of household")
    SPOUSE = "spouse", _("Spouse")
    CHILD = "child", _("Child")
    PARENT = "parent", _("Parent")
    GRANDCHILD = "grandchild", _("Grandchild")
    GRANDPARENT = "grandparent", _("Grandparent")
    SIBLING = "sibling", _("Sibling")
    OTHER = "other", _("Other relative")


class Household(BaseModel):
    """A household file (一户一档) at a village or community of the division tree.

    ``assigned_worker`` is the social worker responsible for the household: a social worker sees only
    the households assigned to them. A household with a minor member is visible only to its assigned
    worker and to civil-affairs officers.
    """

    division = models.ForeignKey(
        "geo.Division",
        verbose_name=_("village or community"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    address = models.CharField(_("address"), max_length=300)
    categories = models.JSONField(_("categories"), default=list, blank=True)
    family_structure = models.CharField(
        _("family structure"), max_length=30, choices=FamilyStructure.choices, blank=True
    )
    material_needs = models.TextField(_("material needs"), blank=True)
    emotional_needs = models.TextField(_("emotional needs"), blank=True)
    social_needs = models.TextField(_("social needs"), blank=True)
    assigned_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned social worker"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_households",
    )
    station = models.ForeignKey(
        "stations.Station",
        verbose_name=_("station"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="households",
    )

    jurisdiction_scope = Scope(division="division", worker="assigned_worker")

    class Meta:
        ordering = ["division", "address", "id"]
        verbose_name = _("household file")
        verbose_name_plural = _("household files")

    def __str__(self) -> str:
        return self.address

    @property
    def category_labels(self) -> list[str]:
        return [str(HouseholdCategory(c).label) for c in self.categories if c in HouseholdCategory.values]


class Member(BaseModel):
    """A member of a household. The ID number and health notes are encrypted."""

    household = models.ForeignKey(
        Household, verbose_name=_("household"), on_delete=models.CASCADE, related_name="members"
    )
    name = models.CharField(pgettext_lazy("person", "name"), max_length=50)
    relation = models.CharField(_("relation to the head"), max_length=20, choices=Relation.choices)
    id_number = EncryptedTextField(_("resident ID number"))
    id_number_hash = models.CharField(_("ID number search key"), max_length=64, unique=True, editable=False)
    id_number_masked = models.CharField(_("masked ID number"), max_length=18, editable=False)
    birth_date = models.DateField(_("birth date"), editable=False)
    health_notes = EncryptedTextField(_("health"), blank=True)

    jurisdiction_scope = Scope(division="household__division", worker="household__assigned_worker")

    class Meta:
        ordering = ["household", "birth_date", "id"]
        verbose_name = _("household member")
        verbose_name_plural = _("household members")

    def __str__(self) -> str:
        return f"{self.name}（{self.id_number_masked}）"

    def is_minor_on(self, day: datetime.date) -> bool:
        return self.birth_date > minor_cutoff(day)

    @property
    def is_minor(self) -> bool:
        from django.utils import timezone

        return self.is_minor_on(timezone.localdate())


def minor_cutoff(day: datetime.date) -> datetime.date:
    """Return the birth date of someone who turns 18 on ``day``: born after it means a minor."""
    try:
        return day.replace(year=day.year - ADULT_AGE)
    except ValueError:  # 29 February
        return day.replace(year=day.year - ADULT_AGE, day=28)


# Cases and the six-step process (HZ-14) ------------------------------------------------------------


class CaseStep(models.TextChoices):
    """The six steps of the Huizhou case process (六步工作法), then closed."""

    IDENTIFY = "identify", _("Identify the client")
    ASSESS = "assess", _("Analyse needs")
    PLAN = "plan", _("Make a plan")
    COORDINATE = "coordinate", _("Coordinate resources")
    INTERVENE = "intervene", _("Professional intervention")
    FOLLOW_UP = "follow_up", _("Follow up on results")
    CLOSED = "closed", _("Closed")


# The only order a case may move in: each step to the next one.
STEP_ORDER: tuple[str, ...] = tuple(CaseStep.values)


class Case(BaseModel):
    """One case per matter (一事一案例) of a household, classified by service type and domain (SZ-01, SZ-02).

    ``step`` is the current step of the six-step process; only services move it. ``next_visit_due`` is
    kept by the services from the plan's visit frequency and the last visit.
    """

    household = models.ForeignKey(
        Household, verbose_name=_("household"), on_delete=models.PROTECT, related_name="cases"
    )
    client = models.ForeignKey(
        Member,
        verbose_name=_("client"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
        help_text=_("The member the matter concerns; leave empty when it concerns the whole household."),
    )
    title = models.CharField(pgettext_lazy("case", "matter"), max_length=200)
    identification = models.TextField(
        _("how the client was identified"),
        help_text=_("Who found the household, when and why it needs help."),
    )
    service_type = models.CharField(_("service type"), max_length=40, choices=ServiceType.choices)
    domain = models.CharField(_("service domain"), max_length=40, choices=ServiceDomain.choices)
    step = models.CharField(
        pgettext_lazy("case", "step"),
        max_length=20,
        choices=CaseStep.choices,
        default=CaseStep.IDENTIFY,
        db_index=True,
    )
    opened_on = models.DateField(pgettext_lazy("case", "opened on"))
    closed_on = models.DateField(pgettext_lazy("case", "closed on"), null=True, blank=True)
    next_visit_due = models.DateField(_("next visit due"), null=True, blank=True, db_index=True)

    jurisdiction_scope = Scope(division="household__division", worker="household__assigned_worker")

    class Meta:
        ordering = ["-opened_on", "-id"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")

    def __str__(self) -> str:
        return self.title

    @property
    def is_closed(self) -> bool:
        return self.step == CaseStep.CLOSED


class CaseTransition(models.Model):
    """One move of a case from a step to the next: who and when."""

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="transitions"
    )
    from_step = models.CharField(
        pgettext_lazy("case step", "from"), max_length=20, choices=CaseStep.choices, blank=True
    )
    to_step = models.CharField(pgettext_lazy("case step", "to"), max_length=20, choices=CaseStep.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)

    jurisdiction_scope = Scope(
        division="case__household__division", worker="case__household__assigned_worker"
    )

    class Meta:
        ordering = ["case", "at", "id"]
        verbose_name = _("step of a case")
        verbose_name_plural = _("steps of a case")

    def __str__(self) -> str:
        return f"{self.case_id}: {self.from_step or '-'} → {self.to_step}"


class NeedsAssessment(BaseModel):
    """The record of step 2 (分析需求): material, emotional and social needs of the client."""

    case = models.OneToOneField(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="needs_assessment"
    )
    material = models.TextField(_("material needs"), blank=True)
    emotional = models.TextField(_("emotional needs"), blank=True)
    social = models.TextField(_("social needs"), blank=True)
    summary = models.TextField(_("assessment"))
    assessed_on = models.DateField(_("assessed on"))

    class Meta:
        verbose_name = _("needs assessment")
        verbose_name_plural = _("needs assessments")

    def __str__(self) -> str:
        return f"{self.case_id} {self.assessed_on}"


class IndividualPlan(BaseModel):
    """The record of step 3 (制定计划): the individual plan (一人一案) with its visit frequency."""

    case = models.OneToOneField(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="plan")
    visit_frequency_days = models.PositiveSmallIntegerField(
        _("visit every (days)"), help_text=_("The plan's own interval between two visits, in days.")
    )
    goals = models.TextField(_("goals"))
    steps = models.TextField(_("steps"))
    planned_on = models.DateField(_("planned on"))

    class Meta:
        verbose_name = _("individual plan")
        verbose_name_plural = _("individual plans")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(visit_frequency_days__gte=1),
                name="plan_visit_frequency_positive",
                violation_error_message=_("Visits must be at least one day apart."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.planned_on}"


class ResourceLink(BaseModel):
    """A record of step 4 (协调资源): a resource linked for the client."""

    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="resources")
    resource = models.CharField(_("resource"), max_length=200)
    provider = models.CharField(_("provided by"), max_length=200, blank=True)
    linked_on = models.DateField(_("linked on"))

    class Meta:
        ordering = ["case", "linked_on", "id"]
        verbose_name = _("resource")
        verbose_name_plural = _("resources")

    def __str__(self) -> str:
        return self.resource


class Intervention(BaseModel):
    """A record of step 5 (专业介入): a professional intervention; the notes are encrypted."""

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="interventions"
    )
    method = models.CharField(_("method"), max_length=200)
    notes = EncryptedTextField(_("notes"), blank=True)
    held_on = models.DateField(_("date"))

    class Meta:
        ordering = ["case", "held_on", "id"]
        verbose_name = _("intervention")
        verbose_name_plural = _("interventions")

    def __str__(self) -> str:
        return self.method


class FollowUp(BaseModel):
    """The record of step 6 (跟踪问效): the outcome, required before the case closes."""

    case = models.OneToOneField(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="follow_up"
    )
    outcome = models.TextField(pgettext_lazy("case", "outcome"))
    evaluated_on = models.DateField(_("evaluated on"))

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")

    def __str__(self) -> str:
        return f"{self.case_id} {self.evaluated_on}"


class Visit(BaseModel):
    """A home visit for a case; the notes are encrypted."""

    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="visits")
    visited_on = models.DateField(pgettext_lazy("home visit", "visited on"))
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("social worker"), on_delete=models.PROTECT, related_name="+"
    )
    notes = EncryptedTextField(_("notes"), blank=True)

    jurisdiction_scope = Scope(
        division="case__household__division", worker="case__household__assigned_worker"
    )

    class Meta:
        ordering = ["case", "-visited_on", "-id"]
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        indexes = [models.Index(fields=["case", "visited_on"], name="visit_case_date_idx")]

    def __str__(self) -> str:
        return f"{self.case_id} {self.visited_on}"
