"""PDF reports, whatever they are about: one renderer (``pdf``) with a static-only URL fetcher
(``fetcher``), the registry of report kinds and of the group report's sections (``registry``),
background jobs for large reports (``jobs``, ``models``) and the export views (``views``,
``admin``).

This package knows no feature: each feature registers its report kinds, sections and background
thresholds from its ``registration.register()`` (``compliance.registry``: group status;
``compliance.breaches``: notification and register; ``compliance.bcr``: timeline;
``transfers``: transfer register).
"""
