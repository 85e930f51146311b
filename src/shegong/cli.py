"""The ``shegong`` console script: Django's management commands with the right settings."""

import os
import sys


def main() -> None:
    """Run a management command (``shegong migrate``, ``shegong demo`` …)."""
    env = os.environ.setdefault("SHEGONG_ENV", "dev")
    if env not in {"dev", "test", "prod"}:
        sys.stderr.write(f"SHEGONG_ENV 只能是 dev、test 或 prod，当前为 {env!r}。\n")
        raise SystemExit(2)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", f"shegong.settings.{env}")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
