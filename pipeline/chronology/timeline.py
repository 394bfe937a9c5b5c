"""The chronology's timeline picture: one lane per agency, key events marked."""

from __future__ import annotations

from pathlib import Path

from ..core.files import atomic_path
from .model import Chronology

KEY_COLOUR = "#C00000"
EVENT_COLOUR = "#1F3864"


def draw_timeline(chron: Chronology, target: Path, width_in: float = 10.0) -> None:
    """A PNG of every entry as a dot in its agency's lane; key events as red diamonds."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter, date2num
    from matplotlib.figure import Figure

    lanes = [c.name for c in chron.counts]
    height = 1.0 + 0.32 * max(len(lanes), 1)
    fig = Figure(figsize=(width_in, height), dpi=150)
    FigureCanvasAgg(fig)
    ax = fig.add_axes((0.24, 0.28 / height * 1.9, 0.74, 1 - 0.55 / height * 1.9))
    lane_of = {name: i for i, name in enumerate(lanes)}
    plain = [e for e in chron.entries if not e.row.key_event]
    key = [e for e in chron.entries if e.row.key_event]
    for group, colour, marker, size in ((plain, EVENT_COLOUR, "|", 60), (key, KEY_COLOUR, "D", 28)):
        if group:
            ax.scatter(
                date2num([e.day for e in group]),
                [lane_of[e.agency_name] for e in group],
                c=colour,
                marker=marker,
                s=size,
                linewidths=1,
                zorder=3,
            )
    ax.set_yticks(range(len(lanes)), [_short(n) for n in lanes], fontsize=7)
    ax.set_ylim(-0.7, len(lanes) - 0.3)
    ax.invert_yaxis()
    locator = AutoDateLocator(minticks=4, maxticks=10)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(ConciseDateFormatter(locator))
    ax.tick_params(axis="x", labelsize=7)
    ax.grid(axis="x", color="#DDDDDD", linewidth=0.6)
    for spine in ("top", "right"):
        ax.spines[spine].set_visible(False)
    ax.set_title(
        "Timeline: each mark an event; red diamonds are key events", fontsize=8, loc="left"
    )
    with atomic_path(target) as tmp:
        fig.savefig(tmp, format="png")


def _short(name: str, limit: int = 34) -> str:
    return name if len(name) <= limit else name[: limit - 1] + "\u2026"
