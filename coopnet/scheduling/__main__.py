"""Entry point of ``python -m coopnet.scheduling``."""

import sys

from coopnet.scheduling.cli import main

sys.exit(main())
