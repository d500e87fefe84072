"""What okhelp shows and writes: summary formats, helpdesk payloads, rich console views."""
