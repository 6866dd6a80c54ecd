"""Improvement plan pages: ``plans`` (the list, a plan, its downloads, import and the plan
as a whole, and what the plan views share), ``structure`` (headings, areas and actions),
``details`` (each action's expected evidence, targets and milestones), ``progress`` (quarterly
progress and the regional summary) and ``citations`` (what a plan cites, as each viewer may
see it)."""
