//! 200 hostile or random query strings: each must show a working page (a notice where a value
//! was not used), never an error banner or panic banner, and no error in the browser console.

use equalizer_e2e::{Error, serve_page};

/// Handcrafted hostile queries; every one contains a value the page must refuse.
const HOSTILE: [&str; 40] = [
    "long=%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    "short=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E",
    "t=%3Csvg%20onload%3Dalert(1)%3E",
    "t=1e309",
    "t=-1e309",
    "t=NaN",
    "t=inf",
    "t=-0",
    "t=0x10",
    "t=4%2C5",
    "t=%00",
    "t=4%00",
    "t=4%20%20x",
    "t=1e-400",
    "t=100.0000001",
    "dir=UP",
    "dir=%E2%86%91",
    "cool=18446744073709551616",
    "cool=-1",
    "cool=3.5",
    "from=0000-01-01",
    "from=9999-99-99",
    "to=2024-02-30",
    "from=2024-01-01&to=2023-01-01",
    "long=%C3%8DWM",
    "long=IWM%F0%9F%9A%80",
    "long=%D7%90%D7%91",
    "long=QQQ&short=QQQ",
    "t=3&t=4&t=5",
    "long=XLE&long=XLK&t=abc",
    "units=sigma",
    "hz=weeks",
    "seed=-1",
    "seed=99999999999999999999999",
    "split=99999",
    "article=2",
    "%=%",
    "&&&=&=&t&",
    "__proto__=1&constructor=x",
    "t=%25%25%25",
];

/// A small deterministic generator for the random queries.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
}

fn random_queries(n: usize) -> Vec<String> {
    let keys = [
        "long", "short", "t", "dir", "cool", "from", "to", "units", "hz", "seed", "split",
        "article", "x", "",
    ];
    let values = [
        "IWM",
        "QQQ",
        "xlk",
        "SPY",
        "4",
        "2.5",
        "-3",
        "abc",
        "1e5",
        "up",
        "abs",
        "down",
        "5",
        "2005-01-01",
        "2030-13-01",
        "z",
        "months",
        "1",
        "%F0%9F%92%A5",
        "%3Cb%3E",
        "",
    ];
    let mut rng = XorShift(0x9E37_79B9_7F4A_7C15);
    (0..n)
        .map(|i| {
            let pairs = 1 + (rng.next() % 5) as usize;
            let mut q: Vec<String> = (0..pairs)
                .map(|_| format!("{}={}", rng.pick(&keys), rng.pick(&values)))
                .collect();
            if i % 20 == 0 {
                // A 10 KB value.
                q.push(format!("{}={}", rng.pick(&keys), "A".repeat(10_240)));
            }
            if i % 7 == 0 {
                // Random bytes, percent-encoded.
                let bytes: String = (0..12)
                    .map(|_| format!("%{:02X}", rng.next() % 256))
                    .collect();
                q.push(format!("t={bytes}"));
            }
            q.join("&")
        })
        .collect()
}

#[tokio::test]
async fn two_hundred_hostile_queries_never_break_the_page() -> Result<(), Error> {
    let (server, b) = serve_page(1024, 800, 1.0).await?;
    let mut queries: Vec<(String, bool)> = HOSTILE.iter().map(|q| (q.to_string(), true)).collect();
    queries.extend(
        random_queries(200 - HOSTILE.len())
            .into_iter()
            .map(|q| (q, false)),
    );
    assert_eq!(queries.len(), 200);
    let _ = b.console_errors().await?; // start from an empty log
    for (query, hostile) in &queries {
        b.open(&format!("{}?{query}", server.base)).await?;
        let state = b
            .js("return [
                !!document.querySelector('[data-testid=error]'),
                !!document.querySelector('[data-testid=panic]'),
                !!document.querySelector('[data-testid=notice]'),
                (document.querySelector('[data-testid=event-count]') || {}).textContent || ''
            ]")
            .await?;
        let short = &query[..query.len().min(120)];
        assert_eq!(state[0], false, "{short}: error banner");
        assert_eq!(state[1], false, "{short}: panic banner");
        let count = state[3].as_str().unwrap_or("");
        assert!(
            !count.is_empty() && count.chars().all(|c| c.is_ascii_digit()),
            "{short}: count '{count}'"
        );
        if *hostile {
            assert_eq!(state[2], true, "{short}: no notice");
        }
        let errors = b.console_errors().await?;
        assert!(errors.is_empty(), "{short}: console errors {errors:?}");
    }
    b.close().await
}
