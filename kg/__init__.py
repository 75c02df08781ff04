"""kg: historical documents to a validated, provenance-rich knowledge graph.

Stages (one module each): :mod:`kg.load`, :mod:`kg.segment`,
:mod:`kg.extract`, :mod:`kg.resolve`, :mod:`kg.relate`, :mod:`kg.build`,
:mod:`kg.validate`, :mod:`kg.export`; :func:`kg.pipeline.run` chains them.
"""

__version__ = "0.1.0"
