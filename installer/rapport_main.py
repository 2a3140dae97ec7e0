"""Entry script for the frozen app: the same `rapport` command as the installed one."""

import multiprocessing
import sys

if __name__ == "__main__":
    # The window's mail import reads in a child process (multiprocessing's "spawn"):
    # in the frozen app the child is this executable again, and freeze_support()
    # makes it the reader and exits, before anything of the app is imported.
    multiprocessing.freeze_support()
    from rapport.cli import main

    sys.exit(main())
