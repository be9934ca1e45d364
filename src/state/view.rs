//! The view on screen: read from the URL, kept in the URL, following Back and Forward. Every
//! change of the view goes through [`ViewHandle::on_change`].

use equalizer_engine::Date;
use leptos::prelude::*;

use crate::settings::{Change, History, Key, Notice, SettingError, ViewState, state_from_query};
use crate::url::{self, UrlWrite};

/// Delay before the URL follows continuous changes (one history update per pause, not per
/// keystroke or slider tick).
const URL_DELAY_MS: u64 = 150;

/// How long a view must stand still before it is one the reader looked at: the next change
/// then gets its own history entry, so Back returns to it.
const SETTLE_MS: u64 = 1000;

/// The view on screen and the ways to change it. The view and the notices are read-only
/// here: [`ViewHandle::on_change`] is their one writer.
#[derive(Clone, Copy)]
pub struct ViewHandle {
    /// The current view.
    pub view: ReadSignal<ViewState>,
    /// What the reader is told about settings that were not used as given.
    pub notices: ReadSignal<Vec<Notice>>,
    /// The query string the address bar shows for the view (as the link gave it, or as the
    /// page writes it after a change; the write may trail the change by a moment).
    pub address: ReadSignal<String>,
    /// Applies a change: the view, the notices and the URL (replaced, or pushed at once), or
    /// follows the browser's Back and Forward.
    pub on_change: Callback<Change>,
    /// Tickers a link or a control may name (loaded files are accepted by name).
    tickers: StoredValue<Vec<String>>,
    /// The reader's range before "Replicate the article", restored when they leave it.
    range_before_article: StoredValue<(Option<Date>, Option<Date>)>,
    /// Set by "Replicate the article": the article's panel takes focus once it shows (a link
    /// that opens the article view leaves focus where it is).
    article_focus: StoredValue<bool>,
}

impl ViewHandle {
    /// Sets one setting from a control's text; the error, if any, is the control's to show.
    pub fn edit(&self, key: Key, text: &str) -> Result<(), SettingError> {
        self.on_change.run(self.edited(key, text)?);
        Ok(())
    }

    /// The change that setting `key` to `text` makes.
    fn edited(&self, key: Key, text: &str) -> Result<Change, SettingError> {
        self.view.with_untracked(|v| {
            self.tickers.with_value(|tickers| {
                v.edited(key, text, tickers, self.range_before_article.get_value())
            })
        })
    }

    /// Sets one setting from a menu: a choice is a navigation, in a new history entry (Back
    /// returns to the view before it); the error, if any, is the menu's to show.
    pub fn choose(&self, key: Key, text: &str) -> Result<(), SettingError> {
        let change = self.edited(key, text)?;
        self.on_change.run(Change {
            history: History::Push,
            ..change
        });
        Ok(())
    }

    /// Swaps the legs, in a new history entry (a press, like a menu choice).
    pub fn swap(&self) {
        let change = self
            .view
            .with_untracked(|v| v.swapped(self.range_before_article.get_value()));
        self.on_change.run(Change {
            history: History::Push,
            ..change
        });
    }

    /// Moves to threshold `t` (a sweep cell), in a new history entry.
    pub fn go_to_threshold(&self, t: f64) -> Result<(), SettingError> {
        let change = self.view.with_untracked(|v| v.at_threshold(t))?;
        self.on_change.run(change);
        Ok(())
    }

    /// Opens the article's view, in a new history entry.
    pub fn replicate(&self) {
        let change = ViewState::replicated();
        // Already there, nothing new will show: nothing to move focus to.
        let arriving = self.view.with_untracked(|v| *v != change.view);
        self.article_focus.set_value(arriving);
        self.on_change.run(change);
    }

    /// Whether the article's panel should take focus now (once per press of Replicate).
    pub fn take_article_focus(&self) -> bool {
        let asked = self.article_focus.get_value();
        self.article_focus.set_value(false);
        asked
    }
}

impl ViewHandle {
    /// A handle on a view that never changes: the first screen rendered at build time
    /// (`crates/prerender`) shows the controls as they will be, without a browser behind them.
    pub fn fixed(view: ViewState, tickers: Vec<String>) -> ViewHandle {
        let address = url::search_from_state(&view);
        let (view, _) = signal(view);
        let (notices, _) = signal(Vec::new());
        let (address, _) = signal(address);
        ViewHandle {
            view,
            notices,
            address,
            on_change: Callback::new(|_| {}),
            tickers: StoredValue::new(tickers),
            range_before_article: StoredValue::new((None, None)),
            article_focus: StoredValue::new(false),
        }
    }
}

/// The view read from the URL, kept in the URL, and following Back and Forward.
pub fn use_view(tickers: Vec<String>) -> ViewHandle {
    let (initial, initial_notices) = state_from_query(&url::query_pairs(), &tickers);
    let (view, set_view) = signal(initial);
    let (notices, set_notices) = signal(initial_notices);
    let (address, set_address) = signal(url::current_search());
    let range_before_article = StoredValue::new((None::<Date>, None::<Date>));
    let article_focus = StoredValue::new(false);
    // The trailing URL write of a burst of continuous changes, if one is pending.
    let url_timer = StoredValue::new_local(None::<TimeoutHandle>);
    let cancel_pending = move || {
        if let Some(h) = url_timer.get_value() {
            h.clear();
        }
        url_timer.set_value(None);
    };
    // Whether the entry on screen holds a view the reader has looked at (the link's, one
    // reached by a navigation, Back or Forward, or one that stood still for SETTLE_MS): the
    // next continuous change then starts a new entry instead of rewriting this one.
    let settled = StoredValue::new(true);
    let settle_timer = StoredValue::new_local(None::<TimeoutHandle>);
    let settle_now = move || {
        if let Some(h) = settle_timer.get_value() {
            h.clear();
        }
        settle_timer.set_value(None);
        settled.set_value(true);
    };

    let on_change = Callback::new(move |change: Change| {
        let Change {
            view: next,
            history,
            notices: told,
        } = change;
        let was = view.get_untracked();
        // A continuous change to the view in use ("4" → "4." is still 4) changes nothing: no
        // entry, no write, no new address; only what the reader is told.
        if history == History::Replace && next == was {
            set_notices.set(told);
            return;
        }
        if next.article && !was.article {
            range_before_article.set_value((was.from, was.to));
        }
        match history {
            // A navigation to the view already on screen adds nothing to go Back to.
            History::Push if next == was => {}
            History::Push => {
                // A pending replacement belongs to the entry being left.
                if url_timer.get_value().is_some() {
                    cancel_pending();
                    url::write_url(&was, UrlWrite::Replace);
                }
                url::write_url(&next, UrlWrite::Push);
                settle_now();
            }
            History::Replace => {
                // The first change of a burst is written at once (so Back soon after keeps
                // it), the last one after a pause; the ones between are not. After a view
                // the reader looked at, the burst starts a new entry.
                if url_timer.get_value().is_none() {
                    let how = if settled.get_value() {
                        UrlWrite::Push
                    } else {
                        UrlWrite::Replace
                    };
                    url::write_url(&next, how);
                }
                settled.set_value(false);
                if let Some(h) = settle_timer.get_value() {
                    h.clear();
                }
                let settle = move || {
                    settle_timer.set_value(None);
                    settled.set_value(true);
                };
                match set_timeout_with_handle(settle, std::time::Duration::from_millis(SETTLE_MS)) {
                    Ok(h) => settle_timer.set_value(Some(h)),
                    // No timer: the view stays unsettled until the next navigation.
                    Err(_) => settle_timer.set_value(None),
                }
                cancel_pending();
                let trailing = move || {
                    url_timer.set_value(None);
                    view.with_untracked(|v| url::write_url(v, UrlWrite::Replace));
                };
                match set_timeout_with_handle(
                    trailing,
                    std::time::Duration::from_millis(URL_DELAY_MS),
                ) {
                    Ok(h) => url_timer.set_value(Some(h)),
                    // No timer: write now rather than never.
                    Err(_) => url::write_url(&next, UrlWrite::Replace),
                }
            }
            History::Followed => {
                cancel_pending();
                settle_now();
                // Back or Forward before the article's panel showed: the press is moot.
                article_focus.set_value(false);
            }
        }
        set_address.set(match history {
            History::Followed => url::current_search(),
            History::Push | History::Replace => url::search_from_state(&next),
        });
        set_view.set(next);
        set_notices.set(told);
    });

    // Back and Forward: the browser has moved to another entry; show its view.
    let popstate = {
        let tickers = tickers.clone();
        window_event_listener(leptos::ev::popstate, move |_| {
            let (next, told) = state_from_query(&url::query_pairs(), &tickers);
            on_change.run(Change {
                view: next,
                history: History::Followed,
                notices: told,
            });
        })
    };
    on_cleanup(move || popstate.remove());

    ViewHandle {
        view,
        notices,
        address,
        on_change,
        tickers: StoredValue::new(tickers),
        range_before_article,
        article_focus,
    }
}
