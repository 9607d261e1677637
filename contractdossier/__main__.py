from contractdossier.cli import cli

cli()
