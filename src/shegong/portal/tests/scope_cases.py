"""Routes of the public portal for the jurisdiction scope test: all public, none scoped."""

PUBLIC = "public: reads only published records"

NOT_SCOPED = {
    "portal:home": PUBLIC,
    "portal:station-directory": PUBLIC,
    "portal:sanction-list": PUBLIC,
    "portal:pay-disclosure-list": PUBLIC,
    "portal:statistics": PUBLIC,
    "portal:complaint-create": PUBLIC,
}
