"""Entry script for the frozen app: the same `rapport` command as the installed one."""

import sys

from rapport.cli import main

if __name__ == "__main__":
    sys.exit(main())
