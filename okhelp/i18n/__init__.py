"""Words users read, by message id, in each language; traditional-script input."""
