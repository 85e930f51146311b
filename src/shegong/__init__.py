"""Shegong (社工): government-purchased social work services, run by the rules."""

__version__ = "0.1.0"
