"""对监管的监管: oversight statistics over supervision records, computed in SQL (GROUP BY).

- `sql`: the few date expressions PostgreSQL and SQLite spell differently.
- `working_days`: the 7-working-day publication deadline (weekends only, for now).
- `oversight`: who may read which region's statistics, and the statements.
"""
