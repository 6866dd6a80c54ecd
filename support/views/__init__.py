"""The support app's pages, one module per area: Table 1 and the landing page (``table1``),
the excellence directory (``directory``), engagements and the matching tool
(``engagements``), the reciprocity ledger and challenges (``ledger``) and events
(``events``)."""
