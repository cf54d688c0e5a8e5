//! A college's monitoring data: cohorts of graduates with their career tracks.

use super::contingent::Contingent;
use super::graduate::Graduate;
use super::specialty::Specialties;
use super::track::CareerTrack;
use std::collections::BTreeMap;

/// Выпуск (когорта выпускников) of one year with its career tracks. Not `Serialize` on purpose:
/// it holds personal data, and outputs go through the `compute` structs.
#[derive(Debug, Clone, Default)]
pub struct Cohort {
    /// Year of graduation.
    pub year: i16,
    /// Project-relative path of the graduates file (shared with every finding about it).
    pub graduates_file: arcstr::ArcStr,
    /// Project-relative path of the tracks file (empty when there is none).
    pub tracks_file: arcstr::ArcStr,
    pub graduates: Vec<Graduate>,
    /// `tracks[i]` belongs to `graduates[i]`.
    pub tracks: Vec<CareerTrack>,
    pub contingent: Option<Contingent>,
    /// Track rows that named a graduate but were rejected while loading (a bad date, an
    /// unknown channel, …): graduate index → lines in the tracks file, in file order. Rules
    /// use them to say where a graduate's data went instead of «no entry at all».
    pub rejected: BTreeMap<usize, Vec<u32>>,
}

impl Cohort {
    /// Lines of the rejected track rows of graduate `i` (empty when none).
    pub fn rejected_lines(&self, i: usize) -> &[u32] {
        self.rejected.get(&i).map_or(&[], Vec::as_slice)
    }

    pub fn graduate(&self, id: &str) -> Option<(&Graduate, &CareerTrack)> {
        let i = self.graduates.iter().position(|g| g.id == id)?;
        Some((&self.graduates[i], &self.tracks[i]))
    }

    /// Graduates with their tracks, in file order.
    pub fn iter(&self) -> impl Iterator<Item = (&Graduate, &CareerTrack)> {
        self.graduates.iter().zip(self.tracks.iter())
    }
}

/// Мониторинг занятости выпускников: every cohort found under `data/monitoring/` and the
/// reference of specialties.
#[derive(Debug, Clone, Default)]
pub struct Monitoring {
    /// Sorted by year.
    pub cohorts: Vec<Cohort>,
    pub specialties: Specialties,
}

impl Monitoring {
    pub fn is_empty(&self) -> bool {
        self.cohorts.is_empty()
    }

    pub fn cohort(&self, year: i16) -> Option<&Cohort> {
        self.cohorts.iter().find(|c| c.year == year)
    }

    /// Every graduate's ID and name, for the guard (sorted by ID, then name).
    pub fn people(&self) -> Vec<crate::write::guard::Personal> {
        let mut out: Vec<crate::write::guard::Personal> = self
            .cohorts
            .iter()
            .flat_map(|c| c.graduates.iter())
            .filter(|g| !g.name.trim().is_empty())
            .map(|g| crate::write::guard::Personal {
                id: g.id.to_string(),
                name: g.name.trim().to_string(),
            })
            .collect();
        out.sort_by(|a, b| (&a.id, &a.name).cmp(&(&b.id, &b.name)));
        out.dedup();
        out
    }

    /// Personal data of graduates (their ФИО as written), for the guard that refuses to
    /// publish personal data. Sorted and deduplicated.
    pub fn personal_strings(&self) -> Vec<String> {
        let mut out: Vec<String> = self
            .cohorts
            .iter()
            .flat_map(|c| c.graduates.iter())
            .map(|g| g.name.trim().to_string())
            .filter(|n| !n.is_empty())
            .collect();
        out.sort();
        out.dedup();
        out
    }
}
