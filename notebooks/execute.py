"""Execute notebooks top to bottom in a fresh kernel and store their outputs (what nbval compares).

    python notebooks/execute.py                      # every notebook in this folder
    python notebooks/execute.py notebooks/5.3-*.ipynb

Widget state is stripped from the metadata (random ids, noise in diffs), and consecutive stream
outputs are merged (nbval merges them too before comparing).
"""
import glob
import os
import sys
import time

import nbformat
from nbclient import NotebookClient

HERE = os.path.dirname(os.path.abspath(__file__))
# The kernels inherit this: the same BLAS thread count as the tests (tests/conftest.py),
# so that the stored outputs match nbval's fresh ones to the last digit.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
KERNEL = "rnnlm-ch5"


def merge_streams(outputs):
    """Join consecutive stdout (or stderr) outputs: how a print splits into chunks is timing noise."""
    merged = []
    for out in outputs:
        if merged and out.output_type == "stream" and merged[-1].output_type == "stream" \
                and merged[-1].name == out.name:
            merged[-1].text += out.text
        else:
            merged.append(out)
    return merged


def execute(path, timeout=600):
    nb = nbformat.read(path, as_version=4)
    nb.metadata["kernelspec"] = {"name": KERNEL, "display_name": f"Python 3 ({KERNEL})", "language": "python"}
    start = time.perf_counter()
    NotebookClient(nb, timeout=timeout, kernel_name=KERNEL, resources={"metadata": {"path": HERE}}).execute()
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)  # timestamps: noise in diffs
        if cell.cell_type == "code":
            cell.outputs = merge_streams(cell.outputs)
    tmp = path + ".tmp"
    nbformat.write(nb, tmp)
    os.replace(tmp, path)
    return time.perf_counter() - start


def main(paths):
    paths = paths or sorted(glob.glob(os.path.join(HERE, "*.ipynb")))
    for path in paths:
        print(f"{os.path.basename(path)}: {execute(path):.1f} s", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
