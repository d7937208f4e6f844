"""Execute notebooks top to bottom in a fresh kernel and store their outputs (what nbval compares).

    python notebooks/execute.py                      # every notebook, both editions (notebooks/, notebooks/ko/)
    python notebooks/execute.py notebooks/5.3-*.ipynb

nbclient records no timings and no widget state (random ids: noise in diffs), and merges each
cell's stream outputs as nbval does before comparing. A notebook is replaced only after it ran to
the end, and atomically.

Widgets: a widget output stores a reference to a model that lived in the kernel (a random id,
useless without it). Our panels (lib.viz.widgets) also put their picture, as image/png, in the same
output: execute.py stores that picture and drops the dead reference (strip_widget_views), so a
static render (GitHub, nbviewer, JupyterLab before a run) shows each widget's initial picture,
a live kernel replaces it with the widget when the cell runs, and two executions store the same bytes.
"""
import glob
import os
import sys
import time

import nbformat
from nbclient import NotebookClient

from lib.files import atomic_path

HERE = os.path.dirname(os.path.abspath(__file__))
KERNEL = "rnnlm-ch5"
# The kernels inherit this: the same BLAS thread count as the tests (conftest.py),
# so that the stored outputs match nbval's fresh ones to the last digit.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")


WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def strip_widget_views(nb):
    """Drop widget-view references (random model ids) from the stored outputs and any saved widget state;
    return the number of widget outputs left without a picture (they store only their text/plain)."""
    without_picture = 0
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if WIDGET_VIEW in data:
                del data[WIDGET_VIEW]
                without_picture += "image/png" not in data
    nb.metadata.pop("widgets", None)
    return without_picture


def execute(path, timeout=600):
    """Run the notebook at path in the kernel KERNEL, store its outputs in the file; return the seconds taken."""
    nb = nbformat.read(path, as_version=4)
    nb.metadata["kernelspec"] = {"name": KERNEL, "display_name": f"Python 3 ({KERNEL})", "language": "python"}
    folder = os.path.dirname(os.path.abspath(path))  # the kernel starts where the notebook is, as under nbval
    client = NotebookClient(nb, timeout=timeout, kernel_name=KERNEL, resources={"metadata": {"path": folder}},
                            record_timing=False, store_widget_state=False, coalesce_streams=True)
    start = time.perf_counter()
    client.execute()
    seconds = time.perf_counter() - start
    without_picture = strip_widget_views(nb)
    if without_picture:
        print(f"{os.path.basename(path)}: {without_picture} widget output(s) without a static picture "
              f"(a static render shows only their text)", file=sys.stderr)
    with atomic_path(path) as tmp:
        nbformat.write(nb, tmp)
    return seconds


def main(argv=None):
    """Execute the notebooks named in argv (default: every notebook of both editions); return the exit code."""
    paths = sys.argv[1:] if argv is None else argv
    every = sorted(glob.glob(os.path.join(HERE, "*.ipynb"))) + sorted(glob.glob(os.path.join(HERE, "ko", "*.ipynb")))
    for path in paths or every:
        print(f"{os.path.basename(path)}: {execute(path):.1f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
