"""Pure tax and portfolio rules.

Nothing in this package touches Excel, files, the clock or the locale: records in, records out, and
the as-of date is always an argument. ``tests/test_engine_purity.py`` enforces it.
"""
