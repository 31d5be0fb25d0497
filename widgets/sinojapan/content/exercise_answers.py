"""The answers to lesson 08's code exercises, computed from the data series, never typed.

A `code` question names its answer (`answer_from: <name>`) and any known wrong answers
(`mistakes`); the bank loader computes them here and hands them to the question. If a
series is corrected, the answers follow. Each answer is one number, or a dict of
{key text: number} (keys are years or names), the form `question_types.code` grades.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from sinojapan.content.files import cached
from sinojapan.content.series_data import series, series_info

MILEX = "milex_constant2023_usd_million"
MILEX_CURRENT = "milex_current_usd_million"
AFFINITY = "feel_affinity_pct"
CHINA, ALL = "visitors_from_china_persons", "all_visitors_persons"
TRADE, EXPORTS = "total_trade_jpy_billion", "japan_exports_to_china_jpy_billion"
SCRAMBLES = "scrambles_vs_chinese_aircraft"
SHIPS = "contiguous_zone_days"
AFFINITY_YEARS = (2003, 2012)  # survey years the exercise covers (first one has no change)
SHARE_YEARS = range(2009, 2014)
TRADE_YEARS = (2009, 2011, 2012, 2013)
SHIP_YEARS = (2012, 2013)


def values(series_id: str, column: str, **where) -> pd.Series:
    """One value column indexed by the series' year, for the rows matching `where`;
    missing values (gaps) are left out, never filled."""
    frame = series(series_id)
    for key, value in where.items():
        frame = frame[frame[key] == value]
    out = frame.set_index(series_info(series_id)["time"])[column].dropna()
    out.index = out.index.astype(int)
    return out


def as_answer(values_by_key: pd.Series) -> dict[str, float]:
    return {str(key): float(value) for key, value in values_by_key.items()}


def first_year_ahead(column: str) -> float:
    china, japan = (values("milex", column, iso3=code) for code in ("CHN", "JPN"))
    both = china.index.intersection(japan.index)
    return float(min(year for year in both if china[year] > japan[year]))


def affinity_change(percent: bool = False) -> dict[str, float]:
    """Change since the previous survey in the data (gaps are skipped, not filled)."""
    feel = values("affinity", AFFINITY).loc[slice(*AFFINITY_YEARS)]
    change = feel.pct_change() * 100 if percent else feel.diff()
    return as_answer(change.iloc[1:])


def china_share(scale: float = 100) -> dict[str, float]:
    visitors_china, visitors_all = values("visitors", CHINA), values("visitors", ALL)
    return as_answer((scale * visitors_china / visitors_all).loc[list(SHARE_YEARS)])


def trade_change(column: str = TRADE, ahead: bool = False) -> dict[str, float]:
    """Percentage change of a trade column into each year (or, a slip, out of it)."""
    trade = values("trade_mof", column)
    change = (trade.shift(-1) / trade - 1) if ahead else trade.pct_change()
    return as_answer(100 * change.loc[list(TRADE_YEARS)])


def scrambles_peak(inverted: bool = False) -> dict[str, float]:
    """The highest count from FY2012 on, its fiscal year, and how many times FY2012's it
    is (the slip divides the other way round)."""
    counts = values("scrambles", SCRAMBLES)
    after = counts.loc[2012:]
    peak = int(after.idxmax())
    ratio = counts[2012] / after[peak] if inverted else after[peak] / counts[2012]
    return {"fiscal_year": float(peak), "scrambles": float(after[peak]),
            "times_fy2012": float(ratio)}


def ships_days_per_month(every_year_has_twelve: bool = False) -> dict[str, float]:
    """Days in the contiguous zone per month covered; the slip divides 2012 by 12."""
    monthly = series("senkaku_ships_monthly")
    days = monthly.groupby("year")[SHIPS].sum()
    months = monthly.groupby("year")["month"].count()
    if every_year_has_twelve:
        months = months * 0 + 12
    return as_answer((days / months).loc[list(SHIP_YEARS)])


ANSWERS: dict[str, Callable[[], float | dict[str, float]]] = {
    "milex-crossing-constant": lambda: first_year_ahead(MILEX),
    "milex-crossing-current": lambda: first_year_ahead(MILEX_CURRENT),
    "affinity-change-points": affinity_change,
    "affinity-change-percent": lambda: affinity_change(percent=True),
    "visitors-china-share-pct": china_share,
    "visitors-china-share-fraction": lambda: china_share(scale=1),
    "trade-change-into-year": trade_change,
    "trade-change-out-of-year": lambda: trade_change(ahead=True),
    "trade-change-exports-only": lambda: trade_change(EXPORTS),
    "scrambles-peak-after-2012": scrambles_peak,
    "scrambles-peak-ratio-inverted": lambda: scrambles_peak(inverted=True),
    "ships-days-per-month": ships_days_per_month,
    "ships-days-per-twelve-months": lambda: ships_days_per_month(every_year_has_twelve=True),
}


def computed_answers(names: list[str]) -> dict[str, float | dict[str, float]]:
    """The named answers that exist (a question names an unknown one in its own error)."""
    return {name: _copy(_answer(name)) for name in dict.fromkeys(names) if name in ANSWERS}


@cached  # computed once per content load: a bank may ask for the same answer many times
def _answer(name: str) -> float | dict[str, float]:
    return ANSWERS[name]()


def _copy(answer: float | dict[str, float]) -> float | dict[str, float]:
    return dict(answer) if isinstance(answer, dict) else answer
