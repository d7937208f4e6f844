"""Data sets for the language model: `lib.datasets.ptb` loads the Penn Treebank."""
