//! Sorting and filtering the schools of a roll-up by any column.
//!
//! Columns: `school`, `framework`, `last-review`, `next-review`, `open`,
//! `overdue`, `stuck`, `done`, `risk` (the highest risk score), `gaps`, `late`,
//! or an area by (the start of) its name, such as `filtering`.
//!
//! A sort is `COLUMN` or `COLUMN:desc`. A filter is `COLUMN=TEXT` (the text
//! appears in the column, case ignored), `COLUMN>N`, `COLUMN<N`, or a bare
//! `late` (no review in 12 months, or the next review date passed).
//! The trust's median and range stay those of every school.

use super::{Rollup, School, org_key};
use std::cmp::Ordering;

/// A column of the roll-up.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub enum Column {
    /// The organisation's name.
    #[default]
    School,
    /// The framework id.
    Framework,
    /// When the latest review began.
    LastReview,
    /// The next review date.
    NextReview,
    /// Open actions.
    Open,
    /// Overdue actions.
    Overdue,
    /// Stuck actions.
    Stuck,
    /// Actions done since the previous review.
    Done,
    /// The highest risk score.
    Risk,
    /// Evidence map gaps.
    Gaps,
    /// Late (1) or not (0).
    Late,
    /// An area's agreed level, by the area's name in lower case.
    Area(String),
}

/// The named columns, for messages and help.
pub const COLUMNS: &str = "school, framework, last-review, next-review, open, overdue, stuck, done, risk, gaps, late, or an area's name";

impl Column {
    /// Read a column name.
    ///
    /// # Errors
    /// A message naming the columns.
    pub fn parse(name: &str, rollup: &Rollup) -> Result<Column, String> {
        let n = org_key(name).replace([' ', '_'], "-");
        Ok(match n.as_str() {
            "school" | "organisation" | "org" => Column::School,
            "framework" => Column::Framework,
            "last-review" | "last" => Column::LastReview,
            "next-review" | "next" => Column::NextReview,
            "open" => Column::Open,
            "overdue" => Column::Overdue,
            "stuck" => Column::Stuck,
            "done" => Column::Done,
            "risk" | "risks" => Column::Risk,
            "gaps" => Column::Gaps,
            "late" => Column::Late,
            _ => {
                let want = org_key(name);
                let found = rollup
                    .frameworks
                    .iter()
                    .flat_map(|f| &f.areas)
                    .find(|a| !want.is_empty() && org_key(&a.name).starts_with(&want))
                    .ok_or_else(|| {
                        format!(
                            "no column \"{}\"; the columns are {COLUMNS}",
                            crate::text::clean_line(name)
                        )
                    })?;
                Column::Area(org_key(&found.name))
            }
        })
    }

    /// The column's value for a school: a number where it has one.
    fn number(&self, rollup: &Rollup, s: &School) -> Option<i64> {
        Some(match self {
            Column::School | Column::Framework => return None,
            Column::LastReview => i64::from(s.last_review.to_jiff_days()),
            Column::NextReview => i64::from(s.next_review?.to_jiff_days()),
            Column::Open => s.actions.open as i64,
            Column::Overdue => s.actions.overdue as i64,
            Column::Stuck => s.actions.stuck as i64,
            Column::Done => s.actions.done_since as i64,
            Column::Risk => i64::from(s.top_score()),
            Column::Gaps => s.gaps.len() as i64,
            Column::Late => i64::from(s.late()),
            Column::Area(name) => {
                let i = rollup
                    .areas(&s.framework)
                    .iter()
                    .position(|a| org_key(&a.name) == *name)?;
                i64::from(s.cells.get(i)?.agreed?)
            }
        })
    }

    fn text(&self, rollup: &Rollup, s: &School) -> String {
        match self {
            Column::School => s.organisation.clone(),
            Column::Framework => s.framework.clone(),
            other => other
                .number(rollup, s)
                .map_or_else(String::new, |n| n.to_string()),
        }
    }
}

/// A number that orders dates.
trait Days {
    fn to_jiff_days(self) -> i32;
}

impl Days for jiff::civil::Date {
    fn to_jiff_days(self) -> i32 {
        i32::from(self.year()) * 512 + i32::from(self.month()) * 32 + i32::from(self.day())
    }
}

/// How the schools are ordered.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Sort {
    /// The column.
    pub column: Column,
    /// Highest first.
    pub descending: bool,
}

impl Sort {
    /// Read `COLUMN` or `COLUMN:desc` (also `:asc`).
    ///
    /// # Errors
    /// An unknown column or direction.
    pub fn parse(text: &str, rollup: &Rollup) -> Result<Sort, String> {
        let (name, dir) = text.rsplit_once(':').unwrap_or((text, "asc"));
        let descending = match dir.trim().to_lowercase().as_str() {
            "asc" | "up" => false,
            "desc" | "down" => true,
            _ => {
                return Err(format!(
                    "the sort direction is asc or desc, not \"{}\"",
                    crate::text::clean_line(dir)
                ));
            }
        };
        Ok(Sort {
            column: Column::parse(name, rollup)?,
            descending,
        })
    }
}

/// Order the schools; ties by school name, then framework.
pub fn sort(rollup: &mut Rollup, by: &Sort) {
    let mut schools = std::mem::take(&mut rollup.schools);
    schools.sort_by(|a, b| {
        let primary = match (by.column.number(rollup, a), by.column.number(rollup, b)) {
            (Some(x), Some(y)) => x.cmp(&y),
            // Schools without a value go last either way.
            (Some(_), None) => return Ordering::Less,
            (None, Some(_)) => return Ordering::Greater,
            (None, None) => {
                org_key(&by.column.text(rollup, a)).cmp(&org_key(&by.column.text(rollup, b)))
            }
        };
        let primary = if by.descending {
            primary.reverse()
        } else {
            primary
        };
        primary
            .then_with(|| org_key(&a.organisation).cmp(&org_key(&b.organisation)))
            .then_with(|| a.framework.cmp(&b.framework))
    });
    rollup.schools = schools;
}

/// A condition on the schools.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Filter {
    /// The column's text contains this (lower case).
    Contains(Column, String),
    /// The column's number is above this.
    Above(Column, i64),
    /// The column's number is below this.
    Below(Column, i64),
}

impl Filter {
    /// Read `COLUMN=TEXT`, `COLUMN>N`, `COLUMN<N`, or a bare column (its
    /// number above 0, as in `late` or `overdue`).
    ///
    /// # Errors
    /// An unknown column or a number that is not one.
    pub fn parse(text: &str, rollup: &Rollup) -> Result<Filter, String> {
        let num = |n: &str| {
            n.trim().parse::<i64>().map_err(|_| {
                format!(
                    "\"{}\" is not a whole number",
                    crate::text::clean_line(n.trim())
                )
            })
        };
        if let Some((c, v)) = text.split_once('=') {
            Ok(Filter::Contains(Column::parse(c, rollup)?, org_key(v)))
        } else if let Some((c, v)) = text.split_once('>') {
            Ok(Filter::Above(Column::parse(c, rollup)?, num(v)?))
        } else if let Some((c, v)) = text.split_once('<') {
            Ok(Filter::Below(Column::parse(c, rollup)?, num(v)?))
        } else {
            Ok(Filter::Above(Column::parse(text, rollup)?, 0))
        }
    }

    fn keeps(&self, rollup: &Rollup, s: &School) -> bool {
        match self {
            Filter::Contains(c, v) => org_key(&c.text(rollup, s)).contains(v.as_str()),
            Filter::Above(c, n) => c.number(rollup, s).is_some_and(|x| x > *n),
            Filter::Below(c, n) => c.number(rollup, s).is_some_and(|x| x < *n),
        }
    }
}

/// Keep only the schools every filter keeps.
pub fn filter(rollup: &mut Rollup, filters: &[Filter]) {
    let schools = std::mem::take(&mut rollup.schools);
    rollup.schools = schools
        .into_iter()
        .filter(|s| filters.iter().all(|f| f.keeps(rollup, s)))
        .collect();
}
