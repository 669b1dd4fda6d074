"""The frozen app's entry script: the same `evaldesk.cli:main` as the installed `evaldesk` command."""
import sys

from evaldesk.cli import main

if __name__ == "__main__":
    sys.exit(main())
