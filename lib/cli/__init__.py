"""The command lines (python -m lib.cli.train, .generate, .baselines) and their run machinery."""
