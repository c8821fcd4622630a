"""Input formats per language (settings.FORMAT_MODULE_PATH): ISO dates everywhere."""
