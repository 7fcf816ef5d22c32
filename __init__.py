"""partnerkg: a knowledge graph of partnerships between public bodies.

Data flows one way: ``loaders`` read sources into records, ``resolution`` turns names into
bodies, ``graph`` builds triples into an Oxigraph store (``pipeline`` runs those steps),
``network`` projects and measures, and ``reports``, ``views``, ``exports`` and ``endpoint``
let results out.

>>> from partnerkg import KnowledgeGraph, summary_report
>>> summary_report(KnowledgeGraph.bundled()).organisations > 50
True
"""

from .core.errors import LoaderError, PartnerKGError, QueryError, StoreError, ValidationError
from .pipeline import KnowledgeGraph, LoadSummary, load, load_into_store
from .queries.runner import query_rows, run_query
from .reports import summary_report

__version__ = "0.1.0"
__all__ = ["KnowledgeGraph", "LoadSummary", "load", "load_into_store", "query_rows", "run_query",
           "summary_report", "PartnerKGError", "LoaderError", "QueryError", "StoreError",
           "ValidationError", "__version__"]
