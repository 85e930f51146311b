"""Background jobs (后台任务): long work such as a scan, a large export or a report package."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from shegong.common.models import BaseModel
from shegong.common.scoping import Scope


class JobState(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class BackgroundJob(BaseModel):
    """One piece of background work submitted by a user, its progress and its result file.

    Only the owner lists and downloads their jobs (the selectors filter by owner); administrators
    reach all of them through the scope.
    """

    kind = models.CharField(_("kind"), max_length=40)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.CASCADE,
        related_name="background_jobs",
    )
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=JobState.choices, default=JobState.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    message = models.CharField(_("message"), max_length=500, blank=True)
    language = models.CharField(_("language"), max_length=10, default="zh-hans")
    result = models.FileField(_("result file"), upload_to="jobs/%Y/%m/", blank=True)
    result_name = models.CharField(_("file name"), max_length=200, blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    jurisdiction_scope = Scope(admin_only=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="reports_job_progress_max_100"
            ),
        ]
        indexes = [models.Index(fields=["owner", "-created_at"], name="reports_job_owner_idx")]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} ({self.state})"

    @property
    def finished(self) -> bool:
        return self.state in (JobState.DONE, JobState.FAILED)
