"""Background work through one interface (issue 11): ``submit(kind, user=, params=)`` returns a job.

A *job kind* is a function registered under a name; it receives the job and a progress callback and
returns the result file (or nothing). Where it runs is a setting, ``SHEGONG_JOB_RUNNER``:

- ``"thread"``: an in-process thread after the commit (the embedded default, no extra service);
- ``"inline"``: synchronously inside ``submit`` (the tests);
- ``"celery"``: a Celery worker through the broker in ``CELERY_BROKER_URL`` (Redis in production).

Every runner ends in :func:`run_job`, which marks the job running, calls the kind as the job's owner
(so every read is scoped to the owner), stores the file and marks the job done or failed.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.db import close_old_connections, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from shegong.common.audit import audit_record
from shegong.common.models import AuditEntry

from .models import BackgroundJob, JobState

logger = logging.getLogger(__name__)

RUNNERS = ("inline", "thread", "celery")
CELERY_TASK_NAME = "shegong.reports.run_job"

UNKNOWN_KIND = _("This kind of background job does not exist.")
NOT_ALLOWED = _("You may not start this kind of background job.")
JOB_FAILED = _("The job failed. Try again; if it fails again, tell the system administrator.")


class JobRefused(Exception):
    """A job that may not be submitted (unknown kind, no permission, bad parameters); nothing is saved."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


class JobError(Exception):
    """A job kind's own failure whose message the owner should read (shown as the job's message)."""


@dataclass(frozen=True)
class JobOutput:
    """What a job kind returns: the result file and a closing message."""

    filename: str = ""
    content: bytes = b""
    message: str = ""


Progress = Callable[[int, str], None]


@dataclass(frozen=True)
class JobKind:
    name: str
    label: object
    run: Callable[[BackgroundJob, Progress], JobOutput | None]
    may_submit: Callable[[object], bool]
    clean: Callable[[object, dict], dict]


_KINDS: dict[str, JobKind] = {}


def register_job_kind(
    name: str,
    *,
    label,
    may_submit: Callable[[object], bool],
    clean: Callable[[object, dict], dict] | None = None,
):
    """Register ``run(job, progress) -> JobOutput | None`` as the job kind ``name``."""

    def decorator(run):
        _KINDS[name] = JobKind(
            name=name, label=label, run=run, may_submit=may_submit, clean=clean or (lambda user, p: dict(p))
        )
        return run

    return decorator


def job_kinds() -> dict[str, JobKind]:
    _load_kinds()
    return dict(_KINDS)


def _load_kinds() -> None:
    from . import job_kinds as _  # noqa: F401  (registers the kinds on import)


def runner() -> str:
    name = getattr(settings, "SHEGONG_JOB_RUNNER", "thread")
    if name not in RUNNERS:
        raise ImproperlyConfigured(f"SHEGONG_JOB_RUNNER must be one of {RUNNERS}, not {name!r}")
    return name


def submit(kind: str, *, user, params: dict | None = None) -> BackgroundJob:
    """Queue a job of ``kind`` for ``user`` and hand it to the configured runner.

    Raises :class:`JobRefused` (and saves nothing) for an unknown kind, a user who may not start it
    or parameters the kind refuses. With the inline runner the returned job is already finished.
    """
    _load_kinds()
    spec = _KINDS.get(kind)
    if spec is None:
        raise JobRefused(UNKNOWN_KIND)
    if not getattr(user, "is_authenticated", False) or not spec.may_submit(user):
        raise JobRefused(NOT_ALLOWED)
    cleaned = spec.clean(user, dict(params or {}))
    mode = runner()
    with transaction.atomic():
        job = BackgroundJob.objects.create(
            kind=kind,
            owner=user,
            params=cleaned,
            language=translation.get_language() or settings.LANGUAGE_CODE,
        )
        audit_record(
            actor=user, action=AuditEntry.Action.CREATE, instance=job, after={"kind": kind, **cleaned}
        )
        if mode == "thread":
            transaction.on_commit(lambda: _start_thread(job.pk))
        elif mode == "celery":
            transaction.on_commit(lambda: _send_to_celery(job.pk))
    if mode == "inline":
        run_job(job.pk)
        job.refresh_from_db()
    return job


def _start_thread(job_id: int) -> None:
    threading.Thread(target=_run_in_thread, args=(job_id,), name=f"job-{job_id}", daemon=True).start()


def _run_in_thread(job_id: int) -> None:
    try:
        run_job(job_id)
    finally:
        close_old_connections()


def _send_to_celery(job_id: int) -> None:
    from shegong.celery import app

    app.send_task(CELERY_TASK_NAME, args=[job_id])


def _progress_callback(job: BackgroundJob) -> Progress:
    last = {"percent": -1, "message": None}

    def progress(percent: int, message: str = "") -> None:
        percent = max(0, min(99, int(percent)))  # 100 only when the result is stored
        message = str(message)[:500]
        if percent == last["percent"] and message == last["message"]:
            return
        last.update(percent=percent, message=message)
        BackgroundJob.objects.filter(pk=job.pk).update(
            progress=percent, message=message, updated_at=timezone.now()
        )

    return progress


def run_job(job_id: int) -> BackgroundJob | None:
    """Run a queued job to the end; a job already taken (a redelivered message) is left alone."""
    _load_kinds()
    taken = BackgroundJob.objects.filter(pk=job_id, state=JobState.QUEUED).update(
        state=JobState.RUNNING, started_at=timezone.now(), progress=0, updated_at=timezone.now()
    )
    if not taken:
        return None
    job = BackgroundJob.objects.select_related("owner").get(pk=job_id)
    spec = _KINDS.get(job.kind)
    with translation.override(job.language):
        try:
            if spec is None:
                raise JobError(str(UNKNOWN_KIND))
            output = spec.run(job, _progress_callback(job)) or JobOutput()
        except JobError as exc:
            _finish(job, state=JobState.FAILED, message=str(exc))
        except Exception:
            logger.exception("background job %s (%s) failed", job.pk, job.kind)
            _finish(job, state=JobState.FAILED, message=str(JOB_FAILED))
        else:
            if output.filename:
                job.result.save(output.filename, ContentFile(output.content), save=False)
                job.result_name = output.filename[:200]
            _finish(job, state=JobState.DONE, message=output.message)
    return job


def _finish(job: BackgroundJob, *, state: str, message: str) -> None:
    job.state = state
    job.message = str(message)[:500]
    job.finished_at = timezone.now()
    if state == JobState.DONE:
        job.progress = 100
    else:
        job.progress = BackgroundJob.objects.filter(pk=job.pk).values_list("progress", flat=True).first() or 0
    job.save()


# Reads ---------------------------------------------------------------------------------------------


def job_list(*, viewer):
    """The viewer's own jobs, newest first."""
    return BackgroundJob.objects.filter(owner=viewer).order_by("-created_at", "-id")


def job_get(*, viewer, pk) -> BackgroundJob:
    """One of the viewer's own jobs, or ``BackgroundJob.DoesNotExist`` (another user's job too)."""
    return job_list(viewer=viewer).get(pk=pk)
