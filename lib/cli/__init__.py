"""The command lines and their run machinery; the only modules that parse arguments.

    python -m lib.cli.train       train.py (run.py: one training run; config.py: presets and options;
                                  schedule.py: the learning-rate schedule; factory.py: model and optimizer)
    python -m lib.cli.generate    generate.py: text from a checkpoint
    python -m lib.cli.baselines   baselines.py: n-gram perplexities on PTB
checkpoint.py saves and loads whole runs (.npz, no pickle, checked on load), interrupt.py turns Ctrl-C
and SIGTERM into a stop between two steps, outputs.py checks where a command writes before it starts
(never over another run's checkpoint), parsing.py holds what the three share (exit codes, errors, the
recorded command, option types that name their range).
"""
