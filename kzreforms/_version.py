"""The single source of kzreforms' version number."""

__version__ = "0.2.0"
