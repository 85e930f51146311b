"""Service domains of social work (SZ-02, clause (二)) and the high-risk subset (clause (六))."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ServiceDomain(models.TextChoices):
    """SZ-02: the 16 service domains of clause (二)."""

    SOCIAL_WELFARE = "social_welfare", _("Social welfare")
    SOCIAL_ASSISTANCE = "social_assistance", _("Social assistance")
    CHARITY = "charity", _("Charity")
    COMMUNITY_BUILDING = "community_building", _("Community building")
    MARRIAGE_FAMILY = "marriage_family", _("Marriage and family")
    MENTAL_HEALTH = "mental_health", _("Mental health")
    DISABILITY_REHABILITATION = "disability_rehabilitation", _("Disability rehabilitation")
    EDUCATION_GUIDANCE = "education_guidance", _("Education guidance")
    EMPLOYMENT_ASSISTANCE = "employment_assistance", _("Employment assistance")
    WORKER_SUPPORT = "worker_support", _("Worker support")
    CRIME_PREVENTION = "crime_prevention", _("Crime prevention")
    DRUG_REHABILITATION = "drug_rehabilitation", _("Drug prevention and rehabilitation")
    CORRECTIONS = "corrections", _("Community corrections")
    HEALTH = "health", _("Health")
    DISPUTE_MEDIATION = "dispute_mediation", _("Dispute mediation")
    EMERGENCY_RESPONSE = "emergency_response", _("Emergency response")


# SZ-02 / SZ-13d: clause (六) names these domains as high-risk; their package fee floor is higher.
HIGH_RISK_DOMAINS = frozenset(
    {
        ServiceDomain.SOCIAL_WELFARE,
        ServiceDomain.MENTAL_HEALTH,
        ServiceDomain.DRUG_REHABILITATION,
        ServiceDomain.CORRECTIONS,
        ServiceDomain.HEALTH,
        ServiceDomain.DISPUTE_MEDIATION,
        ServiceDomain.DISABILITY_REHABILITATION,
        ServiceDomain.EMERGENCY_RESPONSE,
    }
)
