"""The worker process (`python -m schedules`): fixed periodic jobs over the database.

schedules.worker holds the loop steps (`dispatch_once`, `plan_once`, plain
functions of `now`) and `run`, the APScheduler BlockingScheduler that calls
them; schedules.__main__ is the entry point. Nothing runs at import.
"""
