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
    worker and to the civil-affairs officers named on it (``named_officers``).
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

    named_officers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("officers named for a minor's file"),
        blank=True,
        related_name="named_minor_households",
        help_text=_("When a member is a minor, only the assigned worker and these officers see the file."),
    )

    jurisdiction_scope = Scope(division="division", worker="assigned_worker")

    class Meta:
        ordering = ["division", "address", "id"]
        verbose_name = _("household file")
        verbose_name_plural = _("household files")
        # The list's keyset order (issue 11): a page is an index range, not a sort of the jurisdiction.
        indexes = [models.Index(fields=["division", "address", "id"], name="household_list_idx")]

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
        # Households with a minor are found by birth date (the minors' restriction, issue 11).
        indexes = [models.Index(fields=["birth_date", "household"], name="member_minor_idx")]

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
        # The caseload's and the API list's keyset orders (issue 11).
        indexes = [
            models.Index(fields=["next_visit_due", "id"], name="case_caseload_idx"),
            models.Index(fields=["-opened_on", "-id"], name="case_opened_idx"),
        ]

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


# Consent and referrals (转介与资源链接) ---------------------------------------------------------------


class SharedData(models.TextChoices):
    """What a referral may pass on about a client, and what a consent covers."""

    CONTACT = "contact", _("Name, address and contact")
    ID_NUMBER = "id_number", _("Resident ID number")
    HEALTH = "health", _("Health information")
    CASE_RECORDS = "case_records", _("Needs assessment and case records")


class Consent(BaseModel):
    """A client's consent (知情同意) to share some of their data with one recipient until a date.

    A referral that shares data is refused unless a consent of the client covers the recipient, every
    shared item and the day of sending, and has not been withdrawn.
    """

    member = models.ForeignKey(
        Member, verbose_name=_("client"), on_delete=models.PROTECT, related_name="consents"
    )
    data = models.JSONField(_("data covered"), default=list)
    recipient = models.CharField(_("for whom"), max_length=200)
    given_on = models.DateField(_("given on"))
    valid_until = models.DateField(_("valid until"))
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    jurisdiction_scope = Scope(
        division="member__household__division", worker="member__household__assigned_worker"
    )

    class Meta:
        ordering = ["member", "-given_on", "-id"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_until__gte=models.F("given_on")),
                name="consent_valid_after_given",
                violation_error_message=_("A consent cannot end before it was given."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.member.name} → {self.recipient}"

    @property
    def data_labels(self) -> list[str]:
        return [str(SharedData(d).label) for d in self.data if d in SharedData.values]

    def covers(self, *, recipient: str, data: list[str], on: datetime.date) -> bool:
        return (
            self.recipient.strip() == recipient.strip()
            and set(data) <= set(self.data)
            and self.given_on <= on <= self.valid_until
            and (self.withdrawn_on is None or self.withdrawn_on > on)
        )


class RecipientKind(models.TextChoices):
    DEPARTMENT = "department", _("Government department")
    ORGANIZATION = "organization", _("Social organisation or service provider")
    VOLUNTEERS = "volunteers", _("Volunteer team")


class ReferralStatus(models.TextChoices):
    SENT = "sent", pgettext_lazy("referral", "Sent")
    ACCEPTED = "accepted", pgettext_lazy("referral", "Accepted")
    REJECTED = "rejected", pgettext_lazy("referral", "Rejected")
    DONE = "done", pgettext_lazy("referral", "Done")


class Referral(BaseModel):
    """A referral (转介) of a case's client to a department, an organisation or volunteers (SM-14).

    sent → accepted / rejected; accepted → done, which needs the outcome.
    """

    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="referrals")
    recipient_kind = models.CharField(_("recipient type"), max_length=20, choices=RecipientKind.choices)
    recipient = models.CharField(_("referred to"), max_length=200)
    need = models.TextField(_("what is asked"))
    shared_data = models.JSONField(_("data shared"), default=list, blank=True)
    consent = models.ForeignKey(
        Consent,
        verbose_name=_("consent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="referrals",
    )
    status = models.CharField(
        pgettext_lazy("referral", "status"),
        max_length=20,
        choices=ReferralStatus.choices,
        default=ReferralStatus.SENT,
        db_index=True,
    )
    sent_on = models.DateField(pgettext_lazy("referral", "sent on"))
    answered_on = models.DateField(pgettext_lazy("referral", "answered on"), null=True, blank=True)
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    closed_on = models.DateField(pgettext_lazy("referral", "done on"), null=True, blank=True)
    outcome = models.TextField(pgettext_lazy("referral", "outcome"), blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    jurisdiction_scope = Scope(
        division="case__household__division", worker="case__household__assigned_worker"
    )

    class Meta:
        ordering = ["-sent_on", "-id"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="done") | ~models.Q(outcome=""),
                name="referral_done_has_outcome",
                violation_error_message=_("Record the outcome before marking the referral done."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.case.title} → {self.recipient}"

    @property
    def shared_labels(self) -> list[str]:
        return [str(SharedData(d).label) for d in self.shared_data if d in SharedData.values]


# Service windows (HZ-13) and five-party linkage (HZ-16) ----------------------------------------------


class WalkInRequest(BaseModel):
    """A request received at a station's service window (社工站经办服务窗口, HZ-13).

    First-contact responsibility (首问负责): ``received_by`` answers for it until it is done or
    transferred. What is missing is told once (一次性告知): ``missing_items`` with ``notified_on``.
    A matter for another office is transferred (分办转办). It is handled within ``due_on`` (限时办理),
    the dated number of handling days after it was received.
    """

    station = models.ForeignKey(
        "stations.Station",
        verbose_name=_("station"),
        on_delete=models.PROTECT,
        related_name="walk_in_requests",
    )
    received_on = models.DateField(_("received on"))
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("first-contact person"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    visitor = models.CharField(_("visitor"), max_length=100)
    matter = models.TextField(_("matter of the request"))
    household = models.ForeignKey(
        Household,
        verbose_name=_("household"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="walk_in_requests",
    )
    due_on = models.DateField(_("to be handled by"))
    missing_items = models.TextField(_("missing materials"), blank=True)
    notified_on = models.DateField(_("told what is missing on"), null=True, blank=True)
    transferred_to = models.CharField(_("transferred to"), max_length=200, blank=True)
    transferred_on = models.DateField(_("transferred on"), null=True, blank=True)
    done_on = models.DateField(_("handled on"), null=True, blank=True)
    outcome = models.TextField(pgettext_lazy("walk-in request", "outcome"), blank=True)

    jurisdiction_scope = Scope(
        division="station__division", organization="station__provider", worker="received_by"
    )

    class Meta:
        ordering = ["-received_on", "-id"]
        verbose_name = _("walk-in request")
        verbose_name_plural = _("walk-in requests")

    def __str__(self) -> str:
        return f"{self.received_on} {self.visitor}"

    @property
    def is_open(self) -> bool:
        return self.done_on is None and self.transferred_on is None


class LinkageParty(models.TextChoices):
    """The five parties of 五社联动 (HZ-16)."""

    COMMUNITY = "community", _("Village or community committee")
    SOCIAL_ORGANIZATION = "social_organization", _("Community social organisation")
    SOCIAL_WORKER = "social_worker", _("Social worker")
    VOLUNTEER = "volunteer", _("Community volunteers")
    CHARITY = "charity", _("Charity resources")


class LinkageRecord(BaseModel):
    """A five-party linkage (五社联动) around a case: who took part and what each brought (HZ-16)."""

    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="linkages")
    held_on = models.DateField(_("date"))
    parties = models.JSONField(_("parties taking part"), default=list)
    participants = models.TextField(_("who took part"))
    contribution = models.TextField(_("what each brought"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    jurisdiction_scope = Scope(
        division="case__household__division", worker="case__household__assigned_worker"
    )

    class Meta:
        ordering = ["case", "-held_on", "-id"]
        verbose_name = _("five-party linkage")
        verbose_name_plural = _("five-party linkages")

    def __str__(self) -> str:
        return f"{self.case_id} {self.held_on}"

    @property
    def party_labels(self) -> list[str]:
        return [str(LinkageParty(p).label) for p in self.parties if p in LinkageParty.values]
