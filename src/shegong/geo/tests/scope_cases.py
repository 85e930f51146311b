"""Routes of the geo app for the jurisdiction scope test: divisions are public reference data."""

REASON = "public reference data (national statistical division codes), same for every viewer"

SCOPED_LISTS: dict = {}
SCOPED_DETAILS: dict = {}
NOT_SCOPED = {
    "geo:division-list": REASON,
    "geo:division-detail": REASON,
    "api:division-list": REASON,
    "api:division-detail": REASON,
}
