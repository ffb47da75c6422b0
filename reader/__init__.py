"""Newspaper Reader: turns plain page text of Chinese newspapers into articles and stories.

The core (``library``, ``layout``, ``stories``, ``model``) imports no Qt, so it can be used
from the command line, from tests and from a server alike; ``reader.ui`` is a thin layer on top.
"""

__version__ = "0.1.0"
