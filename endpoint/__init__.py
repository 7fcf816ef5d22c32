"""SPARQL over HTTP, both ways: the remote client and the server in one place.

Takes a store directory, or a query or a store's graph; hands on a read-only SPARQL endpoint
run by the Oxigraph server (``server``), or the answer of an endpoint elsewhere and a pushed
graph (``client``).
"""
