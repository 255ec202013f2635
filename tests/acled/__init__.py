"""ACLED exports as ACLED (and the spreadsheets that re-save them) write them: the
fixtures of tests/test_acled.py, written by the tests into their temporary folders."""
