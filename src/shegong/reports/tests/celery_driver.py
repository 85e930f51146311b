"""Run inside a subprocess by test_celery_worker: submit a scan and an export through Celery, wait.

Prints one JSON line: each job's state, progress, message and, for the export, the row count read
back with openpyxl. Settings and database come from the environment the test gives it.
"""

import io
import json
import sys
import time

import django


def main(username: str) -> None:
    django.setup()
    from openpyxl import load_workbook

    from shegong.accounts.models import User
    from shegong.reports.jobs import runner, submit
    from shegong.reports.models import BackgroundJob

    assert runner() == "celery", runner()
    user = User.objects.get(username=username)
    submitted = {
        "scan": submit("scan", user=user, params={}),
        "export": submit("export", user=user, params={"export": "organizations", "filters": {}}),
    }
    deadline = time.monotonic() + 90
    result = {}
    while time.monotonic() < deadline:
        jobs = {name: BackgroundJob.objects.get(pk=job.pk) for name, job in submitted.items()}
        if all(job.finished for job in jobs.values()):
            break
        time.sleep(0.3)
    for name, job in jobs.items():
        entry = {"state": job.state, "progress": job.progress, "message": job.message}
        if job.result:
            sheet = load_workbook(io.BytesIO(job.result.read()), read_only=True).active
            entry["rows"] = [list(row) for row in sheet.iter_rows(values_only=True)]
        result[name] = entry
    print(json.dumps(result, ensure_ascii=False, default=str))


if __name__ == "__main__":
    main(sys.argv[1])
