"""Every user action, written once, for the command line and the window alike.

Qt-free and argparse-free (``tests/test_layering.py`` holds it to that): each
operation takes plain values or dataclasses, returns a plain dataclass, and
raises ``OperationError`` with a message written for the user. ``rapport.cli``
parses, calls and prints; ``rapport.ui.operations`` runs the same functions on
a worker thread and shows the result or the error on the main thread.
"""

from rapport.operations.errors import OperationError

__all__ = ["OperationError"]
