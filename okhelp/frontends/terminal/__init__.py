"""The interactive wizard: the only code that talks to questionary and prompt_toolkit."""
