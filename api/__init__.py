"""The HTTP API for intake and integration (django-ninja), at /api/v1/.

Its OpenAPI schema is served at /api/v1/openapi.json and browsable at /api/v1/docs. A SIEM or
ticketing system records a breach (the breach engine runs and the deadlines appear), reads a
breach's obligations and deadlines, and lists transfers with the transfer engine's judgement.
Each request carries a personal token (``Authorization: Bearer <token>``, see ``ApiToken``);
the token's user is scoped exactly as in the admin (``compliance.access``) and throttled.
"""
