"""contractdossier: keeps contract dossiers complete, current and accessible."""

__version__ = "0.1.0"
