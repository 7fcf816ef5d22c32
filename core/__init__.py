"""Common ground for every stage: the exception hierarchy (``errors``), plain records that
loaders fill (``records``), name keys and slugs (``names``), progress on standard error
(``progress``) and table rendering (``tables``).

Takes nothing from the rest of partnerkg; hands on these to every other package.
"""
