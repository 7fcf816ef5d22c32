"""The bundled data: the Transformation Challenge Award dataset, the register of public bodies,
and a generator of synthetic data at any scale (``synth``).

Takes nothing; hands on file paths (``bundled_paths``) for the loaders to read.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

__all__ = ["bundled_paths"]


def bundled_paths() -> list[Path]:
    """The bundled TCA dataset: bids (long layout) and stated round totals."""
    data = resources.files("partnerkg.data")
    return [Path(str(data.joinpath("tca_bids.csv"))), Path(str(data.joinpath("tca_rounds.csv")))]
