//! The printed layout of the Ministry's form 1 «пятистрочная» (графы 05–27): headings and
//! official wording, kept as data (`data/reference/form1-columns.yaml`) so a college can follow
//! a new edition of the template without a new vypusk.

use serde::{Deserialize, Serialize};

/// Графа формы 1.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FormColumn {
    pub column: u8,
    /// Heading in the printed table.
    pub short: String,
    /// Official wording, printed under the table.
    pub label: String,
}

/// All columns 05–27, in order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Form1Columns(pub Vec<FormColumn>);

impl Form1Columns {
    pub fn get(&self, column: u8) -> Option<&FormColumn> {
        self.0.iter().find(|c| c.column == column)
    }
}
