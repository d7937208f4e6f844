"""Korean labels of the diagrams, layer diagrams and plots: {English text: Korean text} (see korean.py)."""
FIGURES = {
}
