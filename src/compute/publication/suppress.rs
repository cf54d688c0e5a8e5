//! Primary and secondary suppression of a publication.
//!
//! Primary: every count of 1 … `min_group − 1` is hidden (zero is publishable), and with a
//! hidden group every «of them» count of it. Secondary:
//! while the audit finds a hidden cell a reader could narrow down, one more cell of a relation
//! it takes part in is hidden — the smallest non-zero one, preferring a relation in which the
//! leaking cell is the only hidden term — and that cell is audited again. Hiding a cell only
//! widens the others' intervals, so a cell that passed once stays safe. When nothing is left
//! to hide, the cohort is not published at all.

use super::audit::check_cell;
use super::{CellId, Publication};

pub(super) fn suppress(p: &mut Publication) {
    let min = p.min_group;
    if p.cells[p.total].value < min {
        p.published = false;
        return;
    }
    for c in &mut p.cells {
        if c.value > 0 && c.value < min {
            c.shown = false;
        }
    }
    // «Of them» cells of a hidden small group are hidden too, zero included: «0 of a hidden
    // specialty employed» would tell each of its graduates' outcome.
    for r in &p.relations {
        if let (super::RelKind::Le, [(part, 1), (whole, -1)]) = (r.kind, r.terms.as_slice()) {
            if !p.cells[*whole].shown {
                p.cells[*part].shown = false;
            }
        }
    }
    let mut work: Vec<CellId> = (0..p.cells.len()).filter(|&c| !p.cells[c].shown).collect();
    while let Some(cell) = work.pop() {
        if check_cell(p, cell).is_none() {
            continue;
        }
        match next_to_hide(p, cell) {
            Some(other) => {
                p.cells[other].shown = false;
                work.push(other);
                // Audit the leaking cell again with the new one hidden.
                work.push(cell);
            }
            None => {
                p.published = false;
                return;
            }
        }
    }
}

/// How many candidates are tried with the audit before settling for the first one.
const TRIES: usize = 12;

/// The cell to hide so that `cell` is protected better: `None` when only totals are left.
///
/// Candidates come from the relations `cell` takes part in — first those where it is the only
/// hidden term, smallest value first — then from the relations of the hidden cells linked to
/// it (a hidden neighbour pinned by a shown cell elsewhere pins `cell` too). The first that
/// widens `cell`'s interval is taken.
fn next_to_hide(p: &mut Publication, cell: CellId) -> Option<CellId> {
    let linked = super::audit::component(p, cell);
    let mut ranked: Vec<(u8, u32, CellId)> = Vec::new();
    for r in &p.relations {
        let has_cell = r.terms.iter().any(|t| t.0 == cell);
        if !has_cell && !r.terms.iter().any(|t| linked.contains(&t.0)) {
            continue;
        }
        let hidden = r.terms.iter().filter(|t| !p.cells[t.0].shown).count();
        let rank = match (has_cell, hidden <= 1) {
            (true, true) => 0,
            (true, false) => 1,
            _ => 2,
        };
        for (c, _) in &r.terms {
            let x = &p.cells[*c];
            if *c != cell && x.shown && !x.total && x.value > 0 {
                ranked.push((rank, x.value, *c));
            }
        }
    }
    ranked.sort();
    ranked.dedup_by_key(|r| r.2);
    let first = ranked.first()?.2;
    let before = super::audit::interval(p, cell);
    for &(_, _, c) in ranked.iter().take(TRIES) {
        p.cells[c].shown = false;
        let after = super::audit::interval(p, cell);
        p.cells[c].shown = true;
        if after.1 - after.0 > before.1 - before.0 + 1e-6 {
            return Some(c);
        }
    }
    Some(first)
}
