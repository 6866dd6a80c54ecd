"""Automatic triggers: the Table 2 triggers the portal can raise from data by itself (DOMAIN.md
§3: "a measure far worse than comparators, a sharp change, a Level 1 failure, a missing Local
Account"). Judgement stays with people: an automatic concern is raised for the Planning Group
only, never shared or closed by the portal.

- :mod:`~triggers.automatic.registry`: what a finder returns (:class:`Finding`) and the
  registry of finders, each registered with :func:`register_finder` and the
  :class:`~triggers.models.Automatic` kind it finds.
- The finders: :mod:`~triggers.automatic.figures` on the accepted figures and their
  comparators (an ASCOF measure, or one of the region's own items in the return, far worse
  than the NW median or in the bottom quarter and worsening, a
  sharp change in a unit cost, a rise in admissions to care homes);
  :mod:`~triggers.automatic.published` on the published national figures (a sharp change in a
  published annual unit cost, workforce turnover far above Oflog's national median, delays
  attributable to social care far worse than the North West or sharply rising);
  :mod:`~triggers.automatic.submissions` on what councils send and publish (a return missing or
  late, a Local Account missing or weak); :mod:`~triggers.automatic.level1` on thematic
  self-assessments (Table 2, Other Intelligence 1: "failure to meet minimum standards (i.e.
  Level 1) on key elements"). ``selfassessment`` sits to the left of ``triggers`` and knows
  nothing of this finder; a submission or moderation tells ``triggers`` by a signal, whose
  receiver queues an evaluation after commit.
- :mod:`~triggers.automatic.evaluation`: :func:`triggers_evaluate`, which runs every registered
  finder (it imports each finder module, so none is missed) and brings the concerns up to date.

Each kind is raised under the Table 2 row that carries it in ``table2.csv`` (workforce
turnover under Resources 4, delays under Outcomes 4, "Locality Scorecard Measures (AQAA)", the
whole-system tier); a kind no row carries (``return_late``) under its place in ``FALLBACK_TRIGGERS``. A new finder is a function
in a module of this package, registered for a kind some Table 2 row carries, and that module is
imported by the evaluation; nothing else changes.
"""
