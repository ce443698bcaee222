//! `safestep merge`: fold copies into one session, one copy at a time.
//!
//! Only the running result and one copy are held at once; what the report
//! needs about each copy (which values, answers and items only it held) is
//! kept as small counts keyed by dot and id, so memory follows the size of
//! the session, not the number of copies.

use super::MergeArgs;
use crate::doc::{self, Answer, Dot, Register, Removal, Session};
use crate::store::{self, Identity};
use crate::text::clean_line;
use color_eyre::Result;
use color_eyre::eyre::eyre;
use std::collections::{BTreeMap, BTreeSet};

/// Which copies hold a key: the first one, and how many.
#[derive(Default)]
struct Holders(BTreeMap<String, (usize, u32)>, BTreeMap<Dot, (usize, u32)>);

fn count<K: Ord>(m: &mut BTreeMap<K, (usize, u32)>, k: K, i: usize) {
    m.entry(k).or_insert((i, 0)).1 += 1;
}

impl Holders {
    fn add(&mut self, i: usize, s: &Session) {
        for k in s.answers.keys() {
            count(&mut self.0, format!("a{k}"), i);
        }
        for k in s.items.keys() {
            count(&mut self.0, format!("i{k}"), i);
        }
        let mut dots = s.dots();
        dots.sort_unstable();
        dots.dedup();
        for d in dots {
            count(&mut self.1, d, i);
        }
    }

    fn only(&self, i: usize, prefix: char) -> usize {
        self.0
            .iter()
            .filter(|(k, (first, n))| *first == i && *n == 1 && k.starts_with(prefix))
            .count()
    }
}

/// Print the values a merge would remove, by member.
fn print_removals(removals: &[Removal]) {
    for (member, list) in doc::by_member(removals) {
        eprintln!("  by {}:", clean_line(member));
        for r in list {
            eprintln!(
                "    {}: {}",
                clean_line(&r.place),
                clean_line(&format!("{:?}", r.value))
            );
        }
    }
}

/// `safestep merge`.
///
/// # Errors
/// A copy that cannot be read, copies of different sessions without
/// `--force`, removals without `--allow-removals`, or a failed save.
pub fn run(a: &MergeArgs, identity: &Identity) -> Result<i32> {
    let mut holders = Holders::default();
    let mut merged: Option<Session> = None;
    let mut removals: Vec<(String, Vec<Removal>)> = Vec::new();
    // The output's own content takes part: the save merges it in, so what it
    // would lose counts too.
    if a.output.exists()
        && let Ok(l) = store::load(&a.output)
    {
        merged = Some(l.session);
    }
    for (i, p) in a.files.iter().enumerate() {
        let loaded = store::load(p).map_err(|e| eyre!("{e}; nothing was written"))?;
        for w in &loaded.warnings {
            eprintln!("warning: {}", clean_line(w));
        }
        let s = loaded.session;
        holders.add(i, &s);
        let next = match &merged {
            None => s,
            Some(m) => {
                if !a.force && m.id != s.id {
                    let e = doc::MergeError::DifferentSessions {
                        mine: m.id.clone(),
                        theirs: s.id.clone(),
                    };
                    return Err(eyre!(
                        "{}: {e}; nothing was written (use --force to merge them anyway)",
                        clean_line(&p.display().to_string())
                    ));
                }
                let next = m.merge_forced(&s);
                let mut lost = doc::removed_between(m, &next);
                lost.extend(doc::removed_between(&s, &next));
                if !lost.is_empty() {
                    lost.sort();
                    lost.dedup();
                    removals.push((p.display().to_string(), lost));
                }
                next
            }
        };
        merged = Some(next);
    }
    let Some(mut merged) = merged else {
        return Err(eyre!("no copies to merge"));
    };
    if !removals.is_empty() {
        let n: usize = removals.iter().map(|(_, r)| r.len()).sum();
        let verb = if a.allow_removals {
            "removes"
        } else {
            "would remove"
        };
        eprintln!("This merge {verb} {n} value(s) and leaves their fields empty:");
        for (p, r) in &removals {
            eprintln!("{} ({} value(s)):", clean_line(p), r.len());
            print_removals(r);
        }
        if !a.allow_removals {
            eprintln!(
                "A copy has seen edits it no longer holds (damaged or forged). \
                 Nothing was written; use --allow-removals to merge anyway."
            );
            return Ok(1);
        }
    }
    let result_dots: BTreeSet<Dot> = merged.dots().into_iter().collect();
    let conflicts = merged.conflicts();
    let conflict_dots: Vec<Vec<Dot>> = conflicts
        .iter()
        .map(|c| dots_of_conflict(&merged, c))
        .collect();
    for (i, p) in a.files.iter().enumerate() {
        let own: BTreeSet<&Dot> = holders
            .1
            .iter()
            .filter(|(d, (first, n))| *first == i && *n == 1 && result_dots.contains(*d))
            .map(|(d, _)| d)
            .collect();
        let in_conflict = conflict_dots
            .iter()
            .filter(|ds| ds.iter().any(|d| own.contains(d)))
            .count();
        println!(
            "{}: {} new value(s), {} new answer(s), {} new item(s), {} conflict(s) involve it",
            clean_line(&p.display().to_string()),
            own.len(),
            holders.only(i, 'a'),
            holders.only(i, 'i'),
            in_conflict
        );
    }
    // Keep the output's current version in the private history first.
    if let Ok(before) = store::load(&a.output) {
        store::record_history(&a.output, &before.session)
            .map_err(|e| eyre!("{e}; nothing was written"))?;
    }
    let saved = store::save(&a.output, &mut merged, identity.sharing).map_err(|e| eyre!("{e}"))?;
    let out = clean_line(&a.output.display().to_string()).into_owned();
    if saved.merged_outside_edits {
        println!("{out}: already held edits of its own; they were kept");
    }
    println!(
        "{out}: {} conflict(s) for the group to settle",
        merged.conflicts().len()
    );
    Ok(0)
}

fn reg_dots<T>(r: &Register<T>) -> Vec<Dot> {
    r.0.iter().map(|e| e.dot.clone()).collect()
}

fn dots_of_conflict(s: &Session, c: &doc::ConflictAt) -> Vec<Dot> {
    use doc::ConflictAt as C;
    match c {
        C::Meta("title") => reg_dots(&s.title),
        C::Meta("organisation") => reg_dots(&s.organisation),
        C::Meta(_) => reg_dots(&s.facilitator),
        C::Answer(p) => s.text(p).map(reg_dots).unwrap_or_default(),
        C::Check(p, o) => match s.answers.get(p) {
            Some(Answer::Checks(m)) => m.get(o).map(reg_dots).unwrap_or_default(),
            _ => Vec::new(),
        },
        C::OwnRating(p, m) => match s.answers.get(p) {
            Some(Answer::Rating { members, .. }) => {
                members.get(m).map(reg_dots).unwrap_or_default()
            }
            _ => Vec::new(),
        },
        C::Agreed(p) => match s.answers.get(p) {
            Some(Answer::Rating { agreed, .. }) => reg_dots(agreed),
            _ => Vec::new(),
        },
        C::ItemField(id, f) => s
            .items
            .get(id)
            .and_then(|i| i.fields.get(f))
            .map(reg_dots)
            .unwrap_or_default(),
        C::DeleteEdit(id) => s
            .items
            .get(id)
            .map(|i| {
                i.fields
                    .values()
                    .flat_map(reg_dots)
                    .chain(reg_dots(&i.deleted))
                    .collect()
            })
            .unwrap_or_default(),
        C::Planned(step) => s
            .meeting
            .planned
            .get(step)
            .map(reg_dots)
            .unwrap_or_default(),
        C::Attendance(name) => s
            .meeting
            .attendance
            .get(name)
            .map(reg_dots)
            .unwrap_or_default(),
        C::VoteBudget => reg_dots(&s.meeting.vote_budget),
    }
}
