"""``python -m clausebook.cli``: the command line as the ``clausebook`` script runs it."""

from clausebook.cli.commands import main

main()
