"""Network analysis: a store in, networkx graphs, measures and clusters out.

Takes memberships read from the store (``projection``); hands on the co-partnership and
bipartite graphs, per-organisation measures (``metrics``, computed by igraph in ``engine``),
clusters and their stability (``clusters``), brokerage between sectors (``brokerage``), paths
and round-on-round changes. ``analysis.Analysis`` bundles them and keeps them in the store's
cache graph.
"""
