"""The typer app: options in, one core call, the result rendered; errors mapped in one place."""
