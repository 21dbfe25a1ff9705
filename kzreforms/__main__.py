"""``python -m kzreforms``: the same command line as ``kzreforms``."""

from .cli import main

if __name__ == "__main__":  # pragma: no cover - exercised through subprocess tests
    main(prog_name="kzreforms")
