"""System check: ``shegong check`` fails when the policy YAML has problems."""

from django.core import checks

from shegong.policy import library
from shegong.policy.validation import validate_tree


@checks.register("policy")
def policy_data_check(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """Report every problem in policy/documents/ and policy/spec.yaml as an error."""
    return [
        checks.Error(str(problem), hint="See docs/policy-data.md.", id="policy.E001")
        for problem in validate_tree(library.DOCUMENTS_ROOT)
    ]
