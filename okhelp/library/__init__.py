"""The guides okhelp can serve: the catalogue, its cache, and search by description."""
