"""Filled in as the registry's pages arrive."""
