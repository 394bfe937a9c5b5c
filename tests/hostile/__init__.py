"""Hostile and broken input: the corpus tests of issue 14."""
