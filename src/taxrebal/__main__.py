"""``python -m taxrebal`` runs the command line (see :mod:`taxrebal.cli`)."""

import sys

from .cli.main import main

sys.exit(main())
