"""Pictures drawn for documents (the chronology's timeline is drawn by the chronology)."""

from __future__ import annotations

import math
from pathlib import Path

from ..core.files import atomic_path


def briefing_graphic(target: Path) -> None:
    """The seven parts as a ring of seven numbered segments."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(3.2, 3.2), dpi=150)
    FigureCanvasAgg(fig)
    ax = fig.add_axes((0, 0, 1, 1))
    colours = ["#1F3864", "#2E75B6", "#5B9BD5", "#70AD47", "#FFC000", "#ED7D31", "#A5A5A5"]
    wedges, _ = ax.pie(
        [1] * 7,
        colors=colours,
        startangle=90,
        counterclock=False,
        wedgeprops={"width": 0.45, "edgecolor": "white", "linewidth": 2},
    )
    for i, wedge in enumerate(wedges):
        angle = (wedge.theta1 + wedge.theta2) / 2
        x, y = 0.78 * math.cos(math.radians(angle)), 0.78 * math.sin(math.radians(angle))
        ax.text(
            x,
            y,
            str(i + 1),
            ha="center",
            va="center",
            color="white",
            fontsize=13,
            fontweight="bold",
        )
    ax.text(
        0,
        0,
        "7-minute\nbriefing",
        ha="center",
        va="center",
        fontsize=10,
        fontweight="bold",
        color="#1F3864",
    )
    ax.set_aspect("equal")
    with atomic_path(target) as tmp:
        fig.savefig(tmp, format="png", transparent=True)
