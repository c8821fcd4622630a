"""Only ISO dates are read (compliance.inputs); display formats stay the locale's."""
