"""Korean labels of the explorers, widgets and the presenter's path: {English text: Korean text} (see korean.py)."""
WIDGETS = {
}
