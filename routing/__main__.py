"""Entry point for ``python -m routing``."""
import sys

from .cli import main

sys.exit(main())
