"""Load, fault and speed runs against real servers on loopback (run on demand, not tests)."""
