"""Improvement plan pages: ``plans`` (the list, a plan, its downloads, import and the plan
as a whole) and ``structure`` (headings, areas, actions and their details)."""
