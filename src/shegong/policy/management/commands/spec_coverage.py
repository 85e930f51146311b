"""``shegong spec_coverage``: every SPEC ID with its implementation and the tests that exercised it."""

from django.core.management.base import BaseCommand

from shegong.policy.coverage import coverage_report, load_trace


class Command(BaseCommand):
    help = "List every requirement ID of SPEC.md with the code that implements it and the tests that exercised it."

    def add_arguments(self, parser):
        parser.add_argument(
            "--summary", action="store_true", help="only the totals per kind and the last line"
        )

    def handle(self, *args, summary=False, **options):
        lines = coverage_report()
        trace = load_trace()
        if not summary:
            for line in lines:
                mark = "✔" if line.covered else "✘"
                impl = ", ".join(f"{kind}:{name}" for kind, name in line.implementations) or "—"
                self.stdout.write(f"{mark} {line.spec_id:7} {line.kind:6} {line.requirement[:40]}")
                self.stdout.write(f"      实现 implementation: {impl}")
                tests = line.tests[:5]
                more = f" (+{len(line.tests) - 5})" if len(line.tests) > 5 else ""
                self.stdout.write(f"      测试 tests: {', '.join(tests) or '—'}{more}")
        kinds = sorted({line.kind for line in lines})
        for kind in kinds:
            of_kind = [line for line in lines if line.kind == kind]
            covered = sum(line.covered for line in of_kind)
            self.stdout.write(f"{kind}: {covered} / {len(of_kind)}")
        if trace.get("generated"):
            self.stdout.write(f"trace of test run at {trace['generated']}")
        else:
            self.stdout.write("no test trace yet: run `make test` to record which tests exercise what")
        covered = sum(line.covered for line in lines)
        self.stdout.write(f"covered {covered} of {len(lines)}")
