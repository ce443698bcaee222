//! Walking every value of a session: who wrote it, when, and its dot.

use super::clock::Dot;
use super::register::Register;
use super::session::{Answer, Session};
use jiff::Timestamp;

fn each<T>(r: &Register<T>, f: &mut dyn FnMut(&Dot, &str, Timestamp)) {
    for e in &r.0 {
        f(&e.dot, &e.by, e.at);
    }
}

impl<D> Session<D> {
    /// Call `f` with the dot, author and time of every value the session
    /// holds: metadata, answers, ratings, item fields and tombstones.
    pub fn visit_entries(&self, f: &mut dyn FnMut(&Dot, &str, Timestamp)) {
        each(&self.title, f);
        each(&self.organisation, f);
        each(&self.facilitator, f);
        for a in self.answers.values() {
            match a {
                Answer::Text(r) => each(r, f),
                Answer::Checks(m) => m.values().for_each(|r| each(r, f)),
                Answer::Rating { members, agreed } => {
                    members.values().for_each(|r| each(r, f));
                    each(agreed, f);
                }
            }
        }
        for i in self.items.values() {
            i.fields.values().for_each(|r| each(r, f));
            each(&i.order, f);
            each(&i.deleted, f);
        }
        let m = &self.meeting;
        m.planned.values().for_each(|r| each(r, f));
        m.spent
            .values()
            .flat_map(|by| by.values())
            .for_each(|r| each(r, f));
        m.attendance.values().for_each(|r| each(r, f));
        each(&m.vote_budget, f);
        m.votes
            .values()
            .flat_map(|by| by.values())
            .for_each(|r| each(r, f));
    }

    /// Call `f` with the author and time of every value.
    pub fn for_each_entry(&self, f: &mut dyn FnMut(&str, Timestamp)) {
        self.visit_entries(&mut |_, by, at| f(by, at));
    }

    /// The dots of every value.
    #[must_use]
    pub fn dots(&self) -> Vec<Dot> {
        let mut out = Vec::new();
        self.visit_entries(&mut |d, _, _| out.push(d.clone()));
        out
    }

    /// How many values the session holds.
    #[must_use]
    pub fn entry_count(&self) -> usize {
        let mut n = 0;
        self.visit_entries(&mut |_, _, _| n += 1);
        n
    }
}
