//! A deterministic synthetic pair for cross-platform checks: the native build and the wasm
//! build must produce byte-identical study JSON from it (placebo and bootstrap included).

use crate::data::align::AlignedPair;
use crate::data::date::Date;
use crate::data::series::Series;
use crate::study::events::{Direction, EventRule};
use crate::study::{HorizonSummary, PreparedPair, StudyOptions};

/// Two random walks of `n` weekdays from 2001-01-01, driven by a fixed integer recurrence
/// (no floating-point library calls, so every platform computes the same closes).
pub fn synthetic_pair(n: usize) -> Option<AlignedPair> {
    let mut state: u64 = 0x2545_F491_4F6C_DD1D;
    let mut step = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        ((state >> 11) as f64 / (1u64 << 53) as f64 - 0.5) * 0.06
    };
    let start = Date::from_ymd(2001, 1, 1)?.days();
    let dates: Vec<Date> = (0..)
        .map(|k| start + k)
        .filter(|d| (d + 3).rem_euclid(7) < 5)
        .take(n)
        .map(Date::from_days)
        .collect();
    let (mut a, mut b) = (100.0, 100.0);
    let mut long = Vec::with_capacity(n);
    let mut short = Vec::with_capacity(n);
    for _ in 0..n {
        a *= 1.0 + step();
        b *= 1.0 + step();
        long.push(a);
        short.push(b);
    }
    let l = Series::new("SYN-L", dates.clone(), long).ok()?;
    let s = Series::new("SYN-S", dates, short).ok()?;
    AlignedPair::new(&l, &s).ok()
}

/// The rule and options of the parity check: abs ≥ 5 %, cool-off 2, default horizons, 2,000
/// placebo sets and 500 bootstrap samples, seed 99.
pub fn parity_settings() -> Option<(EventRule, StudyOptions)> {
    let rule = EventRule::new(5.0, Direction::Abs, 2, None, None).ok()?;
    let opts = StudyOptions {
        placebo_draws: 2_000,
        bootstrap_draws: 500,
        seed: 99,
        split_year: Some(2005),
        ..StudyOptions::default()
    };
    Some((rule, opts))
}

/// A real horizon summary for tests to vary: the parity study's longest horizon on the
/// synthetic pair of 3,000 days.
pub fn parity_summary() -> Option<HorizonSummary> {
    let (rule, opts) = parity_settings()?;
    let study = PreparedPair::new(synthetic_pair(3000)?)
        .study(&rule, &opts)
        .ok()?;
    study.summary.last().cloned()
}

/// The most rows [`whole_study`] reads from one input: the fuzz target and the property test
/// bound the input's size so every run ends within a bounded number of steps (the draws are
/// bounded too, see below).
pub const WHOLE_STUDY_MAX_ROWS: usize = 2_000;

/// Which of [`whole_study`]'s twelve rules run: all of them (the property test), or one
/// (the fuzz target, which picks it from the input, to run more inputs a second).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rules {
    /// Every rule.
    All,
    /// The rule of this index, modulo their number.
    One(usize),
}

/// Runs everything the engine computes from a CSV, as the page does after an upload, and
/// returns how many outputs were checked, or the paths of the numbers that are not finite.
///
/// `text` is one Yahoo CSV, or two separated by a blank line. The first is the long leg
/// (`L`); the second, if it parses, the short leg (`S`), else the long leg's closes reversed
/// on its own dates (the same moves and span), or flat closes. A third series (`B`, the
/// long leg's closes rotated by a third) completes the universe and is the benchmark. A text
/// the parser refuses, a pair with too few common days or one over
/// [`WHOLE_STUDY_MAX_ROWS`] rows is no run (`Ok(0)`): the parser's tests cover refusals.
///
/// Each rule (percent and z units, every direction, the smallest threshold and 1, cool-off 0
/// and 3) runs the study (days and months), the sweep, the cross-section, the follow
/// simulation, the average path and the held-out events, with few draws. Every output must be
/// finite or explicitly undefined (`None`); the follow simulation may refuse prices that
/// compound beyond any number, and nothing else may fail.
pub fn whole_study(text: &str, rules: Rules) -> Result<usize, Vec<String>> {
    use crate::data::yahoo::parse_csv;
    use crate::study::PathOptions;
    use crate::study::bounds::MIN_THRESHOLD;
    use crate::study::events::ThresholdUnit;
    use crate::study::follow::{FollowError, FollowOptions};
    use crate::study::horizon::HorizonUnit;

    let (first, second) = text.split_once("\n\n").unwrap_or((text, ""));
    let Ok(long) = parse_csv("L.csv", "L", first).map(|p| p.series) else {
        return Ok(0);
    };
    if long.len() > WHOLE_STUDY_MAX_ROWS {
        return Ok(0);
    }
    let derived = |ticker: &str, close: Vec<f64>| Series::new(ticker, long.dates().to_vec(), close);
    let reversed: Vec<f64> = long.close().iter().rev().copied().collect();
    let mut rotated = long.close().to_vec();
    rotated.rotate_left(long.len() / 3);
    let short = match parse_csv("S.csv", "S", second) {
        Ok(p) if p.series.len() <= WHOLE_STUDY_MAX_ROWS => p.series,
        // Reversed moves are the same moves, but a ratio at the bound may round past it the
        // other way; then a flat leg.
        _ => match derived("S", reversed) {
            Ok(s) => s,
            Err(_) => match derived("S", vec![100.0; long.len()]) {
                Ok(s) => s,
                Err(e) => return Err(vec![format!("a flat leg is refused: {e}")]),
            },
        },
    };
    // Rotating joins the last close to the first: that move may be implausible; then the
    // benchmark is the short leg.
    let bench = derived("B", rotated).unwrap_or_else(|_| short.clone());
    let Ok(pair) = AlignedPair::new(&long, &short) else {
        return Ok(0);
    };
    let prepared = PreparedPair::new(pair);
    let universe = [long.clone(), short.clone(), bench.clone()];
    let mut bad = Vec::new();
    let mut checked = 0;
    let mut check = |what: String, found: Vec<String>| {
        checked += 1;
        bad.extend(found.into_iter().map(|p| format!("{what}: {p}")));
    };
    let failed = |e: &dyn std::fmt::Display| vec![format!("failed: {e}")];
    let mid = long.dates()[long.len() / 2];
    let split_year = Some(mid.year().clamp(1900, 2100));
    let mut every = Vec::new();
    for unit in [ThresholdUnit::Pct, ThresholdUnit::Z] {
        for direction in [Direction::Up, Direction::Down, Direction::Abs] {
            for (threshold, cooloff) in [(MIN_THRESHOLD, 0), (1.0, 3)] {
                every.push((unit, direction, threshold, cooloff));
            }
        }
    }
    let chosen = match rules {
        Rules::All => every,
        Rules::One(k) => vec![every[k % every.len()]],
    };
    for (unit, direction, threshold, cooloff) in chosen {
        let Ok(rule) = EventRule::new(threshold, direction, cooloff, None, None) else {
            return Err(vec![format!("rule {threshold} {direction} refused")]);
        };
        let rule = rule.with_unit(unit);
        let what = format!("{unit:?} {direction} {threshold} cool {cooloff}");
        for (horizon_unit, horizons) in [
            (HorizonUnit::Days, vec![1, 5, 21]),
            (HorizonUnit::Months, vec![1, 3]),
        ] {
            let opts = StudyOptions {
                horizons,
                unit: horizon_unit,
                placebo_draws: 50,
                bootstrap_draws: 50,
                split_year,
                ..StudyOptions::default()
            };
            match prepared.study(&rule, &opts) {
                Ok(study) => {
                    let days: Vec<usize> = study.events.iter().map(|e| e.index).collect();
                    check(format!("{what} study"), non_finite(&study));
                    let path = prepared.average_path(
                        &days,
                        &PathOptions {
                            band_draws: 50,
                            ..PathOptions::of_study(&opts)
                        },
                    );
                    check(format!("{what} path"), non_finite(&path));
                    if let Some(&last) = days.last() {
                        check(
                            format!("{what} rank"),
                            non_finite(&prepared.rank(&rule, last)),
                        );
                    }
                    check(
                        format!("{what} held out"),
                        non_finite(&prepared.held_out(&rule, mid, &opts)),
                    );
                }
                Err(e) => check(format!("{what} study"), failed(&e)),
            }
            match prepared.cross_section(&universe, &rule, &opts) {
                Ok(cross) => check(format!("{what} cross"), non_finite(&cross)),
                Err(e) => check(format!("{what} cross"), failed(&e)),
            }
        }
        let opts = StudyOptions::with_horizons(&[1, 5, 21]);
        match prepared.sweep(&rule, &opts) {
            Ok(cells) => check(format!("{what} sweep"), non_finite(&cells)),
            Err(e) => check(format!("{what} sweep"), failed(&e)),
        }
        let follow_opts = FollowOptions {
            hold: 5,
            ..FollowOptions::default()
        };
        match prepared.follow(&rule, &universe[..2], &bench, &follow_opts) {
            Ok(f) => {
                check(format!("{what} follow"), non_finite(&f));
                check(format!("{what} follow values"), non_finite(&f.values));
            }
            Err(FollowError::Overflow { .. } | FollowError::NoCalendar(_)) => {}
            Err(e) => check(format!("{what} follow"), failed(&e)),
        }
    }
    if bad.is_empty() {
        Ok(checked)
    } else {
        Err(bad)
    }
}

/// The paths (`summary[2].pair.mean`) of every number in `value` that is not finite, as its
/// serialisation sees them: JSON would write them as `null`, indistinguishable from an
/// explicit `None`, so they are found before.
pub fn non_finite<T: serde::Serialize + ?Sized>(value: &T) -> Vec<String> {
    let mut check = finite::Check::default();
    // Our serialiser never fails; an error would only come from a type's own Serialize.
    if let Err(e) = value.serialize(&mut check) {
        check.bad.push(format!("serialisation failed: {e}"));
    }
    check.bad
}

mod finite {
    //! A serde serialiser that writes nothing and remembers where a float was not finite.

    use serde::ser::{self, Serialize};

    #[derive(Default)]
    pub(super) struct Check {
        path: Vec<String>,
        pub(super) bad: Vec<String>,
    }

    #[derive(Debug)]
    pub(super) struct Never(String);

    impl std::fmt::Display for Never {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str(&self.0)
        }
    }
    impl std::error::Error for Never {}
    impl ser::Error for Never {
        fn custom<T: std::fmt::Display>(msg: T) -> Never {
            Never(msg.to_string())
        }
    }

    impl Check {
        fn float(&mut self, x: f64) -> Result<(), Never> {
            if !x.is_finite() {
                self.bad.push(format!("{} = {x}", self.path.join(".")));
            }
            Ok(())
        }
        fn at<T: Serialize + ?Sized>(&mut self, name: String, v: &T) -> Result<(), Never> {
            self.path.push(name);
            let r = v.serialize(&mut *self);
            self.path.pop();
            r
        }
    }

    macro_rules! ignore {
        ($($f:ident: $t:ty),*) => {
            $(fn $f(self, _: $t) -> Result<(), Never> { Ok(()) })*
        };
    }

    impl<'a> ser::Serializer for &'a mut Check {
        type Ok = ();
        type Error = Never;
        type SerializeSeq = Seq<'a>;
        type SerializeTuple = Seq<'a>;
        type SerializeTupleStruct = Seq<'a>;
        type SerializeTupleVariant = Seq<'a>;
        type SerializeMap = Seq<'a>;
        type SerializeStruct = &'a mut Check;
        type SerializeStructVariant = &'a mut Check;

        ignore!(serialize_bool: bool, serialize_i8: i8, serialize_i16: i16, serialize_i32: i32,
            serialize_i64: i64, serialize_u8: u8, serialize_u16: u16, serialize_u32: u32,
            serialize_u64: u64, serialize_char: char, serialize_str: &str,
            serialize_bytes: &[u8], serialize_unit_struct: &'static str);

        fn serialize_f32(self, v: f32) -> Result<(), Never> {
            self.float(f64::from(v))
        }
        fn serialize_f64(self, v: f64) -> Result<(), Never> {
            self.float(v)
        }
        fn serialize_none(self) -> Result<(), Never> {
            Ok(())
        }
        fn serialize_some<T: Serialize + ?Sized>(self, v: &T) -> Result<(), Never> {
            v.serialize(self)
        }
        fn serialize_unit(self) -> Result<(), Never> {
            Ok(())
        }
        fn serialize_unit_variant(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
        ) -> Result<(), Never> {
            Ok(())
        }
        fn serialize_newtype_struct<T: Serialize + ?Sized>(
            self,
            _: &'static str,
            v: &T,
        ) -> Result<(), Never> {
            v.serialize(self)
        }
        fn serialize_newtype_variant<T: Serialize + ?Sized>(
            self,
            _: &'static str,
            _: u32,
            variant: &'static str,
            v: &T,
        ) -> Result<(), Never> {
            self.at(variant.to_owned(), v)
        }
        fn serialize_seq(self, _: Option<usize>) -> Result<Seq<'a>, Never> {
            Ok(Seq { check: self, k: 0 })
        }
        fn serialize_tuple(self, _: usize) -> Result<Seq<'a>, Never> {
            Ok(Seq { check: self, k: 0 })
        }
        fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Seq<'a>, Never> {
            Ok(Seq { check: self, k: 0 })
        }
        fn serialize_tuple_variant(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: usize,
        ) -> Result<Seq<'a>, Never> {
            Ok(Seq { check: self, k: 0 })
        }
        fn serialize_map(self, _: Option<usize>) -> Result<Seq<'a>, Never> {
            Ok(Seq { check: self, k: 0 })
        }
        fn serialize_struct(self, _: &'static str, _: usize) -> Result<&'a mut Check, Never> {
            Ok(self)
        }
        fn serialize_struct_variant(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: usize,
        ) -> Result<&'a mut Check, Never> {
            Ok(self)
        }
    }

    /// A sequence, tuple or map: elements named by their position.
    pub(super) struct Seq<'a> {
        check: &'a mut Check,
        k: usize,
    }

    impl Seq<'_> {
        fn next<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), Never> {
            let k = self.k;
            self.k += 1;
            self.check.at(format!("[{k}]"), v)
        }
    }

    macro_rules! elements {
        ($($tr:ident :: $f:ident),*) => {
            $(impl ser::$tr for Seq<'_> {
                type Ok = ();
                type Error = Never;
                fn $f<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), Never> {
                    self.next(v)
                }
                fn end(self) -> Result<(), Never> {
                    Ok(())
                }
            })*
        };
    }
    elements!(
        SerializeSeq::serialize_element,
        SerializeTuple::serialize_element,
        SerializeTupleStruct::serialize_field,
        SerializeTupleVariant::serialize_field
    );

    impl ser::SerializeMap for Seq<'_> {
        type Ok = ();
        type Error = Never;
        fn serialize_key<T: Serialize + ?Sized>(&mut self, k: &T) -> Result<(), Never> {
            self.next(k)
        }
        fn serialize_value<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), Never> {
            self.next(v)
        }
        fn end(self) -> Result<(), Never> {
            Ok(())
        }
    }

    macro_rules! fields {
        ($($tr:ident),*) => {
            $(impl ser::$tr for &mut Check {
                type Ok = ();
                type Error = Never;
                fn serialize_field<T: Serialize + ?Sized>(
                    &mut self,
                    name: &'static str,
                    v: &T,
                ) -> Result<(), Never> {
                    self.at(name.to_owned(), v)
                }
                fn end(self) -> Result<(), Never> {
                    Ok(())
                }
            })*
        };
    }
    fields!(SerializeStruct, SerializeStructVariant);
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// A Yahoo CSV (auto-adjusted layout) of `steps.len() + 1` rows from `start`: each step a
    /// calendar gap of 1–4 days and a factor on the close, from everyday moves to the largest
    /// plausible (×1,000 either way), runs of equal closes, and levels from tiny to huge.
    fn csv() -> impl Strategy<Value = String> {
        let factor = prop_oneof![
            200 => (-0.05f64..0.05).prop_map(|r| 1.0 + r),
            40 => Just(1.0),
            2 => prop_oneof![Just(1_000.0), Just(1e-3), Just(999.9), Just(1.0 / 999.9)],
            4 => 0.5f64..2.0,
            1 => prop_oneof![Just(1_000.1), Just(1e-308 / 60.0), Just(1e308 / 60.0)],
        ];
        (
            prop_oneof![
                Just(1e-300),
                Just(1e-6),
                Just(67.45),
                Just(1e200),
                1e-3f64..1e3
            ],
            proptest::collection::vec((1i32..5, factor), 0..400),
        )
            .prop_map(|(start, steps)| {
                let mut text = String::from("date,open,high,low,close,volume\n");
                let (mut day, mut close) = (11_000, start);
                text.push_str(&format!("{},1,1,1,{close},1\n", Date::from_days(day)));
                for (gap, f) in steps {
                    day += gap;
                    close *= f;
                    text.push_str(&format!("{},1,1,1,{close},1\n", Date::from_days(day)));
                }
                text
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        /// Every CSV the parser accepts (and every pair of them) gives a whole study whose every
        /// number is finite or explicitly undefined.
        #[test]
        fn every_accepted_csv_gives_finite_or_undefined_numbers(
            long in csv(),
            short in proptest::option::of(csv()),
        ) {
            let text = match short {
                Some(s) => format!("{long}\n{s}"),
                None => long,
            };
            if let Err(bad) = whole_study(&text, Rules::All) {
                prop_assert!(false, "{}", bad.join("\n"));
            }
        }
    }

    /// Many generated files are accepted (about half), so the property above studies many.
    #[test]
    fn most_generated_files_are_studied() {
        use proptest::strategy::ValueTree;
        let mut runner = proptest::test_runner::TestRunner::deterministic();
        let (mut studied, mut all) = (0, 0);
        for _ in 0..40 {
            let text = csv().new_tree(&mut runner).unwrap().current();
            all += 1;
            if whole_study(&text, Rules::All).unwrap() > 0 {
                studied += 1;
            }
        }
        assert!(studied * 3 >= all, "{studied} of {all}");
    }

    /// The case: IWM-like closes with one close of 1e-308 (or 1e308) among them is
    /// refused as it is read, so nothing is studied; with the close fixed, it is studied.
    #[test]
    fn a_typo_close_is_refused_and_the_fixed_file_studied() {
        let row = |k: i32, c: f64| format!("{},1,1,1,{c},1\n", Date::from_days(11_000 + k));
        let file = |typo: f64| {
            let mut text = String::from("date,open,high,low,close,volume\n");
            for k in 0..300 {
                let c = if k == 150 {
                    typo
                } else {
                    60.0 + f64::from(k % 17)
                };
                text.push_str(&row(k, c));
            }
            text
        };
        for typo in [1e-308, 1e308] {
            assert_eq!(whole_study(&file(typo), Rules::All), Ok(0));
        }
        assert!(whole_study(&file(61.5), Rules::All).is_ok_and(|n| n > 0));
    }
}
