"""Views: interactive HTML network pages (pyvis) that open offline, search, filter and explain.

Takes a store and its ``network`` analysis; hands on one self-contained HTML file per view.
"""

from .network import ViewOptions, build_view, write_network_view

__all__ = ["ViewOptions", "build_view", "write_network_view"]
