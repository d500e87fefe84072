"""The pure model: guides, the engine's state machine, answers, sessions, templates."""
