"""reflect: a private terminal journal for clinicians' post-session reflections."""

__version__ = "0.1.0"
