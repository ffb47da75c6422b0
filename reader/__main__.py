"""``python -m reader``: same as the ``newspaper-reader`` console script."""

from reader.cli import main

raise SystemExit(main())
