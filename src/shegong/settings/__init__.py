"""Settings per environment: ``SHEGONG_ENV`` picks ``dev`` (default), ``test`` or ``prod``."""
