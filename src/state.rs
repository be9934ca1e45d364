//! Hooks that hold the page's state. Components only read these signals and call the
//! callbacks; every change of the view goes through [`ViewHandle::on_change`].

use equalizer_engine::Date;
use leptos::prelude::*;

use crate::settings::{Change, History, Key, Notice, SettingError, ViewState, state_from_query};
use crate::url;

/// Delay before the URL follows continuous changes (one history update per pause, not per
/// keystroke or slider tick).
const URL_DELAY_MS: u64 = 150;

/// The view on screen and the ways to change it.
#[derive(Clone, Copy)]
pub struct ViewHandle {
    /// The current view (write it only through `on_change`).
    pub view: RwSignal<ViewState>,
    /// What the reader is told about settings that were not used as given.
    pub notices: RwSignal<Vec<Notice>>,
    /// Applies a change: the view, the notices and the URL (replaced after a pause, or pushed
    /// at once), or follows the browser's Back and Forward.
    pub on_change: Callback<Change>,
    /// Sets one setting from a control's text; the error, if any, is the control's to show.
    pub edit: Callback<(Key, String), Result<(), SettingError>>,
}

/// The view read from the URL, kept in the URL, and following Back and Forward. `tickers`
/// are the legs the URL may name (loaded files are accepted by name).
pub fn use_view(tickers: Vec<String>) -> ViewHandle {
    let (initial, initial_notices) = state_from_query(&url::query_pairs(), &tickers);
    let view = RwSignal::new(initial);
    let notices = RwSignal::new(initial_notices);
    // The reader's range before "Replicate the article", restored when they leave it.
    let range_before_article = StoredValue::new((None::<Date>, None::<Date>));
    let url_timer = StoredValue::new_local(None::<TimeoutHandle>);
    let cancel_pending = move || {
        if let Some(h) = url_timer.get_value() {
            h.clear();
        }
        url_timer.set_value(None);
    };

    let on_change = Callback::new(move |change: Change| {
        let Change {
            view: next,
            history,
            notices: told,
        } = change;
        let was = view.get_untracked();
        if next.article && !was.article {
            range_before_article.set_value((was.from, was.to));
        }
        match history {
            History::Replace => {
                cancel_pending();
                let handle = set_timeout_with_handle(
                    move || view.with_untracked(|v| url::write_url(v, History::Replace)),
                    std::time::Duration::from_millis(URL_DELAY_MS),
                )
                .ok();
                url_timer.set_value(handle);
            }
            History::Push => {
                // A pending replacement belongs to the entry being left.
                if url_timer.get_value().is_some() {
                    cancel_pending();
                    url::write_url(&was, History::Replace);
                }
                url::write_url(&next, History::Push);
            }
            History::Followed => cancel_pending(),
        }
        view.set(next);
        notices.set(told);
    });

    let edit = {
        let tickers = tickers.clone();
        Callback::new(move |(key, text): (Key, String)| {
            let change = view.with_untracked(|v| {
                v.edited(key, &text, &tickers, range_before_article.get_value())
            })?;
            on_change.run(change);
            Ok(())
        })
    };

    // Back and Forward: the browser has moved to another entry; show its view.
    let popstate = window_event_listener(leptos::ev::popstate, move |_| {
        let (next, told) = state_from_query(&url::query_pairs(), &tickers);
        on_change.run(Change {
            view: next,
            history: History::Followed,
            notices: told,
        });
    });
    on_cleanup(move || popstate.remove());

    ViewHandle {
        view,
        notices,
        on_change,
        edit,
    }
}
