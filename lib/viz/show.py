"""Show lib's own source in a notebook, syntax-highlighted (IPython only; the core never imports this)."""
import inspect


def show(obj):
    """Display the source code of a class, function or method of lib, with the file it is in."""
    from IPython.display import Markdown, display

    source = inspect.getsource(obj)
    path = inspect.getsourcefile(obj)
    short = path[path.rfind("lib/"):] if "lib/" in path else path
    # No line number: it would change (and fail the stored notebook outputs) with every edit above it.
    display(Markdown(f"`{short}`:\n\n```python\n{source}```"))
