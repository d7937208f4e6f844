"""Show lib's own source in a notebook, syntax-highlighted (IPython only; the core never imports this)."""
import inspect


def show(obj):
    """Display the source code of a class, function or method of lib, with its file and line."""
    from IPython.display import Markdown, display

    source = inspect.getsource(obj)
    path = inspect.getsourcefile(obj)
    line = inspect.getsourcelines(obj)[1]
    short = path[path.rfind("lib/"):] if "lib/" in path else path
    display(Markdown(f"`{short}`, line {line}:\n\n```python\n{source}```"))
