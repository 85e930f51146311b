"""Job postings (SZ-05, SM-12), unified recruitment (HZ-11) and volunteers (SM-14)."""
