import sys

from tradetarget.cli import main

sys.exit(main())
