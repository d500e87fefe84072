"""For guide authors: loading, schema, checks, the format reference, drawings, starters."""
