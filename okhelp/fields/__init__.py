"""What a user types into a field: validation, amounts, times, transaction ids, redaction."""
