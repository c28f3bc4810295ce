"""Cairn: the participation platform of the cooperative."""
