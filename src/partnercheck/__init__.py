"""partnercheck: see how a public-service partnership is really doing.

The library does the work (``load_bank``, ``load_answers``, ``assess``); the
command line in :mod:`partnercheck.cli` and the renderers in
:mod:`partnercheck.render` are thin edges over it.
"""

__version__ = "0.1.0"
