//! Bringing back an earlier version of a session as ordinary edits, so the
//! restore itself merges with whatever other copies hold.

use super::{Answer, Session, Stamp};

impl Session {
    /// Make this session show `old`'s values by ordinary edits stamped with
    /// `stamp`: the title, organisation and facilitator, text answers,
    /// checklists, the agreed ratings, and every item's fields and whether it
    /// is deleted (items added since are deleted). A value held as a conflict
    /// is settled to `old`'s latest value. Members' own ratings stay as they
    /// are (each member writes only their own), and so do item order, the
    /// meeting record and positions. Returns how many values changed.
    pub fn restore_values_from(&mut self, old: &Session, stamp: &Stamp) -> usize {
        let mut changed = 0;
        let heading = |s: &Session| {
            (
                s.title.latest().cloned(),
                s.organisation.latest().cloned(),
                s.facilitator.latest().cloned(),
            )
        };
        let (t, o, f) = heading(old);
        let (ct, co, cf) = heading(self);
        if t != ct || self.title.is_conflict() {
            self.set_title(t.as_deref().unwrap_or(""), stamp);
            changed += 1;
        }
        if o != co || self.organisation.is_conflict() {
            self.set_organisation(o.as_deref().unwrap_or(""), stamp);
            changed += 1;
        }
        if f != cf || self.facilitator.is_conflict() {
            self.set_facilitator(f.as_deref().unwrap_or(""), stamp);
            changed += 1;
        }

        let prompts: std::collections::BTreeSet<String> = old
            .answers
            .keys()
            .chain(self.answers.keys())
            .cloned()
            .collect();
        for prompt in prompts {
            match (old.answers.get(&prompt), self.answers.get(&prompt).cloned()) {
                (Some(Answer::Text(r)), cur) => {
                    let want = r.latest().cloned().unwrap_or_default();
                    let (now, conflict) = match &cur {
                        Some(Answer::Text(c)) => (c.latest().cloned(), c.is_conflict()),
                        _ => (None, false),
                    };
                    if now.as_deref().unwrap_or("") != want || conflict {
                        self.set_text(&prompt, &want, stamp);
                        changed += 1;
                    }
                }
                (None, Some(Answer::Text(c)))
                    if !c.latest().is_none_or(String::is_empty) || c.is_conflict() =>
                {
                    self.set_text(&prompt, "", stamp);
                    changed += 1;
                }
                (old_checks, Some(Answer::Checks(cur)))
                    if !matches!(
                        old_checks,
                        Some(Answer::Text(_)) | Some(Answer::Rating { .. })
                    ) =>
                {
                    let empty = std::collections::BTreeMap::new();
                    let was = match old_checks {
                        Some(Answer::Checks(m)) => m,
                        _ => &empty,
                    };
                    let options: std::collections::BTreeSet<&String> =
                        was.keys().chain(cur.keys()).collect();
                    for option in options {
                        let want = was
                            .get(option)
                            .and_then(|r| r.latest().copied())
                            .unwrap_or(false);
                        let reg = cur.get(option);
                        let now = reg.and_then(|r| r.latest().copied()).unwrap_or(false);
                        if now != want || reg.is_some_and(super::Register::is_conflict) {
                            self.set_check(&prompt, option, want, stamp);
                            changed += 1;
                        }
                    }
                }
                (Some(Answer::Checks(was)), _) => {
                    for (option, r) in was {
                        if r.latest().copied().unwrap_or(false) {
                            self.set_check(&prompt, option, true, stamp);
                            changed += 1;
                        }
                    }
                }
                (Some(Answer::Rating { agreed, .. }), cur) => {
                    let want = agreed.latest().copied().unwrap_or(0);
                    let (now, conflict) = match &cur {
                        Some(Answer::Rating { agreed: a, .. }) => {
                            (a.latest().copied().unwrap_or(0), a.is_conflict())
                        }
                        _ => (0, false),
                    };
                    if now != want || conflict {
                        self.set_agreed_rating(&prompt, want, stamp);
                        changed += 1;
                    }
                }
                (None, Some(Answer::Rating { agreed, .. }))
                    if agreed.latest().copied().unwrap_or(0) != 0 || agreed.is_conflict() =>
                {
                    self.set_agreed_rating(&prompt, 0, stamp);
                    changed += 1;
                }
                _ => {}
            }
        }

        let ids: Vec<String> = self.items.keys().cloned().collect();
        for id in ids {
            let Some(cur) = self.items.get(&id).cloned() else {
                continue;
            };
            let Some(was) = old.items.get(&id) else {
                if !Session::is_deleted(&cur) {
                    self.delete_item(&id, stamp);
                    changed += 1;
                }
                continue;
            };
            let fields: std::collections::BTreeSet<&String> =
                was.fields.keys().chain(cur.fields.keys()).collect();
            for field in fields {
                let want = was.field(field);
                let conflict = cur
                    .fields
                    .get(field)
                    .is_some_and(super::Register::is_conflict);
                if cur.field(field) != want || conflict {
                    self.set_item_field(&id, field, want, stamp);
                    changed += 1;
                }
            }
            let deleted = Session::is_deleted(was);
            if deleted != Session::is_deleted(&cur) || cur.deleted.is_conflict() {
                if deleted {
                    self.delete_item(&id, stamp);
                } else {
                    self.restore_item(&id, stamp);
                }
                changed += 1;
            }
        }
        changed
    }
}
