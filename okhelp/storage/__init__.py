"""The data folder: sessions, locks, the config file, summary files; files 0600."""
