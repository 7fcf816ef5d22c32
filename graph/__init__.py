"""The RDF graph: records and resolutions in, triples in an Oxigraph store out.

Takes ``Records`` (from ``loaders``) and a resolver (from ``resolution``); ``build`` makes
N-Triples in the ontology's terms, ``store`` writes them atomically and answers SPARQL,
``cache`` keeps analysis results beside the data, ``validate`` checks the SHACL shapes.
Hands on a ``Store`` that queries, networks, reports, views and exports read.
"""
