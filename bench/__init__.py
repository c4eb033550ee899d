"""Benchmarks for `make bench`: the webhook, the outbox dispatch and the planner, against baselines."""
