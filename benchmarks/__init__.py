"""Benchmarks: each figure printed beside the floor it is measured against in the same run."""
