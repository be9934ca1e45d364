//! How the pair's edge decays when the entry waits 0 … 5 trading days after the event: what a
//! reader who learned of the event at its close could still have captured.

use equalizer_engine::Study;
use equalizer_engine::study::EntryLag;
use leptos::prelude::*;

use crate::components::fold::Fold;
use crate::format::opt_pct;
use crate::shared::Shared;

/// The decay table: one row per lag, one column per horizon; the study's own lag marked.
#[component]
pub fn LagDecayTable(
    /// The current study.
    study: Memo<Option<Shared<Study>>>,
) -> impl IntoView {
    // The block's toggle stays as the reader left it when a new answer rebuilds the block.
    let open_lag_fold = RwSignal::new(false);
    move || {
        study.get().filter(|s| !s.lag_decay.is_empty()).map(|s| {
            let horizons: Vec<usize> = s.summary.iter().map(|r| r.horizon).collect();
            let head = horizons
                .iter()
                .map(|h| view! { <th scope="col">{s.horizon_unit.label(*h)}</th> })
                .collect_view();
            let rows = EntryLag::all()
                .map(|lag| {
                    let cells = s
                        .lag_decay
                        .iter()
                        .filter(|c| c.lag == lag)
                        .map(|c| {
                            let data = c.pair_edge.map_or_else(|| "null".to_owned(), |v| v.to_string());
                            view! {
                                <td class="num" data-horizon=c.horizon data-field="pair_edge" data-value=data data-count=c.count>
                                    {opt_pct(c.pair_edge, 1)}
                                </td>
                            }
                        })
                        .collect_view();
                    let current = lag == s.lag;
                    view! {
                        <tr data-lag=lag.days() class:current=current aria-current=current.then_some("true")>
                            <th scope="row">{format!("{}{}", lag.days(), if current { " (in use)" } else { "" })}</th>
                            {cells}
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <Fold label="If the entry waits: the pair edge by entry lag (table)" testid="lag-fold" open=open_lag_fold>
                <div class="table-scroll" tabindex="0" role="region" aria-label="Pair edge by entry lag">
                    <table class="lag-decay" data-testid="lag-decay">
                        <caption>"Pair edge if the entry waits (trading days after the event's close)"</caption>
                        <thead><tr><th scope="col">"Lag"</th>{head}</tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
                </Fold>
            }
        })
    }
}
