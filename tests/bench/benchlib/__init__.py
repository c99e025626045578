"""Benchmark harness of Social CRM: data generator, server control, figures, report."""
