"""Rules on practitioners: training hours, pre-job training, certified posts, practising only when filed.

Subjects are practitioners; their division is where they are filed. Every rule reads its numbers and
dates from the dated parameters of its document and checks all practitioners in one query: the hours
and the filing state on the as-of date are annotated as subqueries, never read per row.

A practitioner's training year is the calendar year of the as-of date, counted up to that date.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal
from operator import attrgetter

from django.db.models import (
    DecimalField,
    Exists,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from shegong.common.periods import add_years
from shegong.policy.engine import Rule, RuleContext, Severity, Violation, money, register
from shegong.procurement.domains import ServiceDomain

from .models import (
    CERTIFICATE_RANK,
    QUALIFIED_OR_BETTER,
    Assessment,
    AssessmentGrade,
    Certificate,
    CertificateLevel,
    CertificateSubsidy,
    Employment,
    FilingState,
    FilingTransition,
    PayRecord,
    Practitioner,
    Rank,
    SalaryGuide,
    SocialInsuranceRecord,
    TrainingKind,
    TrainingRecord,
)
from .pay import city_code, guide_tables, table_on

SHENZHEN = "shenzhen-2020-measures"
SANMING = "sanming-2013-talent-measures"
HUIZHOU = "huizhou-2021-double-hundred"

ALL_KINDS = tuple(TrainingKind.values)
HOURS = DecimalField(max_digits=9, decimal_places=1)
TENTH = Decimal("0.1")


def hours_label(value) -> str:
    """Hours as people write them: 80 → '80', 79.5 → '79.5'."""
    value = Decimal(value)
    return f"{value.normalize():f}" if value % 1 else f"{value:.0f}"


class Phrase:
    """Text printed in the language active when it is printed: explanations are rendered in two."""

    def __init__(self, template, **params):
        self.template, self.params = template, params

    def __str__(self) -> str:
        return str(self.template) % {key: str(value) for key, value in self.params.items()}


class Phrases:
    """Phrases joined the way the active language lists them (“；” / “、” in Chinese)."""

    def __init__(self, items, *, enumeration: bool = False):
        self.items, self.enumeration = list(items), enumeration

    def __str__(self) -> str:
        chinese = (translation.get_language() or "").startswith("zh")
        if self.enumeration:
            separator = "、" if chinese else ", "
        else:
            separator = "；" if chinese else "; "
        return separator.join(str(item) for item in self.items)

    def __bool__(self) -> bool:
        return bool(self.items)


# Subqueries shared by the rules and the practitioner pages ----------------------------------------


def filing_state_on(as_of: datetime.date) -> Subquery:
    """The filing state a practitioner had on ``as_of`` (from the history), or NULL before applying."""
    steps = FilingTransition.objects.filter(practitioner=OuterRef("pk"), effective_on__lte=as_of)
    return Subquery(steps.order_by("-effective_on", "-id").values("to_state")[:1])


def hours_between(
    start: datetime.date | None, end: datetime.date, kinds: Iterable[str] = ALL_KINDS
) -> Coalesce:
    """Sum of a practitioner's training hours of ``kinds`` held from ``start`` (or ever) to ``end``."""
    records = TrainingRecord.objects.filter(
        practitioner=OuterRef("pk"), held_on__lte=end, kind__in=list(kinds)
    )
    if start is not None:
        records = records.filter(held_on__gte=start)
    records = records.order_by().values("practitioner").annotate(total=Sum("hours")).values("total")
    return Coalesce(Subquery(records, output_field=HOURS), Value(Decimal("0")), output_field=HOURS)


def hours_in_year(as_of: datetime.date, kinds: Iterable[str] = ALL_KINDS) -> Coalesce:
    """Hours of ``kinds`` in the calendar year of ``as_of``, up to ``as_of``."""
    return hours_between(datetime.date(as_of.year, 1, 1), as_of, kinds)


def current_employments(as_of: datetime.date) -> QuerySet:
    """Posts of the outer practitioner held on ``as_of``."""
    return Employment.objects.filter(practitioner=OuterRef("pk"), starts_on__lte=as_of).exclude(
        ends_on__lt=as_of
    )


# What a practitioner finding reads of its subject: the label (name and masked ID number), the
# division, the employer and the community flag. The rules read these columns (with their annotations)
# as plain values and build a practitioner only for a violation, so a scan of a province's 150,000
# practitioners never loads the encrypted ID number, the timestamps or a model instance per row.
SUBJECT_COLUMNS = tuple(
    field.attname
    for field in Practitioner._meta.concrete_fields  # in the model's order, as ``from_db`` reads them
    if field.attname in {"id", "name", "id_number_masked", "community_worker", "division_id", "employer_id"}
)


def subject_rows(rows: QuerySet, *annotations: str) -> list:
    """The practitioners of ``rows`` as named tuples of :data:`SUBJECT_COLUMNS` and ``annotations``.

    In the register's order (pinyin, id), sorted here: unsorted, the database reads a province's
    practitioners with their subqueries in half the time.
    """
    found = rows.order_by().values_list(*SUBJECT_COLUMNS, *annotations, "name_pinyin", named=True)
    return sorted(found, key=attrgetter("name_pinyin", "id"))


def subject_of(row, db: str) -> Practitioner:
    """The practitioner of a :func:`subject_rows` row, with only the subject columns loaded."""
    return Practitioner.from_db(db, SUBJECT_COLUMNS, row[: len(SUBJECT_COLUMNS)])


class PractitionerRule(Rule):
    subject_model = "workforce.Practitioner"
    subject_kind = "practitioner"
    division_path = "division"
    organization_path = "employer"

    def explain(
        self, violation, *, language: str, document_title: str, clause_label: str, template: str | None = None
    ) -> str:
        """Render the explanation; ``%(clause_ref)s`` is the full clause number (二（三）3 in Chinese)."""
        from shegong.policy.scanning import clause_label as printed

        with translation.override(language):
            values = {
                "document": document_title,
                "clause": clause_label,
                "clause_ref": printed(self.clause, language),
                **violation.context,
            }
            return (template if template is not None else str(self.explanation)) % values

    @staticmethod
    def inputs(practitioner, **extra) -> dict:
        return {
            "practitioner": practitioner.name,
            "id_number": practitioner.id_number_masked,
            "division": practitioner.division_id,
            "employer": practitioner.employer_id,
            **extra,
        }


# Yearly training hours (SZ-07a, SM-03, HZ-17) -------------------------------------------------------


class YearlyTrainingRule(PractitionerRule):
    """Base of the yearly training-hours rules: filed practitioners, hours of the as-of year."""

    hours_parameter = ""
    counted_kinds: tuple[str, ...] = ALL_KINDS
    severity = Severity.MEDIUM
    version = 1

    def eligible(self, subjects: QuerySet) -> QuerySet:
        """Practitioners the requirement applies to (the Sanming rule narrows it to community workers)."""
        return subjects

    def applies_to(self, practitioner) -> bool:
        """The same test as :meth:`eligible` for one practitioner (for the progress bar)."""
        return True

    def evaluate(self, subjects, ctx: RuleContext) -> Iterable[Violation]:
        year = ctx.as_of.year
        rows = (
            self.eligible(subjects)
            .annotate(state_on=filing_state_on(ctx.as_of), hours=hours_in_year(ctx.as_of, self.counted_kinds))
            .filter(state_on=FilingState.FILED)
        )
        for row in subject_rows(rows, "hours"):
            minimum = ctx.param(self.hours_parameter, row.division_id)
            hours = Decimal(row.hours).quantize(TENTH)  # the same on every database
            if hours < minimum:
                practitioner = subject_of(row, rows.db)
                yield Violation(
                    subject=practitioner,
                    measured=hours,
                    threshold=minimum,
                    parameters={self.hours_parameter: minimum},
                    inputs=self.inputs(practitioner, year=year, hours=hours, kinds=list(self.counted_kinds)),
                    context={
                        "name": practitioner.name,
                        "year": year,
                        "measured": hours_label(hours),
                        "threshold": hours_label(minimum),
                    },
                )


@register
class ContinuingEducationHoursRule(YearlyTrainingRule):
    """SZ-07a: each practitioner completes ≥ 80 hours of continuing education per calendar year (Shenzhen)."""

    spec_id = "SZ-07a"
    document = SHENZHEN
    clause = "(七)"
    parameters = ("continuing_education_hours_min",)
    hours_parameter = "continuing_education_hours_min"
    counted_kinds = (TrainingKind.CONTINUING_EDUCATION,)
    title = _("Continuing education hours per year")
    explanation = _(
        "%(name)s has %(measured)s hours of continuing education in %(year)s, fewer than the %(threshold)s "
        "hours a year required by clause %(clause)s of %(document)s."
    )


@register
class CommunityTrainingHoursRule(YearlyTrainingRule):
    """SM-03: social work professionals working in communities train ≥ 20 hours per year (Sanming)."""

    spec_id = "SM-03"
    document = SANMING
    clause = "二(一)2"
    parameters = ("community_training_hours_min",)
    hours_parameter = "community_training_hours_min"
    title = _("Training hours of community social workers per year")
    explanation = _(
        "%(name)s, who works in a community, has %(measured)s training hours in %(year)s, fewer than the "
        "%(threshold)s hours a year required by %(clause_ref)s of %(document)s."
    )

    def eligible(self, subjects):
        return subjects.filter(community_worker=True)

    def applies_to(self, practitioner) -> bool:
        return practitioner.community_worker


@register
class StationTrainingHoursRule(YearlyTrainingRule):
    """HZ-17: each social worker trains ≥ 48 hours per year (Huizhou)."""

    spec_id = "HZ-17"
    document = HUIZHOU
    clause = "五(三)3"
    parameters = ("training_hours_per_year_min",)
    hours_parameter = "training_hours_per_year_min"
    title = _("Training hours per social worker per year")
    explanation = _(
        "%(name)s has %(measured)s training hours in %(year)s, fewer than the %(threshold)s hours a year "
        "required by %(clause_ref)s of %(document)s."
    )


YEARLY_TRAINING_RULES = ("SZ-07a", "SM-03", "HZ-17")


# Pre-job training (SZ-07b, HZ-12) -------------------------------------------------------------------


@register
class PreJobTrainingFirstYearRule(PractitionerRule):
    """SZ-07b: new hires receive pre-job training in their first year (Shenzhen).

    A hire is the practitioner's first post in the registry, begun on or after the day the measures
    took effect; a practitioner employed on the as-of date whose first year has passed without a
    pre-job training record breaks the rule.
    """

    spec_id = "SZ-07b"
    document = SHENZHEN
    clause = "(七)"
    parameters = ("pre_job_training_window",)
    severity = Severity.MEDIUM
    title = _("Pre-job training in the first year")
    explanation = _(
        "%(name)s started work on %(started)s and had no pre-job training by %(deadline)s, the end of the "
        "first year required by clause %(clause)s of %(document)s."
    )

    def evaluate(self, subjects, ctx: RuleContext) -> Iterable[Violation]:
        from shegong.policy.library import load_library

        in_force_from = load_library().document(self.document).validity.start
        first_start = Employment.objects.filter(practitioner=OuterRef("pk"), starts_on__lte=ctx.as_of)
        first_pre_job = TrainingRecord.objects.filter(
            practitioner=OuterRef("pk"), kind=TrainingKind.PRE_JOB, held_on__lte=ctx.as_of
        )
        rows = (
            subjects.filter(Exists(current_employments(ctx.as_of)))
            .annotate(
                first_start=Subquery(first_start.order_by("starts_on").values("starts_on")[:1]),
                first_pre_job=Subquery(first_pre_job.order_by("held_on").values("held_on")[:1]),
            )
            .filter(first_start__gte=in_force_from)
        )
        for row in subject_rows(rows, "first_start", "first_pre_job"):
            window = ctx.param("pre_job_training_window", row.division_id)
            due_before = add_years(row.first_start, window)
            if ctx.as_of < due_before:
                continue  # still in the first year
            if row.first_pre_job is not None and row.first_pre_job < due_before:
                continue
            deadline = due_before - datetime.timedelta(days=1)
            practitioner = subject_of(row, rows.db)
            yield Violation(
                subject=practitioner,
                measured=row.first_pre_job or "",
                threshold=deadline,
                parameters={"pre_job_training_window": window},
                inputs=self.inputs(practitioner, started=row.first_start, first_pre_job=row.first_pre_job),
                context={
                    "name": practitioner.name,
                    "started": row.first_start.isoformat(),
                    "deadline": deadline.isoformat(),
                },
            )


@register
class PreJobTrainingHoursRule(PractitionerRule):
    """HZ-12: every social worker has ≥ 15 hours of pre-job training (Huizhou).

    Due by the deadline of the plan (30 September 2021) for the workers integrated then, and by the
    first day of work for those hired later; checked for practitioners employed on the as-of date.
    """

    spec_id = "HZ-12"
    document = HUIZHOU
    clause = "五(二)五"
    parameters = ("pre_job_training_hours_min", "pre_job_training_deadline")
    severity = Severity.MEDIUM
    title = _("Pre-job training hours")
    explanation = _(
        "%(name)s has %(measured)s hours of pre-job training, fewer than the %(threshold)s hours required "
        "by %(clause_ref)s of %(document)s."
    )

    def evaluate(self, subjects, ctx: RuleContext) -> Iterable[Violation]:
        started = Employment.objects.filter(practitioner=OuterRef("pk"), starts_on__lte=ctx.as_of)
        rows = subjects.filter(Exists(current_employments(ctx.as_of))).annotate(
            first_start=Subquery(started.order_by("starts_on").values("starts_on")[:1]),
            pre_job_hours=hours_between(None, ctx.as_of, (TrainingKind.PRE_JOB,)),
        )
        for row in subject_rows(rows, "first_start", "pre_job_hours"):
            minimum = ctx.param("pre_job_training_hours_min", row.division_id)
            deadline = ctx.param("pre_job_training_deadline", row.division_id)
            due = max(deadline, row.first_start)
            hours = Decimal(row.pre_job_hours).quantize(TENTH)
            if ctx.as_of <= due or hours >= minimum:
                continue
            practitioner = subject_of(row, rows.db)
            yield Violation(
                subject=practitioner,
                measured=hours,
                threshold=minimum,
                parameters={"pre_job_training_hours_min": minimum, "pre_job_training_deadline": deadline},
                inputs=self.inputs(practitioner, pre_job_hours=hours, started=row.first_start),
                context={
                    "name": practitioner.name,
                    "measured": hours_label(hours),
                    "threshold": hours_label(minimum),
                },
            )


# Certified staff on post (SZ-04) --------------------------------------------------------------------


@register
class CertifiedOnPostRule(PractitionerRule):
    """SZ-04: certified staff on post (持证上岗).

    From 2020-11-12, every holder of a professional social-work post in a purchased-service contract
    signed from that day holds the national certificate; from 2023 every professional post in every
    purchased project does. A post is in a purchased project when its contract date is recorded.
    """

    spec_id = "SZ-04"
    document = SHENZHEN
    clause = "(四)"
    parameters = ("certified_posts_new_contracts_from", "certified_posts_all_projects_from")
    severity = Severity.HIGH
    title = _("Certified staff on professional posts")
    explanation = _(
        "%(name)s holds the professional social-work post “%(post)s” in a purchased project without a "
        "national social work qualification certificate, which clause %(clause)s of %(document)s requires."
    )

    def evaluate(self, subjects, ctx: RuleContext) -> Iterable[Violation]:
        new_from = ctx.param("certified_posts_new_contracts_from")
        all_from = ctx.param("certified_posts_all_projects_from")
        posts = current_employments(ctx.as_of).filter(
            is_professional_post=True, contract_signed_on__isnull=False
        )
        if ctx.as_of < all_from:
            posts = posts.filter(contract_signed_on__gte=new_from)
        certified = Certificate.objects.filter(practitioner=OuterRef("pk"), issued_on__lte=ctx.as_of)
        rows = (
            subjects.filter(Exists(posts))
            .exclude(Exists(certified))
            .annotate(post=Subquery(posts.order_by("-starts_on").values("post")[:1]))
        )
        for row in subject_rows(rows, "post"):
            practitioner = subject_of(row, rows.db)
            yield Violation(
                subject=practitioner,
                measured=0,
                threshold=1,
                parameters={
                    "certified_posts_new_contracts_from": new_from,
                    "certified_posts_all_projects_from": all_from,
                },
                inputs=self.inputs(practitioner, post=row.post, certificates=0),
                context={"name": practitioner.name, "post": row.post},
            )


# Practising only when registered (SM-08) -----------------------------------------------------------


@register
class PractisingWhenRegisteredRule(PractitionerRule):
    """SM-08: a practitioner registers before practising; a cancelled registration ends the practice.

    Practising = holding a post on the as-of date; registered = filed on that date (the history).
    """

    spec_id = "SM-08"
    document = SANMING
    clause = "二(三)3"
    parameters = ()
    severity = Severity.HIGH
    title = _("Practising without registration")
    explanation = _(
        "%(name)s holds the post “%(post)s” while the registration is “%(state)s”; %(clause_ref)s of "
        "%(document)s allows practising only after registration."
    )

    def evaluate(self, subjects, ctx: RuleContext) -> Iterable[Violation]:
        posts = current_employments(ctx.as_of)
        rows = (
            subjects.filter(Exists(posts))
            .annotate(
                state_on=filing_state_on(ctx.as_of),
                post=Subquery(posts.order_by("-starts_on").values("post")[:1]),
            )
            .filter(Q(state_on__isnull=True) | ~Q(state_on=FilingState.FILED))
        )
        for row in subject_rows(rows, "state_on", "post"):
            practitioner = subject_of(row, rows.db)
            state = row.state_on
            label = FilingState(state).label if state else _("not applied")
            yield Violation(
                subject=practitioner,
                measured=state or "",
                threshold=FilingState.FILED.value,
                parameters={},
                inputs=self.inputs(practitioner, state=state or "", post=row.post),
                context={"name": practitioner.name, "post": row.post, "state": label},
            )


# Yearly assessment and re-hiring in Huizhou (HZ-04, HZ-08) ------------------------------------------


def month_day(year: int, value: str) -> datetime.date:
    """The date of a month-day parameter (``"10-31"``) in ``year``."""
    month, day = (int(part) for part in value.split("-"))
    return datetime.date(year, month, day)


@register
class WorkerAssessmentDueRule(PractitionerRule):
    """HZ-04 (worker part): each station worker's yearly assessment is final by 31 October (Huizhou).

    The year checked is the latest one whose deadline has passed on the as-of date; the workers are
    those filed and holding a post on that deadline. The assessment counts once both the employer and
    the served unit signed it (SM-07), on or before the as-of date.
    """

    spec_id = "HZ-04"
    document = HUIZHOU
    clause = "四(二)三"
    parameters = ("worker_assessment_due",)
    severity = Severity.MEDIUM
    title = _("Yearly assessment of social workers by 31 October")
    explanation = _(
        "%(name)s has no final yearly assessment for %(year)s, due by %(deadline)s under %(clause_ref)s of "
        "%(document)s."
    )

    def evaluate(self, subjects, ctx: RuleContext) -> Iterable[Violation]:
        due = ctx.param("worker_assessment_due")
        deadline = month_day(ctx.as_of.year, due)
        if ctx.as_of <= deadline:
            deadline = month_day(ctx.as_of.year - 1, due)
        year = deadline.year
        final = Assessment.objects.filter(practitioner=OuterRef("pk"), year=year, final_on__lte=ctx.as_of)
        rows = (
            subjects.filter(Exists(current_employments(deadline)))
            .annotate(state_on=filing_state_on(deadline))
            .filter(state_on=FilingState.FILED)
            .exclude(Exists(final))
        )
        for row in subject_rows(rows):
            practitioner = subject_of(row, rows.db)
            yield Violation(
                subject=practitioner,
                measured="",
                threshold=deadline,
                parameters={"worker_assessment_due": due},
                inputs=self.inputs(practitioner, year=year, deadline=deadline),
                context={"name": practitioner.name, "year": year, "deadline": deadline.isoformat()},
            )


REHIRE_PROBLEMS = {
    "uncertified": _("no certificate"),
    None: _("no final yearly assessment"),
    AssessmentGrade.BASICALLY_QUALIFIED: _("last assessment “basically qualified”"),
    AssessmentGrade.UNQUALIFIED: _("last assessment “unqualified”"),
}


@register
class CertifiedRehireRule(PractitionerRule):
    """HZ-08: from 2022-07-01 only certified workers rated “qualified” or better are re-hired (Huizhou).

    Flags a practitioner with a post begun from that date up to the as-of date that is a re-hire (an
    earlier post exists) while, on its first day, the practitioner held no certificate or the latest
    final assessment was below “qualified”. The same test refuses such posts in ``employment_add``.
    """

    spec_id = "HZ-08"
    document = HUIZHOU
    clause = "五(一)三"
    parameters = ("certified_rehire_from",)
    severity = Severity.HIGH
    title = _("Re-hiring only certified workers rated qualified or better")
    explanation = _(
        "%(name)s was re-hired on %(started)s (%(problem)s); from %(from)s %(clause_ref)s of %(document)s "
        "re-hires only certified social workers whose yearly assessment is “qualified” or better."
    )

    def evaluate(self, subjects, ctx: RuleContext) -> Iterable[Violation]:
        start = ctx.param("certified_rehire_from")
        if ctx.as_of < start:
            return
        employments = Employment.objects.filter(
            practitioner__in=subjects.values("pk"), starts_on__gte=start, starts_on__lte=ctx.as_of
        )
        earlier = Employment.objects.filter(
            practitioner=OuterRef("practitioner"), starts_on__lt=OuterRef("starts_on")
        )
        certified = Certificate.objects.filter(
            practitioner=OuterRef("practitioner"), issued_on__lte=OuterRef("starts_on")
        )
        last_grade = Assessment.objects.filter(
            practitioner=OuterRef("practitioner"), final_on__lte=OuterRef("starts_on")
        ).order_by("-year")
        rows = (
            employments.filter(Exists(earlier))
            .annotate(certified=Exists(certified), last_grade=Subquery(last_grade.values("grade")[:1]))
            .filter(Q(certified=False) | Q(last_grade__isnull=True) | ~Q(last_grade__in=QUALIFIED_OR_BETTER))
            .select_related("practitioner")
            .order_by("practitioner_id", "starts_on", "id")
        )
        seen = set()
        for employment in rows:
            practitioner = employment.practitioner
            if practitioner.pk in seen:
                continue  # one finding per practitioner: the first re-hire that broke the rule
            seen.add(practitioner.pk)
            grade = employment.last_grade
            problem = REHIRE_PROBLEMS["uncertified"] if not employment.certified else REHIRE_PROBLEMS[grade]
            yield Violation(
                subject=practitioner,
                measured=grade or "",
                threshold=AssessmentGrade.QUALIFIED.value,
                parameters={"certified_rehire_from": start},
                inputs=self.inputs(
                    practitioner,
                    employment=employment.pk,
                    started=employment.starts_on,
                    certified=employment.certified,
                    last_grade=grade or "",
                ),
                context={
                    "name": practitioner.name,
                    "started": employment.starts_on.isoformat(),
                    "from": start.isoformat(),
                    "problem": problem,
                },
            )


# Ranks and pay (SZ-06c, SZ-06d, SM-09, SM-10, HZ-06) -----------------------------------------------


@register
class SalaryGuideAgeRule(Rule):
    """SZ-06c: the salary guide is revised at least every 3 years — warn when the guide in force is older.

    The subject is a city's guide in force on the as-of date (the latest one from that date or before);
    it is overdue once as many years as the parameter have passed since it took effect.
    """

    spec_id = "SZ-06c"
    document = SHENZHEN
    clause = "(六)"
    subject_model = "workforce.SalaryGuide"
    subject_kind = "salary guide"
    division_path = "division"
    parameters = ("salary_guide_revision_interval",)
    severity = Severity.LOW
    title = _("Salary guide revised every 3 years")
    explanation = _(
        "The salary guide “%(guide)s” has been in force since %(since)s; clause %(clause)s of %(document)s "
        "revises the guide every %(threshold)s years, so a revision was due by %(due)s."
    )

    def evaluate(self, subjects, ctx: RuleContext) -> Iterable[Violation]:
        newer = SalaryGuide.objects.filter(
            division=OuterRef("division"),
            effective_from__gt=OuterRef("effective_from"),
            effective_from__lte=ctx.as_of,
        )
        rows = subjects.filter(effective_from__lte=ctx.as_of).exclude(Exists(newer))
        for guide in rows:
            years = ctx.param("salary_guide_revision_interval", guide.division_id)
            due = add_years(guide.effective_from, years)
            if ctx.as_of < due:
                continue
            yield Violation(
                subject=guide,
                measured=guide.effective_from,
                threshold=due,
                parameters={"salary_guide_revision_interval": years},
                inputs={
                    "guide": guide.title,
                    "effective_from": guide.effective_from,
                    "sample": guide.is_sample,
                },
                context={
                    "guide": guide.title,
                    "since": guide.effective_from.isoformat(),
                    "threshold": years,
                    "due": due.isoformat(),
                },
            )


def latest_of(model, subjects: QuerySet, as_of: datetime.date) -> QuerySet:
    """Records of ``model`` of each subject practitioner in their latest month on or before ``as_of``."""
    latest = (
        model.objects.filter(practitioner=OuterRef("practitioner"), month__lte=as_of)
        .order_by("-month")
        .values("month")[:1]
    )
    return (
        model.objects.filter(practitioner__in=subjects.values("pk"), month__lte=as_of)
        .filter(month=Subquery(latest))
        .select_related("practitioner", "employer")
        .order_by("practitioner_id", "id")
    )


def pay_shortfall(record: PayRecord, tables) -> tuple[Decimal, object] | None:
    """The guide pay ``record`` falls short of, with its guide; None when paid enough or not comparable."""
    table = table_on(tables, record.practitioner.division_id, record.month)
    if table is None:
        return None
    minimum = table.pay.get((record.rank, record.domain))
    if minimum is None or record.gross_pay >= minimum:
        return None
    return minimum, table.guide


def _cities(subjects: QuerySet) -> set[str]:
    codes = subjects.order_by().values_list("division_id", flat=True).distinct()
    return {city_code(code) for code in codes if city_code(code)}


@register
class PayBelowGuideRule(PractitionerRule):
    """SZ-06d: providers may not withhold staff pay — a month paid below the salary guide is a finding.

    Checks each practitioner's latest recorded month on or before the as-of date against the guide in
    force on the first day of that month, for the rank and service domain paid for.
    """

    spec_id = "SZ-06d"
    document = SHENZHEN
    clause = "(六)"
    parameters = ()
    severity = Severity.HIGH
    title = _("Pay below the salary guide")
    explanation = _(
        "%(name)s was paid %(measured)s yuan for %(month)s by %(employer)s as “%(rank)s” in “%(domain)s”, "
        "below the %(threshold)s yuan of the salary guide “%(guide)s”; clause %(clause)s of %(document)s "
        "forbids withholding practitioners' pay."
    )

    def evaluate(self, subjects, ctx: RuleContext) -> Iterable[Violation]:
        tables = guide_tables(city_codes=_cities(subjects))
        seen = set()
        for record in latest_of(PayRecord, subjects, ctx.as_of):
            practitioner = record.practitioner
            found = pay_shortfall(record, tables)
            if found is None or practitioner.pk in seen:
                continue
            seen.add(practitioner.pk)
            minimum, guide = found
            yield Violation(
                subject=practitioner,
                measured=record.gross_pay,
                threshold=minimum,
                parameters={"salary_guide": guide.pk, "guide_effective_from": guide.effective_from},
                inputs=self.inputs(
                    practitioner,
                    month=record.month,
                    pay_employer=record.employer_id,
                    rank=record.rank,
                    domain=record.domain,
                    gross_pay=record.gross_pay,
                    guide=guide.title,
                ),
                context={
                    "name": practitioner.name,
                    "measured": money(record.gross_pay),
                    "threshold": money(minimum),
                    "month": f"{record.month:%Y-%m}",
                    "employer": record.employer.name,
                    "rank": Rank(record.rank).label,
                    "domain": ServiceDomain(record.domain).label,
                    "guide": guide.title,
                },
            )


SUBSIDY_PARAMETERS = {
    CertificateLevel.ASSISTANT: "certificate_subsidy_assistant",
    CertificateLevel.INTERMEDIATE: "certificate_subsidy_intermediate",
    CertificateLevel.SENIOR: "certificate_subsidy_senior",
}


@register
class CertificateSubsidyRule(PractitionerRule):
    """SM-09: certified community workers get +60 / +120 / +180 yuan a month, not stacked (Sanming).

    Checks each practitioner's latest recorded subsidy month: the amount must be the parameter of the
    highest certificate held on the first day of that month (nothing without one, nothing for a
    practitioner not working in a community), and never paid together with the community title subsidy.
    """

    spec_id = "SM-09"
    document = SANMING
    clause = "二(四)1"
    parameters = tuple(SUBSIDY_PARAMETERS.values())
    severity = Severity.MEDIUM
    title = _("Certificate subsidy of community workers")
    explanation = _(
        "%(name)s received a certificate subsidy of %(measured)s yuan for %(month)s (%(problem)s); "
        "%(clause_ref)s of %(document)s sets %(threshold)s yuan a month and forbids stacking it with the "
        "community title subsidy."
    )

    def evaluate(self, subjects, ctx: RuleContext) -> Iterable[Violation]:
        records = (
            latest_of(CertificateSubsidy, subjects, ctx.as_of)
            .select_related(None)
            .select_related("practitioner")
        )
        certificates: dict[int, list[tuple[datetime.date, str]]] = {}
        for practitioner_id, issued_on, level in Certificate.objects.filter(
            practitioner__in=subjects.values("pk"), issued_on__lte=ctx.as_of
        ).values_list("practitioner_id", "issued_on", "level"):
            certificates.setdefault(practitioner_id, []).append((issued_on, level))
        seen = set()
        for record in records:
            practitioner = record.practitioner
            if practitioner.pk in seen:
                continue
            seen.add(practitioner.pk)
            held = [level for day, level in certificates.get(practitioner.pk, []) if day <= record.month]
            top = max(held, key=lambda level: CERTIFICATE_RANK[level], default=None)
            expected = Decimal(0)
            used = {}
            if top is not None and practitioner.community_worker:
                key = SUBSIDY_PARAMETERS[top]
                used[key] = ctx.param(key, practitioner.division_id)
                expected = Decimal(str(used[key]))
            problems = []
            if record.title_subsidy_paid:
                problems.append(_("stacked with the community title subsidy"))
            if record.amount != expected:
                if not practitioner.community_worker:
                    problems.append(_("not recorded as working in a community"))
                elif top is None:
                    problems.append(_("no certificate held that month"))
                else:
                    problems.append(
                        Phrase(
                            _("the certificate “%(level)s” gives %(amount)s yuan"),
                            level=CertificateLevel(top).label,
                            amount=money(expected),
                        )
                    )
            if not problems:
                continue
            yield Violation(
                subject=practitioner,
                measured=record.amount,
                threshold=expected,
                parameters=used,
                inputs=self.inputs(
                    practitioner,
                    month=record.month,
                    level=record.level,
                    top_certificate=top or "",
                    title_subsidy_paid=record.title_subsidy_paid,
                    community_worker=practitioner.community_worker,
                ),
                context={
                    "name": practitioner.name,
                    "measured": money(record.amount),
                    "threshold": money(expected),
                    "month": f"{record.month:%Y-%m}",
                    "problem": Phrases(problems),
                },
            )


INSURANCE_LABELS = {
    "pension": _("pension insurance"),
    "medical": _("medical insurance"),
    "unemployment": _("unemployment insurance"),
    "work_injury": _("work-injury insurance"),
    "housing_fund": _("housing provident fund"),
}


def insurance_problems(record: SocialInsuranceRecord, schemes: Iterable[str]) -> list:
    """What an employer left unpaid in a month: missing schemes, not in full, late."""
    missing = [INSURANCE_LABELS[name] for name in schemes if not getattr(record, name)]
    problems: list = []
    if missing:
        problems.append(Phrase(_("not paid: %(schemes)s"), schemes=Phrases(missing, enumeration=True)))
    if not record.paid_in_full:
        problems.append(_("not paid in full"))
    if not record.paid_on_time:
        problems.append(_("not paid on time"))
    return problems


@register
class SocialInsuranceInFullRule(PractitionerRule):
    """SM-10: employers pay social insurance in full and on time (Sanming).

    Checks each practitioner's latest recorded month: the four social insurances paid, on the full
    base and on time.
    """

    spec_id = "SM-10"
    document = SANMING
    clause = "二(四)1"
    parameters = ()
    severity = Severity.HIGH
    title = _("Social insurance paid in full and on time")
    explanation = _(
        "For %(month)s, %(employer)s did not pay the social insurance of %(name)s as required (%(problem)s); "
        "%(clause_ref)s of %(document)s requires employers to pay it in full and on time."
    )
    schemes = SocialInsuranceRecord.INSURANCES

    def evaluate(self, subjects, ctx: RuleContext) -> Iterable[Violation]:
        seen = set()
        for record in latest_of(SocialInsuranceRecord, subjects, ctx.as_of):
            practitioner = record.practitioner
            problems = insurance_problems(record, self.schemes)
            if not problems or practitioner.pk in seen:
                continue
            seen.add(practitioner.pk)
            yield Violation(
                subject=practitioner,
                measured=len(problems),
                threshold=0,
                parameters={},
                inputs=self.inputs(
                    practitioner,
                    month=record.month,
                    insurance_employer=record.employer_id,
                    **{
                        name: getattr(record, name)
                        for name in (*INSURANCE_LABELS, "paid_in_full", "paid_on_time")
                    },
                ),
                context={
                    "name": practitioner.name,
                    "month": f"{record.month:%Y-%m}",
                    "employer": record.employer.name,
                    "problem": Phrases(problems),
                },
            )


@register
class StationWorkerPayRule(PractitionerRule):
    """HZ-06: station workers are paid per the county measures with full social insurance (四险一金).

    The county measures follow the Huizhou salary guide (clause 四(三)一), recorded here as the city's
    salary guide. Checks each practitioner's latest recorded pay month (below the guide) and latest
    social insurance month (any of the four insurances or the housing fund unpaid, or not in full).
    """

    spec_id = "HZ-06"
    document = HUIZHOU
    clause = "四(三)一"
    parameters = ()
    severity = Severity.HIGH
    title = _("Pay per the county measures with full social insurance")
    explanation = _(
        "%(name)s: %(problem)s; %(clause_ref)s of %(document)s requires pay per the county measures and "
        "the full social insurance (four insurances and the housing fund)."
    )

    def evaluate(self, subjects, ctx: RuleContext) -> Iterable[Violation]:
        tables = guide_tables(city_codes=_cities(subjects))
        found: dict[int, dict] = {}
        for record in latest_of(PayRecord, subjects, ctx.as_of):
            shortfall = pay_shortfall(record, tables)
            if shortfall is None:
                continue
            entry = found.setdefault(
                record.practitioner_id, {"practitioner": record.practitioner, "problems": []}
            )
            if "pay" in entry:
                continue
            minimum, guide = shortfall
            entry["pay"] = {"month": record.month, "gross_pay": record.gross_pay, "guide_pay": minimum}
            entry["problems"].append(
                str(_("paid %(pay)s yuan for %(month)s, below the %(minimum)s yuan of the salary guide"))
                % {
                    "pay": money(record.gross_pay),
                    "month": f"{record.month:%Y-%m}",
                    "minimum": money(minimum),
                }
            )
        for record in latest_of(SocialInsuranceRecord, subjects, ctx.as_of):
            problems = insurance_problems(record, (*SocialInsuranceRecord.INSURANCES, "housing_fund"))
            if not problems:
                continue
            entry = found.setdefault(
                record.practitioner_id, {"practitioner": record.practitioner, "problems": []}
            )
            if "insurance" in entry:
                continue
            entry["insurance"] = {"month": record.month}
            month = f"{record.month:%Y-%m}"
            entry["problems"].extend(
                Phrase(_("%(month)s: %(problem)s"), month=month, problem=p) for p in problems
            )
        for entry in found.values():
            practitioner = entry["practitioner"]
            pay = entry.get("pay", {})
            yield Violation(
                subject=practitioner,
                measured=pay.get("gross_pay", ""),
                threshold=pay.get("guide_pay", ""),
                parameters={},
                inputs=self.inputs(practitioner, pay=pay, insurance=entry.get("insurance", {})),
                context={"name": practitioner.name, "problem": Phrases(entry["problems"])},
            )
