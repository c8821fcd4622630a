"""Breach regimes beyond the GDPR, the UK GDPR and the APPI, one module per regime (domain brief
§8.5), with the vocabulary, calendars and applicability test they share.

The public entry point is ``compliance.rules.breach``; import from there.
"""
