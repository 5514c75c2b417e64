"""Benchmarks at national scale: a synthetic data generator and a runner that measures the
platform's key requests and jobs against naive baselines (docs/performance.md)."""
