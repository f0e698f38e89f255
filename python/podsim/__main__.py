"""``python -m podsim``: the podsim command line (see podsim._cli)."""

from ._cli import console_main

if __name__ == "__main__":
    console_main()
