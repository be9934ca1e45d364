"""Peer comparison for `make bench`: the same rotation study in plain pandas/numpy, on the
same CSVs with the same corrections. Prints one JSON object with median timings (ms) and the
figures it computed, so the numbers can be checked against the engine's.

The placebo here is the idiomatic numpy version (K random sets drawn with replacement, no
cool-off), i.e. what a quant would write first; it does less work than the engine's.
"""

import json
import os
import statistics
import sys
import time

import numpy as np
import pandas as pd

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.environ.get("EQUALIZER_DATA", os.path.join(HERE, "..", "..", "shared", "data", "market"))
HORIZONS = (5, 21, 63, 126, 252)


def load(ticker):
    s = pd.read_csv(os.path.join(DATA, f"{ticker}.csv"), parse_dates=["date"]).set_index("date")["close"]
    corr = pd.read_csv(os.path.join(DATA, "corrections.csv"), parse_dates=["before"])
    for _, row in corr[corr.ticker == ticker].iterrows():
        s[s.index < row.before] *= row.factor
    return s


def prepare(long, short):
    px = pd.concat([long, short], axis=1, join="inner", keys=["l", "s"])
    r = px.pct_change()
    return px.l.to_numpy(), px.s.to_numpy(), (r.l - r.s).to_numpy()


def study(L, S, spread, t=4.0, k=10_000, seed=1):
    n = len(L)
    events = np.flatnonzero(spread >= t / 100)
    rng = np.random.default_rng(seed)
    rows = []
    for h in HORIZONS:
        fl, fs = L[h:] / L[:-h] - 1, S[h:] / S[:-h] - 1
        e = events[events + h < n]
        el, es = fl[e], fs[e]
        pl, ps = fl[1:], fs[1:]
        idx = rng.integers(0, len(pl), size=(k, len(e)))
        placebo = pl[idx].mean(axis=1) - ps[idx].mean(axis=1)
        obs = el.mean() - es.mean()
        p = (1 + (placebo >= obs).sum()) / (k + 1)
        rows.append(dict(horizon=h, count=len(e), long_mean=el.mean(), short_mean=es.mean(),
                         median=float(np.median(el)), hit=float((el > 0).mean()),
                         baseline_long=pl.mean(), baseline_short=ps.mean(), placebo_p=p))
    return len(events), rows


def sweep(L, S, spread, k=1_000, seed=2):
    n = len(L)
    rng = np.random.default_rng(seed)
    cells = []
    for h in HORIZONS:
        fl, fs = L[h:] / L[:-h] - 1, S[h:] / S[:-h] - 1
        pair = (fl - fs)[1:]
        base = pair.mean()
        for t in np.arange(1.0, 8.0001, 0.25):
            ev = np.flatnonzero(spread >= t / 100)
            ev = ev[ev + h < n]
            if len(ev) == 0:
                cells.append((t, h, 0, None, None))
                continue
            obs = (fl[ev] - fs[ev]).mean()
            placebo = pair[rng.integers(0, len(pair), size=(k, len(ev)))].mean(axis=1)
            cells.append((t, h, len(ev), obs - base, (1 + (placebo >= obs).sum()) / (k + 1)))
    return cells


def median_ms(f, repeat):
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        f()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def main():
    L, S, spread = prepare(load("IWM"), load("QQQ"))
    count, rows = study(L, S, spread)
    out = {
        "events": count,
        "long_mean_63": rows[2]["long_mean"],
        "study_ms": median_ms(lambda: study(L, S, spread), 7),
        "sweep_ms": median_ms(lambda: sweep(L, S, spread), 5),
        "note": f"pandas {pd.__version__}, numpy {np.__version__}; it finds {count} events and an IWM 63-day mean of "
                f"{rows[2]['long_mean'] * 100:.2f} %; its placebo draws with replacement and ignores the cool-off",
    }
    json.dump(out, sys.stdout)
    print()


if __name__ == "__main__":
    main()
