"""`make bench`: GraphQL load benchmarks against the real server (see bench/README.md)."""
