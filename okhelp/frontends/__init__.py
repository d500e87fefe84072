"""Front ends: the command line, the terminal wizard, the step protocol and the MCP server."""
