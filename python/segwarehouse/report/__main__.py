"""``python -m segwarehouse.report``: see :func:`segwarehouse.report.write.main`."""

import sys

from segwarehouse.report.write import main

sys.exit(main())
