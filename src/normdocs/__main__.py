"""`python -m normdocs`."""

from normdocs.cli.main import main

main()
