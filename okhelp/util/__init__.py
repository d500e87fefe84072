"""Small helpers with no okhelp imports: neutralising text, safe YAML."""
