//! The disclosure audit: for each hidden cell, the smallest and largest value a reader could
//! derive from everything shown on the page (linear programming over the publication's
//! relations, as τ-ARGUS audits a table). A hidden cell whose interval admits fewer than
//! `min_group` whole values is a leak.

use super::{CellId, Publication, RelKind};
use good_lp::{microlp, variable, Expression, ProblemVariables, Solution, SolverModel, Variable};
use std::collections::BTreeMap;

/// A hidden cell that can be worked out (to fewer than `min_group` values) from the page.
#[derive(Debug, Clone, PartialEq)]
pub struct Leak {
    pub cell: CellId,
    pub table: String,
    pub row: String,
    pub col: String,
    pub lo: f64,
    pub hi: f64,
}

impl Leak {
    pub fn describe(&self) -> String {
        format!(
            "«{}», строка «{}», столбец «{}»: из опубликованных чисел следует, что значение от {} до {}",
            self.table,
            self.row,
            self.col,
            self.lo.ceil() as i64,
            self.hi.floor() as i64
        )
    }
}

/// Every leak of a publication (none when it is not published at all).
pub fn audit(p: &Publication) -> Vec<Leak> {
    if !p.published {
        return Vec::new();
    }
    (0..p.cells.len())
        .filter(|&c| !p.cells[c].shown)
        .filter_map(|c| check_cell(p, c))
        .collect()
}

/// Whole values a hidden cell can take, given the page: `(lo, hi)`.
pub fn interval(p: &Publication, cell: CellId) -> (f64, f64) {
    let component = component(p, cell);
    let cap = p.cells[p.total].value as f64;
    let solve = |maximise: bool| -> Option<f64> {
        let mut vars = ProblemVariables::new();
        let x: BTreeMap<CellId, Variable> = component
            .iter()
            .map(|c| (*c, vars.add(variable().min(0.0).max(cap))))
            .collect();
        let objective: Expression = x[&cell].into();
        let mut model = if maximise {
            vars.maximise(objective.clone()).using(microlp)
        } else {
            vars.minimise(objective.clone()).using(microlp)
        };
        for r in &p.relations {
            if !r.terms.iter().any(|(c, _)| x.contains_key(c)) {
                continue;
            }
            let mut e = Expression::from(0.0);
            let mut constant = 0.0;
            for (c, k) in &r.terms {
                match x.get(c) {
                    Some(v) => e += (*k as f64) * *v,
                    None => constant += (*k as f64) * p.cells[*c].value as f64,
                }
            }
            model = match r.kind {
                RelKind::Eq => model.with(e.eq(-constant)),
                RelKind::Le => model.with(e.leq(-constant)),
            };
        }
        model.solve().ok().map(|s| s.value(x[&cell]))
    };
    // An infeasible model cannot happen for true values; treat it as fully known to be safe.
    let v = p.cells[cell].value as f64;
    (solve(false).unwrap_or(v), solve(true).unwrap_or(v))
}

/// Whether `cell` (hidden) leaks, and how.
pub(super) fn check_cell(p: &Publication, cell: CellId) -> Option<Leak> {
    let (lo, hi) = interval(p, cell);
    let values = (hi + 1e-6).floor() - (lo - 1e-6).ceil() + 1.0;
    (values < p.min_group as f64).then(|| {
        let c = &p.cells[cell];
        Leak {
            cell,
            table: p.tables[c.table].title.clone(),
            row: c.row.clone(),
            col: c.col.clone(),
            lo,
            hi,
        }
    })
}

/// The hidden cells linked to `cell` through relations (the only ones its bounds depend on).
pub(super) fn component(p: &Publication, cell: CellId) -> Vec<CellId> {
    let mut seen = vec![false; p.cells.len()];
    let mut stack = vec![cell];
    seen[cell] = true;
    while let Some(c) = stack.pop() {
        for r in p
            .relations
            .iter()
            .filter(|r| r.terms.iter().any(|t| t.0 == c))
        {
            for (o, _) in &r.terms {
                if !seen[*o] && !p.cells[*o].shown {
                    seen[*o] = true;
                    stack.push(*o);
                }
            }
        }
    }
    (0..p.cells.len()).filter(|c| seen[*c]).collect()
}
