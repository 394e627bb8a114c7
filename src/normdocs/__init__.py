"""normdocs: the registry, procedure and audit of administrative normative documents."""

__version__ = "0.1.0"
