"""partnerkg: a knowledge graph of partnerships between public bodies."""

from .errors import LoaderError, PartnerKGError, QueryError, StoreError, ValidationError
from .graph.store import KnowledgeGraph

__version__ = "0.1.0"
__all__ = ["KnowledgeGraph", "PartnerKGError", "LoaderError", "QueryError", "StoreError",
           "ValidationError", "__version__"]
