//! "Replicate the article": the article's numbers beside ours under each convention.

use equalizer_engine::article::{CLAIM, Replication, why_they_differ};
use leptos::prelude::*;

use crate::components::fold::Fold;
use crate::format::{opt_pct, pct};
use crate::shared::Shared;
use crate::state::ViewHandle;

/// The claim (23 events; IWM +5.9 % / +13.6 %, QQQ −1.5 % / −4.2 % at 3 and 12 months) and our
/// replication with trading days vs calendar months, all vs distinct events, and one sentence on
/// why they differ.
#[component]
pub fn ArticlePanel(
    /// Our rows, computed on IWM vs QQQ.
    rows: Memo<Option<Shared<Vec<Replication>>>>,
    /// The view; a press of "Replicate the article" asks for the panel's focus.
    handle: ViewHandle,
) -> impl IntoView {
    // The block's toggle stays as the reader left it when a new answer rebuilds the block.
    let open_replication_fold = RwSignal::new(false);
    let panel = NodeRef::<leptos::html::Section>::new();
    // Focus is the world outside: after a press of Replicate, the panel that press brought
    // takes focus (a screen reader reads its name) and scrolls into view.
    Effect::new(move |_| {
        let shown = rows.with(Option::is_some);
        if let Some(el) = panel.get().filter(|_| shown && handle.take_article_focus()) {
            let _ = el.focus();
            el.scroll_into_view();
        }
    });
    move || {
        rows.get().map(|rows| {
            let ours = rows
                .iter()
                .map(|r| {
                    view! {
                        <tr data-convention=format!("{} / {}", r.horizons, r.events)>
                            <th scope="row">{r.horizons.clone()}<br /><span class="sub">{r.events.clone()}</span></th>
                            <td class="num" data-field="n">{format!("{} / {}", r.n_3m, r.n_12m)}</td>
                            <td class="num" data-field="long_3m">{opt_pct(r.long_3m, 1)}</td>
                            <td class="num" data-field="long_12m">{opt_pct(r.long_12m, 1)}</td>
                            <td class="num" data-field="short_3m">{opt_pct(r.short_3m, 1)}</td>
                            <td class="num" data-field="short_12m">{opt_pct(r.short_12m, 1)}</td>
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <section class="article" data-testid="article" node_ref=panel tabindex="-1" aria-labelledby="article-title">
                    <h2 id="article-title">"Replicating the article"</h2>
                    <p>
                        "The claim: on the 23 days before 2024-07-11 when IWM beat QQQ by 4 % or more, IWM gained 5.9 % over "
                        "the next 3 months and 13.6 % over 12, while QQQ fell."
                    </p>
                    <p class="why" data-testid="article-why">{why_they_differ(&rows)}</p>
                    <Fold label="The article's figures beside ours (table)" testid="replication-fold" open=open_replication_fold>
                    <table class="replication">
                        <thead>
                            <tr><th></th><th>"N (3M / 12M)"</th><th>"IWM 3M"</th><th>"IWM 12M"</th><th>"QQQ 3M"</th><th>"QQQ 12M"</th></tr>
                        </thead>
                        <tbody>
                            <tr class="claim" data-convention="article">
                                <th scope="row">"the article"</th>
                                <td class="num" data-field="n">{CLAIM.events}</td>
                                <td class="num" data-field="long_3m">{pct(CLAIM.long_3m, 1)}</td>
                                <td class="num" data-field="long_12m">{pct(CLAIM.long_12m, 1)}</td>
                                <td class="num" data-field="short_3m">{pct(CLAIM.short_3m, 1)}</td>
                                <td class="num" data-field="short_12m">{pct(CLAIM.short_12m, 1)}</td>
                            </tr>
                            {ours}
                        </tbody>
                    </table>
                    </Fold>
                </section>
            }
        })
    }
}
