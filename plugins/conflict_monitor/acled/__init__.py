"""ACLED data in: an export from ACLED's site, as it really comes, turned into the
publication's incidents and actors."""
