"""Adapters that score sitroom on public benchmarks (data read at run time from ../shared/benchmarks)."""
