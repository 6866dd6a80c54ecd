"""The demonstration world `make run` builds (``setup_demo``), on top of every other app.

Each module loads one app's demonstration data through that app's services, so it carries its
history; :func:`demo.build.demo_load` runs them in order. Invented content (people's texts,
engagements, events, concerns, plans) is kept in ``demo/data/``; figures are generated from the
real published ones and marked as demonstration data wherever they are shown.
"""
