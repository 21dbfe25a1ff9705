"""The single source of kzreforms' version number."""

__version__ = "0.1.0"
