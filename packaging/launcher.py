"""Entry point of the frozen app (PyInstaller runs this file)."""

import multiprocessing
import sys

from reader.cli import main

if __name__ == "__main__":
    # the index build starts worker processes (spawn): in a frozen app they re-enter here
    multiprocessing.freeze_support()
    sys.exit(main())
