"""Use cases: the session lifecycle, the runtime, the summary record, stats and forgetting."""
