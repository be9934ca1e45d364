//! Random-date placebo: how large are mean forward returns after N random days?
//!
//! For a horizon, the pool is every eligible day with a complete window (a contiguous range of
//! days, see [`crate::horizon`]). One placebo set is N distinct days from the pool, drawn
//! uniformly and kept only if they obey the same cool-off as events (no two within `cooloff`
//! days, so a set is a sequence that [`crate::events`] could have produced). K sets give K
//! placebo means per leg. The one-sided empirical p-value of the event mean m is
//!
//! p = (1 + #{placebo means at least as extreme as m}) / (K + 1),
//!
//! where "at least as extreme" means ≥ m when m lies above the placebo average and ≤ m
//! otherwise. The +1 counts the observed set itself, so p is never 0.
//!
//! The generator is [`Generator`], seeded from the user's seed and a stream number, and every draw is a
//! `u32` range, so native and wasm builds produce identical numbers.

use rand::{RngCore, SeedableRng};

/// The generator of every random draw (placebo, bootstrap, path band): PCG-32 (`Lcg64Xsh32`,
/// 64-bit state, 32-bit output). Its step is one 64-bit multiply, which WebAssembly has natively
/// (a 128-bit PCG needs a multi-word multiply there), and every draw needs only 32 bits.
pub type Generator = rand_pcg::Pcg32;

/// Placebo summary of one leg.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PlaceboLeg {
    /// Average of the K placebo means.
    pub mean: f64,
    /// One-sided empirical p-value of the observed mean.
    pub p: f64,
}

/// Uniform positions in `0..len`, exactly: Lemire's multiply-and-reject on 32-bit draws.
pub struct Positions<'a> {
    rng: &'a mut Generator,
    len: u32,
    threshold: u32,
}

impl<'a> Positions<'a> {
    /// Positions in `0..len` (`len` ≥ 1).
    pub fn new(rng: &'a mut Generator, len: u32) -> Positions<'a> {
        let len = len.max(1);
        Positions {
            rng,
            len,
            // 2^32 mod len: products whose low half falls below this are rejected.
            threshold: len.wrapping_neg() % len,
        }
    }

    /// The next uniform position.
    #[inline(always)]
    pub fn draw(&mut self) -> usize {
        loop {
            let m = u64::from(self.rng.next_u32()) * u64::from(self.len);
            if (m as u32) >= self.threshold {
                return (m >> 32) as usize;
            }
        }
    }
}

/// The generator for one (seed, horizon) stream.
pub fn rng_for(seed: u64, stream: u64) -> Generator {
    // SplitMix-style mixing so nearby seeds and horizons give unrelated streams.
    let mut z = seed ^ stream.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    Generator::seed_from_u64(z ^ (z >> 31))
}

/// Why no placebo could be drawn.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlaceboError {
    /// Too few pool days for N days spaced by the cool-off.
    #[error("{pool} days cannot hold {n} days spaced more than {cooloff} days apart")]
    PoolTooSmall {
        pool: usize,
        n: usize,
        cooloff: usize,
    },
}

/// What the sampler reports.
enum Step {
    /// An accepted position; `taken` counts the set's days so far, from 1.
    Day { pos: usize, taken: usize },
    /// The current set is complete.
    SetEnd,
}

/// Whether day `x` may join the set stamped `mark`: no day of the set within `cooloff` of it
/// (with no cool-off: not already in the set). `stamp` covers the pool.
#[inline]
fn is_free(stamp: &[u32], x: usize, cooloff: usize, mark: u32) -> bool {
    if cooloff == 0 {
        stamp[x] != mark
    } else {
        !stamp[x.saturating_sub(cooloff)..=(x + cooloff).min(stamp.len() - 1)].contains(&mark)
    }
}

/// The one sampler behind every placebo: K sets of N distinct positions in `0..pool`, no two
/// within `cooloff` of each other, drawn in order by rejection, reported step by step.
fn sample(
    pool: usize,
    n: usize,
    cooloff: usize,
    k: usize,
    rng: &mut Generator,
    mut step: impl FnMut(Step),
) -> Result<(), PlaceboError> {
    // Rejection sampling needs room: require the pool to hold twice the tightest packing.
    if pool > u32::MAX as usize || n.saturating_mul(cooloff + 1).saturating_mul(2) > pool {
        return Err(PlaceboError::PoolTooSmall { pool, n, cooloff });
    }
    let mut stamp = vec![0u32; pool];
    let mut positions = Positions::new(rng, pool as u32);
    for set in 0..k {
        let mark = set as u32 + 1;
        let mut taken = 0;
        while taken < n {
            let pos = positions.draw();
            if is_free(&stamp, pos, cooloff, mark) {
                stamp[pos] = mark;
                taken += 1;
                step(Step::Day { pos, taken });
            }
        }
        step(Step::SetEnd);
    }
    Ok(())
}

/// Fills `sets` (K × N, row-major) with pool positions: K sets of N distinct positions in
/// `0..pool`, no two within `cooloff` of each other.
pub fn draw_sets(
    pool: usize,
    n: usize,
    cooloff: usize,
    k: usize,
    rng: &mut Generator,
) -> Result<Vec<u32>, PlaceboError> {
    if n == 0 {
        return Ok(Vec::new());
    }
    let mut sets = Vec::with_capacity(k * n);
    sample(pool, n, cooloff, k, rng, |step| {
        if let Step::Day { pos, .. } = step {
            sets.push(pos as u32);
        }
    })?;
    Ok(sets)
}

/// One horizon's pool for [`joint_placebo_means`]: the forward returns of both legs from each
/// pool day (every horizon's pool starts on the same day; longer horizons have shorter pools)
/// and the number of days N per placebo set.
#[derive(Debug, Clone, Copy)]
pub struct HorizonPool<'a> {
    pub long: &'a [f64],
    pub short: &'a [f64],
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
/// the cool-off (see [`PlaceboError::PoolTooSmall`]) or with N = 0 get `None`.
///
/// Speed: one row per pool day holds every horizon's two returns (+0.0 past a horizon's pool,
/// which leaves a sum unchanged), so without a cool-off and with up to five horizons one pass
/// over the candidates adds whole rows for all horizons at once, see [`sets_without_cooloff`].
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
    let mut record = |i: usize, sum: [f64; 2]| {
        if let Some((l, s)) = &mut out[i] {
            l.push(sum[0] / ns[i] as f64);
            s.push(sum[1] / ns[i] as f64);
        }
    };
    let mut positions = Positions::new(rng, p_max as u32);
    let positions = &mut positions;
    if cooloff == 0
        && let Some(padded) = rows.padded::<ROW_WIDTH>()
    {
        sets_without_cooloff(padded, &lens, &ns, &active, k, positions, &mut record);
    } else {
        sets_with_cooloff(
            &rows,
            &lens,
            &ns,
            &active,
            cooloff,
            k,
            positions,
            &mut record,
        );
    }
    out
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
    lens: &[usize],
    ns: &[usize],
    active: &[usize],
    k: usize,
    positions: &mut Positions<'_>,
    record: &mut impl FnMut(usize, [f64; 2]),
) {
    let shortest = active.iter().map(|&i| lens[i]).min().unwrap_or(0);
    let mut seen = vec![0u32; rows.len()];
    // A set's distinct candidates, those past the shortest pool as (index, day), and each
    // horizon's completing count with the horizon, in order.
    let mut picks: Vec<usize> = Vec::with_capacity(64);
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
        picks.clear();
        outside.clear();
        // First the days (only the generator and the small `seen` stamps), then the sums: the
        // row loads of the second loop do not wait for each other.
        let mut target = first_target;
        while picks.len() < target {
            let x = positions.draw();
            if seen[x] == mark {
                continue;
            }
            seen[x] = mark;
            if x >= shortest {
                outside.push((picks.len(), x));
                target = last_needed(&outside);
            }
            picks.push(x);
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
#[allow(clippy::too_many_arguments)]
fn sets_with_cooloff(
    rows: &Rows,
    lens: &[usize],
    ns: &[usize],
    active: &[usize],
    cooloff: usize,
    k: usize,
    positions: &mut Positions<'_>,
    record: &mut impl FnMut(usize, [f64; 2]),
) {
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

/// Prefix placebo for the sweep: K sequences of `n` days drawn like [`draw_sets`] (same
/// generator use); for each sequence, the mean of `values` over its first N days for every N in
/// `sizes` (sorted, each ≤ n). Returns one vector of K means per size. Nothing is stored per day.
pub fn prefix_means(
    values: &[f64],
    n: usize,
    sizes: &[usize],
    cooloff: usize,
    k: usize,
    rng: &mut Generator,
) -> Result<Vec<Vec<f64>>, PlaceboError> {
    let mut out: Vec<Vec<f64>> = vec![Vec::with_capacity(k); sizes.len()];
    if n == 0 {
        return Ok(out);
    }
    let (mut sum, mut next) = (0.0, 0usize);
    sample(values.len(), n, cooloff, k, rng, |step| match step {
        Step::Day { pos, taken } => {
            sum += values[pos];
            while next < sizes.len() && sizes[next] == taken {
                out[next].push(sum / taken as f64);
                next += 1;
            }
        }
        Step::SetEnd => (sum, next) = (0.0, 0),
    })?;
    Ok(out)
}

/// Placebo average and one-sided p-value of `observed` against `means`.
pub fn summarize(observed: f64, means: &[f64]) -> Option<PlaceboLeg> {
    if means.is_empty() {
        return None;
    }
    let centre = means.iter().sum::<f64>() / means.len() as f64;
    let extreme = if observed >= centre {
        means.iter().filter(|m| **m >= observed).count()
    } else {
        means.iter().filter(|m| **m <= observed).count()
    };
    Some(PlaceboLeg {
        mean: centre,
        p: (1 + extreme) as f64 / (means.len() + 1) as f64,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// Naive reference: means of `values` over each set of `n` positions.
    fn set_means(values: &[f64], sets: &[u32], n: usize) -> Vec<f64> {
        sets.chunks_exact(n.max(1))
            .map(|set| set.iter().map(|&p| values[p as usize]).sum::<f64>() / n as f64)
            .collect()
    }

    #[test]
    fn sets_are_distinct_and_respect_cooloff() {
        let mut rng = rng_for(7, 63);
        let sets = draw_sets(500, 20, 4, 300, &mut rng).unwrap();
        assert_eq!(sets.len(), 300 * 20);
        for set in sets.chunks_exact(20) {
            let mut s: Vec<u32> = set.to_vec();
            s.sort_unstable();
            assert!(s.windows(2).all(|w| w[1] - w[0] > 4), "{s:?}");
            assert!(s.iter().all(|p| *p < 500));
        }
    }

    #[test]
    fn same_seed_same_draws_other_seed_other_draws() {
        let a = draw_sets(1000, 10, 0, 50, &mut rng_for(42, 5)).unwrap();
        let b = draw_sets(1000, 10, 0, 50, &mut rng_for(42, 5)).unwrap();
        let c = draw_sets(1000, 10, 0, 50, &mut rng_for(43, 5)).unwrap();
        assert_eq!(a, b);
        assert_ne!(a, c);
    }

    #[test]
    fn positions_are_exactly_uniform_for_a_tiny_generator_space() {
        // Lemire's rejection makes every position equally likely: with len = 3, each accepted
        // 32-bit value maps to 0, 1 or 2 exactly (2^32 − threshold) / 3 times.
        let len = 3u32;
        let threshold = len.wrapping_neg() % len;
        let accepted = u64::from(u32::MAX) + 1 - u64::from(threshold);
        assert_eq!(accepted % 3, 0);
        let mut rng = rng_for(1, 2);
        let mut p = Positions::new(&mut rng, 7);
        assert!((0..10_000).map(|_| p.draw()).all(|x| x < 7));
    }

    #[test]
    fn draws_are_uniform_enough() {
        // Every position of a small pool is drawn about equally often.
        let sets = draw_sets(20, 1, 0, 20_000, &mut rng_for(1, 1)).unwrap();
        let mut counts = [0usize; 20];
        for p in sets {
            counts[p as usize] += 1;
        }
        assert!(counts.iter().all(|c| (800..1200).contains(c)), "{counts:?}");
    }

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

    #[test]
    fn prefix_means_equal_prefixes_of_drawn_sets() {
        let values: Vec<f64> = (0..900)
            .map(|k| ((k * 29) % 83) as f64 / 80.0 - 0.5)
            .collect();
        let sets = draw_sets(900, 40, 1, 150, &mut rng_for(8, 8)).unwrap();
        let got = prefix_means(&values, 40, &[1, 7, 40], 1, 150, &mut rng_for(8, 8)).unwrap();
        for (slot, &size) in [1usize, 7, 40].iter().enumerate() {
            for (s, set) in sets.chunks_exact(40).enumerate() {
                let want =
                    set[..size].iter().map(|&p| values[p as usize]).sum::<f64>() / size as f64;
                assert!((got[slot][s] - want).abs() < 1e-12);
            }
        }
    }

    #[test]
    fn pool_too_small_is_an_error() {
        assert_eq!(
            draw_sets(30, 10, 2, 5, &mut rng_for(1, 1)),
            Err(PlaceboError::PoolTooSmall {
                pool: 30,
                n: 10,
                cooloff: 2
            })
        );
    }

    #[test]
    fn p_value_by_hand() {
        let means = [0.0, 0.1, 0.2, 0.3];
        // centre 0.15; observed 0.25 is above: #{≥ 0.25} = 1 → (1+1)/5
        let s = summarize(0.25, &means).unwrap();
        assert!((s.mean - 0.15).abs() < 1e-15);
        assert!((s.p - 0.4).abs() < 1e-15);
        // observed −1 below everything: #{≤ −1} = 0 → 1/5
        assert!((summarize(-1.0, &means).unwrap().p - 0.2).abs() < 1e-15);
        assert_eq!(
            set_means(&[1.0, 2.0, 3.0, 4.0], &[0, 1, 2, 3], 2),
            vec![1.5, 3.5]
        );
    }
}
