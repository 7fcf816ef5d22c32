"""Reports: a store (and its analysis) in, tables out as text, CSV, JSON or Markdown.

Takes a store and the ``network`` analysis; hands on the summary and detailed reports
(``partnerships``), what resolution decided (``resolution``) and what prose extraction found
(``extraction``).
"""

from .partnerships import *  # noqa: F401,F403 (the reports, importable as partnerkg.reports.X)
from .partnerships import __all__  # noqa: F401
