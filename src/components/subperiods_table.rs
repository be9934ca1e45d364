//! Sub-period table: the study's events by decade and before / from the split year.

use equalizer_engine::Study;
use leptos::prelude::*;

use crate::components::fold::Fold;
use crate::format::opt_pct;
use crate::shared::Shared;

/// Events, pair mean and pair edge per sub-period and horizon, so one decade cannot carry the
/// whole result unnoticed.
#[component]
pub fn SubperiodsTable(
    /// The current study.
    study: Memo<Option<Shared<Study>>>,
) -> impl IntoView {
    // The block's toggle stays as the reader left it when a new answer rebuilds the block.
    let open_subperiods_fold = RwSignal::new(false);
    move || {
        study.get().filter(|s| !s.subperiods.is_empty()).map(|s| {
            let head = s
                .summary
                .iter()
                .map(|r| view! { <th>{s.horizon_unit.label(r.horizon)}</th> })
                .collect_view();
            let rows = s
                .subperiods
                .iter()
                .map(|sp| {
                    let cells = sp
                        .summary
                        .iter()
                        .map(|r| {
                            view! {
                                <td class="num" data-horizon=r.horizon data-count=r.count>
                                    {opt_pct(r.pair_mean, 1)}
                                    <span class="sub">{format!(" edge {} · N {}", opt_pct(r.pair_edge, 1), r.count)}</span>
                                </td>
                            }
                        })
                        .collect_view();
                    view! {
                        <tr data-period=sp.label.clone()>
                            <th scope="row">{sp.label.clone()}<span class="sub">{format!(" {} … {}", sp.from, sp.to)}</span></th>
                            <td class="num">{sp.event_count}</td>
                            {cells}
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <Fold label="The pair by sub-period (table)" testid="subperiods-fold" open=open_subperiods_fold>
                <table class="subperiods" data-testid="subperiods" tabindex="0" aria-label="Pair mean by sub-period">
                    <caption>"Pair mean by sub-period (events of the study that fall in each period)"</caption>
                    <thead><tr><th>"Period"</th><th>"Events"</th>{head}</tr></thead>
                    <tbody>{rows}</tbody>
                </table>
                </Fold>
            }
        })
    }
}
