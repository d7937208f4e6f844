"""The pieces the diagrams of 5.1-5.2 are made of (a box, an arrow) and artists_by_gid to find them again."""
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

from lib.viz.style import CELL_COLOR, FONT


def artists_by_gid(fig, gid):
    """Every artist of fig (patches, lines, texts of all axes) whose gid is `gid`."""
    found = []
    for ax in fig.axes:
        for artist in list(ax.patches) + list(ax.lines) + list(ax.texts) + list(ax.collections):
            if artist.get_gid() == gid:
                found.append(artist)
    return found


def arrow(ax, start, end, color, gid, lw=2.0, style="-|>", ls="-", rad=0.0, alpha=1.0, label=None):
    """An arrow from start to end (data coordinates), bent by rad; returns the patch."""
    # label: "_..." (hidden from legends) to tag what the arrow stands for, e.g. "_link 3"
    patch = FancyArrowPatch(start, end, arrowstyle=style, mutation_scale=16, lw=lw, color=color,
                            linestyle=ls, alpha=alpha, connectionstyle=f"arc3,rad={rad}",
                            shrinkA=0, shrinkB=0, gid=gid, label=label)
    ax.add_patch(patch)
    return patch


def box(ax, x, y, w, h, text, gid, color=CELL_COLOR, fontsize=FONT):
    """A rounded w x h box centred on (x, y) with its text (gid + "_label"); returns the patch."""
    patch = FancyBboxPatch((x - w / 2, y - h / 2), w, h, boxstyle="round,pad=0.02,rounding_size=0.12",
                           fc=color, ec="black", lw=1.5, gid=gid)
    ax.add_patch(patch)
    ax.text(x, y, text, ha="center", va="center", fontsize=fontsize, gid=gid + "_label")
    return patch
