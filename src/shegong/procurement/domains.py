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


class ServiceType(models.TextChoices):
    """SZ-01: the 13 service types of clause (一)."""

    POVERTY_RELIEF = "poverty_relief", _("Help for the poor and weak")
    EMOTIONAL_SUPPORT = "emotional_support", _("Emotional support")
    PSYCHOLOGICAL_COMFORT = "psychological_comfort", _("Psychological comfort")
    MENTAL_CARE = "mental_care", _("Spiritual care")
    BEHAVIOUR_CORRECTION = "behaviour_correction", _("Behaviour correction")
    SOCIAL_REHABILITATION = "social_rehabilitation", _("Social rehabilitation")
    RIGHTS_PROTECTION = "rights_protection", _("Rights protection")
    CRISIS_INTERVENTION = "crisis_intervention", _("Crisis intervention")
    RELATIONSHIP_ADJUSTMENT = "relationship_adjustment", _("Relationship adjustment")
    CONFLICT_RESOLUTION = "conflict_resolution", _("Conflict resolution")
    CAPACITY_BUILDING = "capacity_building", _("Capacity building")
    RESOURCE_LINKING = "resource_linking", _("Resource linking")
    SOCIAL_INTEGRATION = "social_integration", _("Social integration")


class ClientGroup(models.TextChoices):
    """Priority client groups (SZ (二), JN 三(五), HZ 二(三))."""

    DIBAO = "dibao", _("Subsistence allowance (dibao) recipients")
    TEKUN = "tekun", _("Extreme poverty support (tekun) recipients")
    DISABLED = "disabled", _("Persons with disabilities")
    CHILDREN_IN_DIFFICULTY = "children_in_difficulty", _("Children in difficulty")
    LEFT_BEHIND_CHILDREN = "left_behind_children", _("Left-behind children")
    LEFT_BEHIND_ELDERLY = "left_behind_elderly", _("Left-behind and empty-nest elderly")
    ELDERLY_IN_DIFFICULTY = "elderly_in_difficulty", _("Elderly people in special difficulty")
    LEFT_BEHIND_WOMEN = "left_behind_women", _("Left-behind women")
    WOMEN_IN_DIFFICULTY = "women_in_difficulty", _("Women in difficulty")
    FAMILIES_IN_DIFFICULTY = "families_in_difficulty", _("Families in difficulty")
