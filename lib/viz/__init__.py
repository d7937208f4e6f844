"""Everything that draws: matplotlib figures, ipywidgets explorers, and show() for lib's source.

The numpy core (lib/) never imports this package.
"""
