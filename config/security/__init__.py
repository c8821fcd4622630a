"""Sign-in security: lockout (django-axes), second factor (django-otp), session lifetime and
re-authentication. The admin is the whole application, so this is its front door."""
