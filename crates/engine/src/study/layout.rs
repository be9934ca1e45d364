//! The JSON layout of a [`HorizonSummary`]: one table, [`LAYOUT`], lists every key of the CLI's
//! `--json` summary rows in order and says where its value lives.
//!
//! The keys are flat and interleaved across legs (`long_mean`, `short_mean`, `pair_mean`, …,
//! `placebo_p_long`, …) because that is what readers of the JSON have always seen; the Rust type
//! groups the same figures by leg ([`LegSummary`]). This table is the single owner of the
//! mapping, both ways: [`HorizonSummary`]'s `Serialize` walks it, its `Deserialize` looks each
//! key up in it, and [`HorizonSummary::key`] looks names up in it, so the page's `data-field`
//! names and the CSV headers cannot drift from the JSON. Changing a key or its position here
//! changes the JSON; the test `summary_json_keeps_its_keys_in_order` holds the expected list.

use serde::de::{MapAccess, SeqAccess, Visitor};
use serde::ser::SerializeStruct;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::stats::bootstrap::Interval;
use crate::study::result::{HorizonSummary, Leg, LegSummary};

/// One figure of a [`LegSummary`], to name its JSON key with [`HorizonSummary::key`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LegField {
    /// [`LegSummary::mean`].
    Mean,
    /// [`LegSummary::median`].
    Median,
    /// [`LegSummary::hit_rate`].
    HitRate,
    /// [`LegSummary::min`].
    Min,
    /// [`LegSummary::max`].
    Max,
    /// [`LegSummary::std`].
    Std,
    /// [`LegSummary::baseline_mean`].
    BaselineMean,
    /// [`LegSummary::edge`].
    Edge,
    /// [`LegSummary::distinct_mean`].
    DistinctMean,
    /// [`LegSummary::mean_ci`].
    MeanCi,
    /// [`LegSummary::median_ci`].
    MedianCi,
    /// [`LegSummary::hit_rate_ci`].
    HitRateCi,
    /// [`LegSummary::placebo_mean`].
    PlaceboMean,
    /// [`LegSummary::placebo_p`].
    PlaceboP,
    /// [`LegSummary::placebo_shift_p`].
    PlaceboShiftP,
    /// The `max_gain_mean` of [`LegSummary::excursion`] (long and short only).
    MaxGainMean,
    /// The `max_loss_mean` of [`LegSummary::excursion`] (long and short only).
    MaxLossMean,
}

/// Where a value lives in a summary, by the kind of value the JSON writes there: a count, a
/// count or `null`, a number or `null`, an interval or `null`, a flag. Reading through it
/// serialises; writing through it deserialises.
enum Slot<'a> {
    Count(&'a mut usize),
    MaybeCount(&'a mut Option<usize>),
    Number(&'a mut Option<f64>),
    Interval(&'a mut Option<Interval>),
    Flag(&'a mut bool),
}

impl Slot<'_> {
    /// Writes the slot's value as its key's value.
    fn serialize_as<S: SerializeStruct>(
        &self,
        row: &mut S,
        key: &'static str,
    ) -> Result<(), S::Error> {
        match self {
            Slot::Count(n) => row.serialize_field(key, n),
            Slot::MaybeCount(n) => row.serialize_field(key, n),
            Slot::Number(x) => row.serialize_field(key, x),
            Slot::Interval(i) => row.serialize_field(key, i),
            Slot::Flag(b) => row.serialize_field(key, b),
        }
    }

    /// Reads the slot's value from the map's next value.
    fn deserialize_from<'de, A: MapAccess<'de>>(self, map: &mut A) -> Result<(), A::Error> {
        match self {
            Slot::Count(n) => *n = map.next_value()?,
            Slot::MaybeCount(n) => *n = map.next_value()?,
            Slot::Number(x) => *x = map.next_value()?,
            Slot::Interval(i) => *i = map.next_value()?,
            Slot::Flag(b) => *b = map.next_value()?,
        }
        Ok(())
    }

    /// Reads the slot's value from the sequence's next element (binary formats, which write
    /// the table's values in order without their keys).
    fn deserialize_next<'de, A: SeqAccess<'de>>(self, seq: &mut A) -> Result<(), A::Error> {
        let missing = || serde::de::Error::custom("a summary row ended early");
        match self {
            Slot::Count(n) => *n = seq.next_element()?.ok_or_else(missing)?,
            Slot::MaybeCount(n) => *n = seq.next_element()?.ok_or_else(missing)?,
            Slot::Number(x) => *x = seq.next_element()?.ok_or_else(missing)?,
            Slot::Interval(i) => *i = seq.next_element()?.ok_or_else(missing)?,
            Slot::Flag(b) => *b = seq.next_element()?.ok_or_else(missing)?,
        }
        Ok(())
    }
}

impl LegField {
    /// Where this figure lives in `leg` (an excursion figure makes the leg's excursion `Some`).
    fn slot(self, leg: &mut LegSummary) -> Slot<'_> {
        use LegField::*;
        match self {
            Mean => Slot::Number(&mut leg.mean),
            Median => Slot::Number(&mut leg.median),
            HitRate => Slot::Number(&mut leg.hit_rate),
            Min => Slot::Number(&mut leg.min),
            Max => Slot::Number(&mut leg.max),
            Std => Slot::Number(&mut leg.std),
            BaselineMean => Slot::Number(&mut leg.baseline_mean),
            Edge => Slot::Number(&mut leg.edge),
            DistinctMean => Slot::Number(&mut leg.distinct_mean),
            MeanCi => Slot::Interval(&mut leg.mean_ci),
            MedianCi => Slot::Interval(&mut leg.median_ci),
            HitRateCi => Slot::Interval(&mut leg.hit_rate_ci),
            PlaceboMean => Slot::Number(&mut leg.placebo_mean),
            PlaceboP => Slot::Number(&mut leg.placebo_p),
            PlaceboShiftP => Slot::Number(&mut leg.placebo_shift_p),
            MaxGainMean => Slot::Number(&mut leg.excursion.get_or_insert_default().max_gain_mean),
            MaxLossMean => Slot::Number(&mut leg.excursion.get_or_insert_default().max_loss_mean),
        }
    }
}

/// Where a key's value lives: a figure of one leg, or a horizon-wide field.
#[derive(Clone, Copy)]
enum Source {
    Leg(Leg, LegField),
    Horizon(fn(&mut HorizonSummary) -> Slot<'_>),
}

impl Source {
    fn slot(self, s: &mut HorizonSummary) -> Slot<'_> {
        match self {
            Source::Leg(leg, field) => field.slot(s.leg_mut(leg)),
            Source::Horizon(at) => at(s),
        }
    }
}

const fn long(f: LegField) -> Source {
    Source::Leg(Leg::Long, f)
}

const fn short(f: LegField) -> Source {
    Source::Leg(Leg::Short, f)
}

const fn pair(f: LegField) -> Source {
    Source::Leg(Leg::Pair, f)
}

/// Every key of a summary row, in the JSON's order, with its source.
const LAYOUT: [(&str, Source); 65] = {
    use LegField::*;
    [
        ("horizon", Source::Horizon(|s| Slot::Count(&mut s.horizon))),
        ("count", Source::Horizon(|s| Slot::Count(&mut s.count))),
        (
            "incomplete",
            Source::Horizon(|s| Slot::Count(&mut s.incomplete)),
        ),
        (
            "distinct_count",
            Source::Horizon(|s| Slot::Count(&mut s.distinct_count)),
        ),
        (
            "too_few_episodes",
            Source::Horizon(|s| Slot::Flag(&mut s.too_few_episodes)),
        ),
        ("long_mean", long(Mean)),
        ("long_median", long(Median)),
        ("long_hit_rate", long(HitRate)),
        ("long_min", long(Min)),
        ("long_max", long(Max)),
        ("long_std", long(Std)),
        ("short_mean", short(Mean)),
        ("short_median", short(Median)),
        ("short_hit_rate", short(HitRate)),
        ("short_min", short(Min)),
        ("short_max", short(Max)),
        ("short_std", short(Std)),
        ("pair_mean", pair(Mean)),
        ("pair_median", pair(Median)),
        ("pair_hit_rate", pair(HitRate)),
        ("pair_min", pair(Min)),
        ("pair_max", pair(Max)),
        ("pair_std", pair(Std)),
        (
            "baseline_count",
            Source::Horizon(|s| Slot::Count(&mut s.baseline_count)),
        ),
        ("baseline_long_mean", long(BaselineMean)),
        ("baseline_short_mean", short(BaselineMean)),
        ("baseline_pair_mean", pair(BaselineMean)),
        ("long_edge", long(Edge)),
        ("short_edge", short(Edge)),
        ("pair_edge", pair(Edge)),
        ("distinct_long_mean", long(DistinctMean)),
        ("distinct_short_mean", short(DistinctMean)),
        ("distinct_pair_mean", pair(DistinctMean)),
        ("long_mean_ci", long(MeanCi)),
        ("short_mean_ci", short(MeanCi)),
        ("pair_mean_ci", pair(MeanCi)),
        ("long_median_ci", long(MedianCi)),
        ("short_median_ci", short(MedianCi)),
        ("pair_median_ci", pair(MedianCi)),
        ("long_hit_rate_ci", long(HitRateCi)),
        ("short_hit_rate_ci", short(HitRateCi)),
        ("pair_hit_rate_ci", pair(HitRateCi)),
        (
            "pair_edge_ci",
            Source::Horizon(|s| Slot::Interval(&mut s.pair_edge_ci)),
        ),
        ("placebo_long_mean", long(PlaceboMean)),
        ("placebo_short_mean", short(PlaceboMean)),
        ("placebo_pair_mean", pair(PlaceboMean)),
        ("placebo_p_long", long(PlaceboP)),
        ("placebo_p_short", short(PlaceboP)),
        ("placebo_p_pair", pair(PlaceboP)),
        ("placebo_shift_p_long", long(PlaceboShiftP)),
        ("placebo_shift_p_short", short(PlaceboShiftP)),
        ("placebo_shift_p_pair", pair(PlaceboShiftP)),
        (
            "placebo_pair_sd",
            Source::Horizon(|s| Slot::Number(&mut s.placebo_pair_sd)),
        ),
        (
            "pair_edge_t_naive",
            Source::Horizon(|s| Slot::Number(&mut s.pair_edge_t_naive)),
        ),
        (
            "pair_edge_t_overlap",
            Source::Horizon(|s| Slot::Number(&mut s.pair_edge_t_overlap)),
        ),
        (
            "overlap_bandwidth_days",
            Source::Horizon(|s| Slot::Count(&mut s.overlap_bandwidth_days)),
        ),
        (
            "distinct_t_pair",
            Source::Horizon(|s| Slot::Number(&mut s.distinct_t_pair)),
        ),
        (
            "distinct_df",
            Source::Horizon(|s| Slot::MaybeCount(&mut s.distinct_df)),
        ),
        (
            "distinct_p_pair",
            Source::Horizon(|s| Slot::Number(&mut s.distinct_p_pair)),
        ),
        ("long_max_gain_mean", long(MaxGainMean)),
        ("long_max_loss_mean", long(MaxLossMean)),
        ("short_max_gain_mean", short(MaxGainMean)),
        ("short_max_loss_mean", short(MaxLossMean)),
        (
            "pair_mean_loo_min",
            Source::Horizon(|s| Slot::Number(&mut s.pair_mean_loo_min)),
        ),
        (
            "pair_mean_loo_max",
            Source::Horizon(|s| Slot::Number(&mut s.pair_mean_loo_max)),
        ),
    ]
};

impl HorizonSummary {
    /// The JSON key of one figure of one leg (`key(Leg::Pair, LegField::PlaceboP)` is
    /// `"placebo_p_pair"`), `None` for a figure the leg does not have (the pair's excursions).
    pub fn key(leg: Leg, field: LegField) -> Option<&'static str> {
        LAYOUT.iter().find_map(|(key, source)| match source {
            Source::Leg(l, f) if *l == leg && *f == field => Some(*key),
            _ => None,
        })
    }
}

/// Writes the keys of the layout table (`study/layout.rs`) in its order, each with its value; this is the whole JSON
/// layout of a summary row.
impl Serialize for HorizonSummary {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut row = s.serialize_struct("HorizonSummary", LAYOUT.len())?;
        // The slots lend mutable access; serialising reads them from a copy (a few hundred
        // bytes), so the table needs no second, read-only list of accessors.
        let mut copy = self.clone();
        for (key, source) in &LAYOUT {
            source.slot(&mut copy).serialize_as(&mut row, key)?;
        }
        row.end()
    }
}

/// Reads a row written by `Serialize`: keyed (any subset of the table's keys, in any order; a key
/// the table does not have is an error, so a renamed key cannot be read as a default), or, in a
/// binary format, every value in the table's order.
impl<'de> Deserialize<'de> for HorizonSummary {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<HorizonSummary, D::Error> {
        struct Row;
        impl<'de> Visitor<'de> for Row {
            type Value = HorizonSummary;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a horizon's summary row")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<HorizonSummary, A::Error> {
                let mut row = HorizonSummary::default();
                while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
                    let Some((_, source)) = LAYOUT.iter().find(|(k, _)| *k == key) else {
                        return Err(serde::de::Error::unknown_field(&key, &[]));
                    };
                    source.slot(&mut row).deserialize_from(&mut map)?;
                }
                Ok(row)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<HorizonSummary, A::Error> {
                let mut row = HorizonSummary::default();
                for (_, source) in &LAYOUT {
                    source.slot(&mut row).deserialize_next(&mut seq)?;
                }
                Ok(row)
            }
        }
        let keys: &'static [&'static str] = &KEYS;
        d.deserialize_struct("HorizonSummary", keys, Row)
    }
}

/// The table's keys, in order (what `deserialize_struct` is told to expect).
const KEYS: [&str; LAYOUT.len()] = {
    let mut keys = [""; LAYOUT.len()];
    let mut k = 0;
    while k < LAYOUT.len() {
        keys[k] = LAYOUT[k].0;
        k += 1;
    }
    keys
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::study::result::Excursion;

    /// The contract: every key of a summary row, in the order the JSON has always had.
    const EXPECTED_KEYS: [&str; 65] = [
        "horizon",
        "count",
        "incomplete",
        "distinct_count",
        "too_few_episodes",
        "long_mean",
        "long_median",
        "long_hit_rate",
        "long_min",
        "long_max",
        "long_std",
        "short_mean",
        "short_median",
        "short_hit_rate",
        "short_min",
        "short_max",
        "short_std",
        "pair_mean",
        "pair_median",
        "pair_hit_rate",
        "pair_min",
        "pair_max",
        "pair_std",
        "baseline_count",
        "baseline_long_mean",
        "baseline_short_mean",
        "baseline_pair_mean",
        "long_edge",
        "short_edge",
        "pair_edge",
        "distinct_long_mean",
        "distinct_short_mean",
        "distinct_pair_mean",
        "long_mean_ci",
        "short_mean_ci",
        "pair_mean_ci",
        "long_median_ci",
        "short_median_ci",
        "pair_median_ci",
        "long_hit_rate_ci",
        "short_hit_rate_ci",
        "pair_hit_rate_ci",
        "pair_edge_ci",
        "placebo_long_mean",
        "placebo_short_mean",
        "placebo_pair_mean",
        "placebo_p_long",
        "placebo_p_short",
        "placebo_p_pair",
        "placebo_shift_p_long",
        "placebo_shift_p_short",
        "placebo_shift_p_pair",
        "placebo_pair_sd",
        "pair_edge_t_naive",
        "pair_edge_t_overlap",
        "overlap_bandwidth_days",
        "distinct_t_pair",
        "distinct_df",
        "distinct_p_pair",
        "long_max_gain_mean",
        "long_max_loss_mean",
        "short_max_gain_mean",
        "short_max_loss_mean",
        "pair_mean_loo_min",
        "pair_mean_loo_max",
    ];

    /// A leg whose every figure is distinct: base + 0.01 · (figure's position).
    fn leg(base: f64, excursion: bool) -> LegSummary {
        let x = |k: u32| Some(base + 0.01 * f64::from(k));
        let ci = |k: u32| Some(Interval(base + 0.01 * f64::from(k), base + 0.5));
        LegSummary {
            mean: x(0),
            median: x(1),
            hit_rate: x(2),
            min: x(3),
            max: x(4),
            std: x(5),
            baseline_mean: x(6),
            edge: x(7),
            distinct_mean: x(8),
            mean_ci: ci(9),
            median_ci: ci(10),
            hit_rate_ci: ci(11),
            placebo_mean: x(12),
            placebo_p: x(13),
            placebo_shift_p: x(16),
            excursion: excursion.then(|| Excursion {
                max_gain_mean: x(14),
                max_loss_mean: x(15),
            }),
        }
    }

    fn summary() -> HorizonSummary {
        HorizonSummary {
            horizon: 63,
            count: 25,
            incomplete: 2,
            distinct_count: 11,
            too_few_episodes: false,
            baseline_count: 5000,
            long: leg(1.0, true),
            short: leg(2.0, true),
            pair: leg(3.0, false),
            pair_edge_ci: Some(Interval(-0.25, 0.75)),
            placebo_pair_sd: Some(0.125),
            pair_edge_t_naive: Some(2.5),
            pair_edge_t_overlap: None,
            overlap_bandwidth_days: 63,
            distinct_t_pair: Some(1.75),
            distinct_df: Some(10),
            distinct_p_pair: Some(0.125),
            pair_mean_loo_min: Some(-0.0625),
            pair_mean_loo_max: Some(0.0625),
        }
    }

    #[test]
    fn summary_json_keeps_its_keys_in_order() {
        let text = serde_json::to_string(&summary()).unwrap();
        // No value is a string, so the quoted words are the keys, in the order written.
        let keys: Vec<&str> = text.split('"').skip(1).step_by(2).collect();
        assert_eq!(keys, EXPECTED_KEYS);
        assert_eq!(text.matches(':').count(), EXPECTED_KEYS.len());
    }

    #[test]
    fn leg_figures_land_under_their_keys() {
        let s = summary();
        let json = serde_json::to_value(&s).unwrap();
        let number = |k: &str| json[k].as_f64();
        for (leg, base) in [("long", 1.0), ("short", 2.0), ("pair", 3.0)] {
            let at = |k: u32| Some(base + 0.01 * f64::from(k));
            assert_eq!(number(&format!("{leg}_mean")), at(0));
            assert_eq!(number(&format!("{leg}_median")), at(1));
            assert_eq!(number(&format!("{leg}_hit_rate")), at(2));
            assert_eq!(number(&format!("{leg}_min")), at(3));
            assert_eq!(number(&format!("{leg}_max")), at(4));
            assert_eq!(number(&format!("{leg}_std")), at(5));
            assert_eq!(number(&format!("baseline_{leg}_mean")), at(6));
            assert_eq!(number(&format!("{leg}_edge")), at(7));
            assert_eq!(number(&format!("distinct_{leg}_mean")), at(8));
            for (k, name) in [(9, "mean_ci"), (10, "median_ci"), (11, "hit_rate_ci")] {
                let ci = &json[format!("{leg}_{name}")];
                assert_eq!(ci[0].as_f64(), at(k), "{leg}_{name}");
                assert_eq!(ci[1].as_f64(), Some(base + 0.5), "{leg}_{name}");
            }
            assert_eq!(number(&format!("placebo_{leg}_mean")), at(12));
            assert_eq!(number(&format!("placebo_p_{leg}")), at(13));
            assert_eq!(number(&format!("placebo_shift_p_{leg}")), at(16));
            if leg != "pair" {
                assert_eq!(number(&format!("{leg}_max_gain_mean")), at(14));
                assert_eq!(number(&format!("{leg}_max_loss_mean")), at(15));
            }
        }
        assert_eq!(number("placebo_p_pair"), s.pair.placebo_p);
        assert_eq!(number("baseline_short_mean"), s.short.baseline_mean);
        assert_eq!(json["horizon"], 63);
        assert_eq!(json["count"], 25);
        assert_eq!(json["incomplete"], 2);
        assert_eq!(json["distinct_count"], 11);
        assert_eq!(json["too_few_episodes"], false);
        assert_eq!(number("distinct_t_pair"), Some(1.75));
        assert_eq!(json["distinct_df"], 10);
        assert_eq!(number("distinct_p_pair"), Some(0.125));
        assert_eq!(json["baseline_count"], 5000);
        assert_eq!(json["overlap_bandwidth_days"], 63);
        assert_eq!(json["pair_edge_ci"], serde_json::json!([-0.25, 0.75]));
        assert_eq!(number("placebo_pair_sd"), Some(0.125));
        assert_eq!(number("pair_edge_t_naive"), Some(2.5));
        assert!(json["pair_edge_t_overlap"].is_null());
        assert_eq!(number("pair_mean_loo_min"), Some(-0.0625));
        assert_eq!(number("pair_mean_loo_max"), Some(0.0625));
        // An empty sample writes null, an absent interval too.
        let empty = HorizonSummary {
            long: LegSummary::default(),
            ..s
        };
        let json = serde_json::to_value(&empty).unwrap();
        assert!(json["long_mean"].is_null() && json["long_mean_ci"].is_null());
        assert!(json["long_max_gain_mean"].is_null());
        let thin = HorizonSummary {
            too_few_episodes: true,
            distinct_df: None,
            ..empty
        };
        let json = serde_json::to_value(&thin).unwrap();
        assert_eq!(json["too_few_episodes"], true);
        assert!(json["distinct_df"].is_null());
    }

    #[test]
    fn key_names_each_leg_figure_from_the_table() {
        assert_eq!(
            HorizonSummary::key(Leg::Pair, LegField::PlaceboP),
            Some("placebo_p_pair")
        );
        assert_eq!(
            HorizonSummary::key(Leg::Short, LegField::BaselineMean),
            Some("baseline_short_mean")
        );
        assert_eq!(
            HorizonSummary::key(Leg::Long, LegField::MaxLossMean),
            Some("long_max_loss_mean")
        );
        assert_eq!(
            HorizonSummary::key(Leg::Short, LegField::PlaceboShiftP),
            Some("placebo_shift_p_short")
        );
        assert_eq!(HorizonSummary::key(Leg::Pair, LegField::MaxGainMean), None);
        // Every key is written once.
        let mut keys: Vec<&str> = LAYOUT.iter().map(|(k, _)| *k).collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), LAYOUT.len());
    }
}
