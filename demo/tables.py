"""Invented demonstration content: the prefix every text a demonstration "person" writes
starts with."""

DEMO = "Demonstration:"
