//! Undo and redo.
//!
//! While typing, Ctrl-Z and Ctrl-Y step through what was typed in that field.
//! Otherwise they step through the session's changes made here: answers
//! recorded, choices, ticks, ratings, statuses, cells, rows added, deleted or
//! moved, and attendance. The session is a CRDT whose history is never
//! rewritten, so an undo is a new edit that writes the earlier value back
//! (over the value this member wrote; a value someone else wrote since stays
//! beside it as a conflict).

use super::{App, Editor};
use crate::doc::{Dot, Session, Stamp};

/// One change that can be undone.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    /// A text, date or choice answer.
    Answer {
        /// The prompt.
        prompt: String,
        /// The value before.
        before: String,
        /// The value after.
        after: String,
    },
    /// A cell of a list (a status included).
    Cell {
        /// The item.
        id: String,
        /// The field.
        field: String,
        /// The value before.
        before: String,
        /// The value after.
        after: String,
    },
    /// A checklist option ticked or unticked.
    Check {
        /// The prompt.
        prompt: String,
        /// The option.
        option: String,
        /// Ticked before.
        before: bool,
    },
    /// The member's own rating, or the agreed level.
    Rating {
        /// The prompt.
        prompt: String,
        /// The agreed level rather than the member's own.
        agreed: bool,
        /// The level before (0: none).
        before: u8,
        /// The level after.
        after: u8,
    },
    /// A row added.
    Added {
        /// The item.
        id: String,
    },
    /// A row deleted.
    Deleted {
        /// The item.
        id: String,
    },
    /// A row moved by `delta` places.
    Moved {
        /// The item.
        id: String,
        /// Places moved (negative: up).
        delta: isize,
    },
    /// Someone marked present or not.
    Present {
        /// The person.
        name: String,
        /// Present before.
        before: bool,
    },
}

/// The dots of a register's values equal to `value`: the ones an undo replaces.
fn dots_with(reg: Option<&crate::doc::Register<String>>, value: &str) -> Vec<Dot> {
    reg.map(|r| {
        r.entries()
            .iter()
            .filter(|e| e.value == value)
            .map(|e| e.dot.clone())
            .collect()
    })
    .unwrap_or_default()
}

impl Change {
    /// Write the value before (`back`) or after (redo) as a new edit.
    pub fn apply(&self, doc: &mut Session, back: bool, stamp: &Stamp) {
        match self {
            Change::Answer {
                prompt,
                before,
                after,
            } => {
                let (value, replaces) = if back {
                    (before, after)
                } else {
                    (after, before)
                };
                let over = dots_with(doc.text(prompt), replaces);
                doc.set_text_over(prompt, value, &over, stamp);
            }
            Change::Cell {
                id,
                field,
                before,
                after,
            } => {
                let (value, replaces) = if back {
                    (before, after)
                } else {
                    (after, before)
                };
                let over = dots_with(
                    doc.items.get(id).and_then(|i| i.fields.get(field)),
                    replaces,
                );
                doc.set_item_field_over(id, field, value, &over, stamp);
            }
            Change::Check {
                prompt,
                option,
                before,
            } => doc.set_check(prompt, option, if back { *before } else { !before }, stamp),
            Change::Rating {
                prompt,
                agreed,
                before,
                after,
            } => {
                let level = if back { *before } else { *after };
                if *agreed {
                    doc.set_agreed_rating(prompt, level, stamp);
                } else {
                    doc.set_own_rating(prompt, level, stamp);
                }
            }
            Change::Added { id } => {
                if back {
                    doc.delete_item(id, stamp);
                } else {
                    doc.restore_item(id, stamp);
                }
            }
            Change::Deleted { id } => {
                if back {
                    doc.restore_item(id, stamp);
                } else {
                    doc.delete_item(id, stamp);
                }
            }
            Change::Moved { id, delta } => {
                doc.move_item(id, if back { -delta } else { *delta }, stamp);
            }
            Change::Present { name, before } => {
                doc.set_present(name, if back { *before } else { !before }, stamp);
            }
        }
    }

    /// The prompt the change is in, to show it after an undo.
    #[must_use]
    pub fn prompt(&self, doc: &Session) -> Option<String> {
        match self {
            Change::Answer { prompt, .. }
            | Change::Check { prompt, .. }
            | Change::Rating { prompt, .. } => Some(prompt.clone()),
            Change::Cell { id, .. }
            | Change::Added { id }
            | Change::Deleted { id }
            | Change::Moved { id, .. } => doc.items.get(id).map(|i| i.prompt.clone()),
            Change::Present { .. } => None,
        }
    }

    /// The item the change is in, if any.
    fn item(&self) -> Option<&str> {
        match self {
            Change::Cell { id, .. }
            | Change::Added { id }
            | Change::Deleted { id }
            | Change::Moved { id, .. } => Some(id),
            _ => None,
        }
    }

    /// What changed, in a few words.
    #[must_use]
    pub fn what(&self) -> &'static str {
        match self {
            Change::Answer { .. } => "an answer",
            Change::Cell { .. } => "a cell",
            Change::Check { .. } => "a tick",
            Change::Rating { .. } => "a rating",
            Change::Added { .. } => "a row added",
            Change::Deleted { .. } => "a row deleted",
            Change::Moved { .. } => "a row moved",
            Change::Present { .. } => "attendance",
        }
    }

    /// Whether `next` continues this change: the same answer or cell written
    /// again with nothing in between (an autosave while typing, then leaving).
    fn continued_by(&self, next: &Change) -> bool {
        match (self, next) {
            (
                Change::Answer {
                    prompt: a,
                    after: done,
                    ..
                },
                Change::Answer {
                    prompt: b, before, ..
                },
            ) => a == b && done == before,
            (
                Change::Cell {
                    id: a,
                    field: fa,
                    after: done,
                    ..
                },
                Change::Cell {
                    id: b,
                    field: fb,
                    before,
                    ..
                },
            ) => a == b && fa == fb && done == before,
            _ => false,
        }
    }
}

/// How many changes are kept for undo.
const KEEP: usize = 500;

impl App {
    /// Remember a change for Ctrl-Z; a new change forgets what was undone.
    pub(super) fn record(&mut self, change: Change) {
        let Some(s) = self.step_mut() else {
            return;
        };
        s.future.clear();
        match s.history.last_mut() {
            Some(last) if last.continued_by(&change) => {
                if let (Change::Answer { after, .. }, Change::Answer { after: new, .. })
                | (Change::Cell { after, .. }, Change::Cell { after: new, .. }) = (last, change)
                {
                    *after = new;
                }
            }
            _ => s.history.push(change),
        }
        if s.history.len() > KEEP {
            s.history.remove(0);
        }
    }

    /// Ctrl-Z (`back`) or Ctrl-Y outside a text being typed: write the
    /// earlier (or undone) value back, and show where.
    pub(super) fn undo_change(&mut self, back: bool) {
        if self.step_state().is_some_and(|s| s.read_only) {
            self.say("Read-only: this session cannot be changed here");
            return;
        }
        let stamp = self.stamp();
        let Some(s) = self.step_mut() else {
            return;
        };
        let change = if back {
            s.history.pop()
        } else {
            s.future.pop()
        };
        let Some(change) = change else {
            self.say(if back {
                "Nothing to undo"
            } else {
                "Nothing to redo"
            });
            return;
        };
        change.apply(&mut s.doc, back, &stamp);
        let prompt = change.prompt(&s.doc);
        let item = change.item().map(str::to_owned);
        let what = change.what();
        if back {
            s.future.push(change);
        } else {
            s.history.push(change);
        }
        self.mark_changed();
        // Show the field that changed, at the row that changed.
        if let Some(p) = prompt
            && let Some((step, _)) = self.framework.prompt(&p)
        {
            let focus = self.framework.steps[step]
                .prompts
                .iter()
                .position(|q| q.id == p)
                .unwrap_or(0);
            let here = self
                .step_state()
                .is_some_and(|s| s.step == step && s.focus == focus);
            if !here {
                self.set_focus(step, focus);
            }
            if let Some(id) = item
                && let Some(s) = self.step_mut()
                && let Some(row) = s.doc.items_of(&p).iter().position(|(k, _)| *k == id)
            {
                s.row = row;
            }
        }
        self.say(if back {
            format!("Undone: {what} (Ctrl-Y redoes it)")
        } else {
            format!("Redone: {what}")
        });
    }

    /// Ctrl-Z (`back`) or Ctrl-Y while typing: step through the field's own
    /// typing. Returns false when there is nothing more to step through.
    pub(super) fn undo_typing(&mut self, back: bool) -> bool {
        let Some(s) = self.step_mut() else {
            return false;
        };
        let done = match &mut s.editor {
            Some(Editor::Long { area, .. }) => {
                if back {
                    area.undo()
                } else {
                    area.redo()
                }
            }
            Some(Editor::Line {
                input,
                history,
                future,
                ..
            }) => {
                let (from, to) = if back {
                    (history, future)
                } else {
                    (future, history)
                };
                match from.pop() {
                    Some(text) => {
                        to.push(input.value().to_owned());
                        *input = tui_input::Input::new(text);
                        true
                    }
                    None => false,
                }
            }
            None => false,
        };
        if done {
            s.dirty = true;
            s.edited = true;
            s.changed_at = Some(std::time::Instant::now());
            self.sync_pending();
        } else {
            self.say(if back {
                "Nothing more to undo in this field (Esc, then Ctrl-Z undoes earlier changes)"
            } else {
                "Nothing to redo in this field"
            });
        }
        done
    }
}
