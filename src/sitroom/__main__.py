"""``python -m sitroom`` runs the command line."""
from .cli import main

main()
