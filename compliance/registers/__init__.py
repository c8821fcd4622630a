"""Registers in and out: spreadsheets (XLSX, CSV) of the records every feature keeps.

Infrastructure: it knows no feature. A feature describes a register kind once (its columns, how
its rows are read from a queryset, and optionally how rows of a file are written back through
its services) and registers it from its ``registration.register()``; the admin's export
buttons, the import page and ``manage.py export_register`` / ``import_register`` then work for
it. See ``registry`` (kinds), ``spreadsheets`` (XLSX and CSV), ``exporting`` and ``importing``.
"""
