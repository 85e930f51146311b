"""The demo data set: a coherent set of accounts and organisations for the four policy cities."""
