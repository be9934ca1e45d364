//! The study's placebo for every horizon at once, from one stream of candidate days.
//!
//! Each horizon gets exactly the sets of the one-horizon sampler ([`super::draw_sets`]) while a
//! candidate is drawn once; see [`joint_placebo_means`]. The tests compare it with a hand loop
//! over the same stream.

use super::is_free;
use crate::stats::random::{Generator, Positions};

/// One horizon's pool for [`joint_placebo_means`]: the forward returns of both legs from each
/// pool day (every horizon's pool starts on the same day; longer horizons have shorter pools)
/// and the number of days N per placebo set.
#[derive(Debug, Clone, Copy)]
pub struct HorizonPool<'a> {
    /// Long-leg forward return from each pool day.
    pub long: &'a [f64],
    /// Short-leg forward return from each pool day.
    pub short: &'a [f64],
    /// Days per placebo set: the horizon's events with a complete window.
    pub n: usize,
}

/// The K placebo means of both legs for every horizon at once, from one stream of candidate days.
///
/// Candidates are a stream of uniform positions in the longest pool. For each set, horizon h
/// walks the stream from the set's first candidate, looks only at candidates inside its own pool
/// (an i.i.d. uniform stream over that pool) and accepts one by its own rejection rule (distinct,
/// no accepted day within `cooloff`) until it holds N_h days; the next set starts after the last
/// candidate any horizon used. Each horizon therefore gets exactly the sets of the one-horizon
/// sampler, while a candidate is drawn once. A set's mean is its days' returns summed in the
/// order they were accepted, divided by N_h. Horizons whose pool cannot hold N days spaced by
/// the cool-off (see [`super::PlaceboError::PoolTooSmall`]) or with N = 0 get `None`.
///
/// Speed: one row per pool day holds every horizon's two returns (+0.0 past a horizon's pool,
/// which leaves a sum unchanged), so without a cool-off and with up to five horizons one pass
/// over the candidates adds whole rows for all horizons at once (`sets_without_cooloff`).
pub fn joint_placebo_means(
    pools: &[HorizonPool<'_>],
    cooloff: usize,
    k: usize,
    rng: &mut Generator,
) -> Vec<Option<(Vec<f64>, Vec<f64>)>> {
    let lens: Vec<usize> = pools
        .iter()
        .map(|p| p.long.len().min(p.short.len()))
        .collect();
    let active: Vec<usize> = (0..pools.len())
        .filter(|&i| {
            let (n, len) = (pools[i].n, lens[i]);
            n > 0
                && len <= u32::MAX as usize
                && n.saturating_mul(cooloff + 1).saturating_mul(2) <= len
        })
        .collect();
    let p_max = active.iter().map(|&i| lens[i]).max().unwrap_or(0);
    let mut out: Vec<Option<(Vec<f64>, Vec<f64>)>> = (0..pools.len())
        .map(|i| {
            active
                .contains(&i)
                .then(|| (Vec::with_capacity(k), Vec::with_capacity(k)))
        })
        .collect();
    if p_max == 0 {
        return out;
    }
    let rows = Rows::new(pools, &lens, &active, p_max);
    let ns: Vec<usize> = pools.iter().map(|p| p.n).collect();
    let horizons = Horizons {
        lens: &lens,
        ns: &ns,
        active: &active,
    };
    let mut record = |i: usize, sum: [f64; 2]| {
        if let Some((l, s)) = &mut out[i] {
            l.push(sum[0] / ns[i] as f64);
            s.push(sum[1] / ns[i] as f64);
        }
    };
    // A copy of the generator, handed back at the end: in a local, its state can stay in a
    // register through the drawing loops (behind the caller's reference it is stored and
    // reloaded on every draw).
    let mut local = rng.clone();
    let mut positions = Positions::new(&mut local, p_max as u32);
    let positions = &mut positions;
    if cooloff == 0
        && let Some(padded) = rows.padded::<ROW_WIDTH>()
    {
        sets_without_cooloff(padded, horizons, k, positions, &mut record);
    } else {
        sets_with_cooloff(&rows, horizons, cooloff, k, positions, &mut record);
    }
    *rng = local;
    out
}

/// What the set loops need to know of the horizons, by horizon position.
#[derive(Debug, Clone, Copy)]
struct Horizons<'a> {
    /// Pool length (days with a complete window).
    lens: &'a [usize],
    /// Days per placebo set.
    ns: &'a [usize],
    /// Positions of the horizons that get a placebo, increasing.
    active: &'a [usize],
}

/// Every horizon's two forward returns per pool day, one row per day (+0.0 past a horizon's
/// pool), so a set's days cost a cache line or two for all horizons. Up to five horizons, rows
/// are padded to [`ROW_WIDTH`], so whole rows can be added in registers.
struct Rows {
    values: Vec<f64>,
    width: usize,
}

/// Padded row width: the page's five horizons. (A second width for more horizons would be a
/// second copy of the sampler in the page's wasm, for the CLI only.)
const ROW_WIDTH: usize = 10;

impl Rows {
    fn new(pools: &[HorizonPool<'_>], lens: &[usize], active: &[usize], p_max: usize) -> Rows {
        let width = (2 * pools.len()).max(ROW_WIDTH);
        // Row by row, in memory order: each horizon's pair of returns, or zeros past its pool.
        let legs: Vec<Option<(&[f64], &[f64])>> = (0..pools.len())
            .map(|i| {
                active
                    .contains(&i)
                    .then(|| (&pools[i].long[..lens[i]], &pools[i].short[..lens[i]]))
            })
            .collect();
        let mut values = Vec::with_capacity(p_max * width);
        for x in 0..p_max {
            for leg in &legs {
                match leg {
                    Some((l, s)) if x < l.len() => values.extend([l[x], s[x]]),
                    _ => values.extend([0.0, 0.0]),
                }
            }
            values.resize((x + 1) * width, 0.0);
        }
        Rows { values, width }
    }

    /// Day x's row.
    #[inline]
    fn row(&self, x: usize) -> &[f64] {
        &self.values[x * self.width..(x + 1) * self.width]
    }

    /// The rows as fixed arrays, when they are exactly `W` wide.
    fn padded<const W: usize>(&self) -> Option<&[[f64; W]]> {
        (self.width == W).then(|| self.values.as_chunks::<W>().0)
    }
}

/// The no-cool-off case of [`joint_placebo_means`] in one pass over the candidates per set.
///
/// Without a cool-off every horizon rejects the same candidates (repeats), so horizon h's set
/// is the first N_h distinct candidates below its pool length L_h, and the next set starts
/// right after the candidate that completes the last horizon. Only a candidate past the
/// shortest pool (rare: pools differ by the horizon lengths) can delay a horizon, so the
/// first loop draws the set's distinct candidates and notes just those; horizon h then
/// completes with the c_h-th candidate, c_h = N_h + the noted candidates outside its pool
/// among the first c_h. The second loop adds whole rows to one running sum per horizon and
/// leg; a candidate outside a horizon's pool adds +0.0 there (the sum starts at +0.0, so it
/// stays bit-identical to skipping it), and horizon h's sums are read after c_h rows.
fn sets_without_cooloff<const W: usize>(
    rows: &[[f64; W]],
    horizons: Horizons<'_>,
    k: usize,
    positions: &mut Positions<'_>,
    record: &mut impl FnMut(usize, [f64; 2]),
) {
    let Horizons { lens, ns, active } = horizons;
    let shortest = active.iter().map(|&i| lens[i]).min().unwrap_or(0);
    let mut seen = vec![0u32; rows.len()];
    // A set's distinct candidates, those past the shortest pool as (index, day), and each
    // horizon's completing count with the horizon, in order.
    // Room for the longest set: N and one more per candidate past the shortest pool. Written by
    // index, so the drawing loop calls nothing and the generator's state stays in a register.
    let most = active.iter().map(|&i| ns[i]).max().unwrap_or(0) + (rows.len() - shortest);
    let mut picks: Vec<usize> = vec![0; most];
    let mut outside: Vec<(usize, usize)> = Vec::new();
    let mut complete: Vec<(usize, usize)> = Vec::with_capacity(active.len());
    let completes_at = |i: usize, outside: &[(usize, usize)]| {
        let mut c = ns[i];
        for &(at, x) in outside {
            if at < c && x >= lens[i] {
                c += 1;
            }
        }
        c
    };
    let last_needed = |outside: &[(usize, usize)]| {
        active
            .iter()
            .map(|&i| completes_at(i, outside))
            .max()
            .unwrap_or(0)
    };
    let first_target = last_needed(&[]);
    let mut plain: Vec<(usize, usize)> = active.iter().map(|&i| (ns[i], i)).collect();
    plain.sort_unstable();
    for set in 0..k {
        let mark = set as u32 + 1;
        outside.clear();
        // First the days (only the generator and the small `seen` stamps), then the sums: the
        // row loads of the second loop do not wait for each other.
        let mut target = first_target;
        let mut taken = 0;
        while taken < target {
            let x = positions.draw();
            if seen[x] == mark {
                continue;
            }
            seen[x] = mark;
            // The row is wanted a few dozen draws later: fetch it now (rows for every pool day
            // do not fit the core's cache, and the second loop would wait for each).
            prefetch(&rows[x][0]);
            prefetch(&rows[x][W - 1]);
            if x >= shortest {
                outside.push((taken, x));
                target = last_needed(&outside);
            }
            picks[taken] = x;
            taken += 1;
        }
        // Usually no candidate fell outside a pool and the order is the one without any.
        if !outside.is_empty() {
            complete.clear();
            complete.extend(active.iter().map(|&i| (completes_at(i, &outside), i)));
            complete.sort_unstable();
        } else {
            complete.clone_from(&plain);
        }
        // Rows in runs up to each completing count: the adding loop does nothing else.
        let mut sum = [0.0f64; W];
        let mut added = 0;
        for &(count, i) in &complete {
            for &x in &picks[added..count] {
                let row = &rows[x];
                for c in 0..W {
                    sum[c] += row[c];
                }
            }
            added = count;
            // A copy, so `sum` itself is only indexed by constants and stays in registers.
            let s = sum;
            record(i, [s[2 * i], s[2 * i + 1]]);
        }
    }
}

/// The cool-off case of [`joint_placebo_means`]: each horizon walks the set's candidates with
/// its own accepted-day stamps (whether a candidate is too close depends on what that horizon
/// accepted before).
fn sets_with_cooloff(
    rows: &Rows,
    horizons: Horizons<'_>,
    cooloff: usize,
    k: usize,
    positions: &mut Positions<'_>,
    record: &mut impl FnMut(usize, [f64; 2]),
) {
    let Horizons { lens, ns, active } = horizons;
    const BLOCK: usize = 64;
    let mut stamps: Vec<Vec<u32>> = lens.iter().map(|&len| vec![0u32; len]).collect();
    // The candidate stream, drawn in blocks; a set takes candidates from `start` on, and the
    // next set starts after the last one any horizon needed.
    let mut candidates: Vec<u32> = Vec::with_capacity(4 * BLOCK);
    let mut start = 0usize;
    for set in 0..k {
        let mark = set as u32 + 1;
        let mut used = start;
        for &i in active {
            let stamp = &mut stamps[i];
            let (mut taken, mut next) = (0usize, start);
            let mut sum = [0.0f64; 2];
            while taken < ns[i] {
                if next == candidates.len() {
                    candidates.extend((0..BLOCK).map(|_| positions.draw() as u32));
                }
                let x = candidates[next] as usize;
                next += 1;
                if x < lens[i] && is_free(stamp, x, cooloff, mark) {
                    stamp[x] = mark;
                    let row = rows.row(x);
                    sum[0] += row[2 * i];
                    sum[1] += row[2 * i + 1];
                    taken += 1;
                }
            }
            used = used.max(next);
            record(i, sum);
        }
        start = used;
        if start >= 2 * BLOCK {
            candidates.drain(..start);
            start = 0;
        }
    }
}

/// Asks the processor to bring `x`'s cache line closer; changes no value (nothing elsewhere).
#[inline(always)]
fn prefetch<T>(x: &T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: SSE is part of every x86-64 processor, and a prefetch reads nothing the program
    // sees (it cannot fault).
    unsafe {
        use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
        _mm_prefetch::<_MM_HINT_T0>((x as *const T).cast::<i8>());
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = x;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::random::rng_for;

    /// Naive reference for the joint sampler: the same candidate stream, and for each horizon
    /// a plain list of its accepted days checked one by one.
    fn joint_by_hand(
        pools: &[(Vec<f64>, Vec<f64>, usize)],
        cooloff: usize,
        k: usize,
        rng: &mut Generator,
    ) -> Vec<(Vec<f64>, Vec<f64>)> {
        let p_max = pools.iter().map(|p| p.0.len()).max().unwrap();
        let mut out = vec![(Vec::new(), Vec::new()); pools.len()];
        {
            // The whole candidate stream up front (more than enough), then each set.
            let mut positions = Positions::new(rng, p_max as u32);
            let stream: Vec<usize> = (0..k * 200).map(|_| positions.draw()).collect();
            let mut start = 0;
            for _ in 0..k {
                let mut end = start;
                for (p, o) in pools.iter().zip(&mut out) {
                    let mut chosen: Vec<usize> = Vec::new();
                    let mut next = start;
                    while chosen.len() < p.2 {
                        let x = stream[next];
                        next += 1;
                        if x < p.0.len() && chosen.iter().all(|&y| y.abs_diff(x) > cooloff) {
                            chosen.push(x);
                        }
                    }
                    end = end.max(next);
                    // Summed in the order the days were accepted.
                    let n = p.2 as f64;
                    o.0.push(chosen.iter().map(|&x| p.0[x]).sum::<f64>() / n);
                    o.1.push(chosen.iter().map(|&x| p.1[x]).sum::<f64>() / n);
                }
                start = end;
            }
        }
        out
    }

    #[test]
    fn joint_means_equal_a_hand_loop_over_the_same_stream() {
        let leg = |a: usize, b: usize, len: usize| -> Vec<f64> {
            (0..len)
                .map(|x| ((x * a) % b) as f64 / b as f64 - 0.5)
                .collect()
        };
        // Up to ten horizons: pools of 800 days and shorter, N from 25 down. Three and five
        // horizons fill padded rows of 10, seven and ten take the general walk; with and
        // without cool-off.
        let all: Vec<(Vec<f64>, Vec<f64>, usize)> = (0..10)
            .map(|h| {
                let len = 800 - 30 * h;
                (leg(37 + h, 101, len), leg(53 + 2 * h, 97, len), 25 - h)
            })
            .collect();
        for horizons in [3, 5, 7, 10] {
            let pools = &all[..horizons];
            for cooloff in [0, 3] {
                let views: Vec<HorizonPool<'_>> = pools
                    .iter()
                    .map(|(l, s, n)| HorizonPool {
                        long: l,
                        short: s,
                        n: *n,
                    })
                    .collect();
                let got = joint_placebo_means(&views, cooloff, 301, &mut rng_for(5, 9));
                let want = joint_by_hand(pools, cooloff, 301, &mut rng_for(5, 9));
                for (g, w) in got.iter().zip(&want) {
                    assert_eq!(
                        g.as_ref().unwrap(),
                        w,
                        "{horizons} horizons, cool-off {cooloff}"
                    );
                }
            }
        }
    }

    #[test]
    fn each_horizon_draws_its_own_pool_uniformly() {
        // N = 1 makes each set one day: every day of each pool must come up equally often,
        // including the longer pool's days beyond the shorter one's.
        let (a, b) = ((0..30).map(f64::from).collect::<Vec<_>>(), vec![0.0; 30]);
        let pools = [
            HorizonPool {
                long: &a,
                short: &b,
                n: 1,
            },
            HorizonPool {
                long: &a[..12],
                short: &b[..12],
                n: 1,
            },
        ];
        let got = joint_placebo_means(&pools, 0, 60_000, &mut rng_for(3, 3));
        for (pool, len) in got.iter().zip([30usize, 12]) {
            let mut counts = vec![0usize; len];
            for day in &pool.as_ref().unwrap().0 {
                counts[*day as usize] += 1;
            }
            let expected = 60_000 / len;
            assert!(
                counts.iter().all(|c| c.abs_diff(expected) < expected / 8),
                "{counts:?}"
            );
        }
    }

    #[test]
    fn a_pool_too_small_for_its_n_gets_no_placebo_and_spares_the_rest() {
        let (a, b) = (vec![0.1; 100], vec![0.0; 100]);
        let pools = [
            HorizonPool {
                long: &a,
                short: &b,
                n: 10,
            },
            HorizonPool {
                long: &a[..30],
                short: &b[..30],
                n: 10,
            },
            HorizonPool {
                long: &a,
                short: &b,
                n: 0,
            },
        ];
        let got = joint_placebo_means(&pools, 1, 50, &mut rng_for(1, 1));
        assert_eq!(got[0].as_ref().map(|m| m.0.len()), Some(50));
        assert!(
            got[0]
                .as_ref()
                .unwrap()
                .0
                .iter()
                .all(|m| (m - 0.1).abs() < 1e-12)
        );
        assert!(got[1].is_none() && got[2].is_none());
    }
}
