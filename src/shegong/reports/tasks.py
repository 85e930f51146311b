"""Celery tasks: the one task that runs a background job by its id (see :mod:`shegong.reports.jobs`)."""

from shegong.celery import app

from .jobs import CELERY_TASK_NAME, run_job


@app.task(name=CELERY_TASK_NAME, ignore_result=True)
def run_background_job(job_id: int) -> None:
    """Run the queued job ``job_id`` in this worker."""
    run_job(job_id)
