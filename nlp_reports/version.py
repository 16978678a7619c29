"""The package version, the single source for pyproject.toml and every record."""

__version__ = "0.1.0"
