//! Working with other members: the conflict screen, importing a member's
//! copy, and who else has edited recently.

use super::{App, Editor, Overlay, Target, is_text_kind};
use crate::doc::{self, ConflictAt, Session};
use crate::store;
use crate::text::clean_line;
use crate::tui::action::Action;
use crate::tui::conflicts::{self, Settle};
use crate::workshop::discovery;
use jiff::{SignedDuration, Timestamp};
use ratatui::crossterm::event::{Event, KeyEvent};
use ratatui_textarea::TextArea;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use tui_input::Input;

/// How far back an edit counts as recent, for the header.
pub const RECENT: SignedDuration = SignedDuration::from_mins(30);

/// The import window: a path being typed, and copies of this session found
/// nearby to pick from.
#[derive(Clone, Debug, Default)]
pub struct ImportState {
    /// The path typed.
    pub input: Input,
    /// Other files holding this session, with a description.
    pub candidates: Vec<(PathBuf, String)>,
    /// The candidate highlighted with the arrow keys.
    pub selected: Option<usize>,
    /// Why the last attempt failed.
    pub error: Option<String>,
    /// A copy whose import would empty fields, with what it would remove
    /// (one line each, by member): Enter again on the same path imports it.
    pub removals: Option<(PathBuf, Vec<String>)>,
}

/// How a line of the report window is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tone {
    /// A heading.
    Heading,
    /// Ordinary text.
    Plain,
    /// Less important.
    Muted,
    /// Needs attention.
    Alert,
    /// Good news.
    Good,
}

/// A read-only window of text: what an import brought in, or the comparison
/// with the previous review.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReportWindow {
    /// The window's title.
    pub title: String,
    /// Its lines (cleaned of control characters).
    pub lines: Vec<(String, Tone)>,
}

/// Who is expected to rate: every member who has edited the session, and
/// every roster name that none of them matches (by id, first name or full name).
#[must_use]
pub fn expected_raters(
    fw: &crate::content::Framework,
    doc: &Session,
    members: &[String],
) -> Vec<String> {
    let norm = |s: &str| s.trim().to_lowercase();
    let mut out: Vec<String> = members.to_vec();
    for (_, p) in fw.prompts() {
        if p.kind != crate::content::Kind::Roster {
            continue;
        }
        for (_, item) in doc.items_of(&p.id) {
            let name = item.field("name").trim();
            if name.is_empty() {
                continue;
            }
            let full = norm(name);
            let first = full.split_whitespace().next().unwrap_or("").to_owned();
            let joined: String = full.split_whitespace().collect::<Vec<_>>().join(".");
            let matched = members.iter().any(|m| {
                let m = norm(m);
                m == full || m == first || m == joined || m.replace(['.', '_', '-'], " ") == full
            });
            if !matched && !out.iter().any(|o| norm(o) == full) {
                out.push(name.to_owned());
            }
        }
    }
    out
}

/// The latest edit of each member in a session.
#[must_use]
pub fn latest_by_member(doc: &Session) -> BTreeMap<String, Timestamp> {
    let mut out: BTreeMap<String, Timestamp> = BTreeMap::new();
    let mut see = |by: &str, at: Timestamp| {
        let e = out.entry(by.to_owned()).or_insert(at);
        if at > *e {
            *e = at;
        }
    };
    doc.for_each_entry(&mut see);
    out
}

impl App {
    /// Things to find once a session is open: its previous session and who
    /// else has edited it recently.
    pub(super) fn after_open(&mut self) {
        let previous = match self.step_state() {
            Some(s) => find_previous(&s.doc, &s.path, &self.identity.data_dir),
            None => None,
        };
        if let Some(s) = self.step_mut() {
            s.previous = previous.map(Box::new);
        }
        self.refresh_others();
    }

    /// Recompute who else has edited recently.
    pub(super) fn refresh_others(&mut self) {
        let now = self.now.get();
        let me = self.identity.member.clone();
        let Some(s) = self.step_mut() else {
            return;
        };
        let latest = latest_by_member(&s.doc);
        s.members = latest.keys().cloned().collect();
        let mut others: Vec<(String, Timestamp)> = latest
            .into_iter()
            .filter(|(m, at)| *m != me && now.duration_since(*at) <= RECENT)
            .collect();
        others.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        s.others = others;
    }

    // ----- conflicts -----

    pub(super) fn open_conflicts(&mut self) {
        if !self.leave_field() {
            return;
        }
        let n = self.step_state().map_or(0, |s| s.doc.conflicts().len());
        if n == 0 {
            self.say("No conflicts: every field has one value");
            return;
        }
        self.conflicts_changed = false;
        self.overlay = Some(Overlay::Conflicts {
            selected: 0,
            choice: 0,
        });
    }

    /// The conflicts of the open session, as the conflict screen shows them.
    #[must_use]
    pub fn conflict_list(&self) -> Vec<conflicts::Conflict> {
        match self.step_state() {
            Some(s) => conflicts::list(
                &self.framework,
                &s.doc,
                &self.identity.member,
                self.hiding(),
            ),
            None => Vec::new(),
        }
    }

    pub(super) fn update_conflicts(&mut self, selected: usize, choice: usize, action: Action) {
        let list = self.conflict_list();
        if list.is_empty() {
            self.overlay = None;
            return;
        }
        let selected = selected.min(list.len() - 1);
        let c = &list[selected];
        let n_choices = c.choices.len().max(1);
        let choice = choice.min(n_choices - 1);
        let set = |app: &mut App, selected: usize, choice: usize| {
            app.overlay = Some(Overlay::Conflicts { selected, choice });
        };
        match action {
            Action::Back => self.overlay = None,
            Action::Up => set(self, selected.saturating_sub(1), 0),
            Action::Down => set(self, (selected + 1).min(list.len() - 1), 0),
            Action::Left => set(self, selected, choice.saturating_sub(1)),
            Action::Right => set(self, selected, (choice + 1).min(n_choices - 1)),
            Action::Activate if self.conflicts_changed => {
                self.conflicts_changed = false;
                self.warn(
                    "Someone saved changes meanwhile: check the values shown, then Enter again",
                );
            }
            Action::Activate => self.settle_pick(c, selected, choice),
            Action::EditCombined => self.settle_combined(c),
            _ => {}
        }
    }

    fn settle_pick(&mut self, c: &conflicts::Conflict, selected: usize, choice: usize) {
        if self.step_state().is_some_and(|s| s.read_only) {
            self.say("Read-only: this session cannot be changed here");
            return;
        }
        if c.settle == Settle::OwnerOnly {
            self.warn("Only the member whose own rating this is can settle it");
            return;
        }
        let stamp = self.stamp();
        let done = match self.step_mut() {
            Some(s) => conflicts::pick(&mut s.doc, c, choice, &stamp),
            None => false,
        };
        if !done {
            self.warn("That conflict could not be settled here");
            return;
        }
        self.mark_changed();
        let left = self.step_state().map_or(0, |s| s.doc.conflicts().len());
        if left == 0 {
            self.overlay = None;
            self.say("Settled: no conflicts left");
            self.enter_field();
        } else {
            self.overlay = Some(Overlay::Conflicts {
                selected: selected.min(left - 1),
                choice: 0,
            });
            self.say(format!(
                "Settled. {left} conflict{} left",
                if left == 1 { "" } else { "s" }
            ));
        }
    }

    /// Open the field's own editor with every value, marked, to write the combined text.
    fn settle_combined(&mut self, c: &conflicts::Conflict) {
        if self.step_state().is_some_and(|s| s.read_only) {
            self.say("Read-only: this session cannot be changed here");
            return;
        }
        let combined = {
            let tz = self.tz().clone();
            self.step_state()
                .and_then(|s| conflicts::combined_raw(&s.doc, c, &tz))
        };
        let Some(text) = combined else {
            self.say("Pick one of these values: Enter keeps the highlighted one");
            return;
        };
        let (prompt_id, item) = match &c.at {
            ConflictAt::Answer(p) => (p.clone(), None),
            ConflictAt::ItemField(id, f) => {
                let Some(p) = self
                    .step_state()
                    .and_then(|s| s.doc.items.get(id))
                    .map(|i| i.prompt.clone())
                else {
                    return;
                };
                (p, Some((id.clone(), f.clone())))
            }
            _ => {
                self.say("Pick one of these values: Enter keeps the highlighted one");
                return;
            }
        };
        let Some((step, prompt)) = self.framework.prompt(&prompt_id) else {
            return;
        };
        let focus = self.framework.steps[step]
            .prompts
            .iter()
            .position(|p| p.id == prompt.id)
            .unwrap_or(0);
        let kind = prompt.kind.clone();
        if self.masks(prompt) {
            self.say("This answer is hidden: F3 shows it first, then e combines the values");
            return;
        }
        self.overlay = None;
        self.set_focus(step, focus);
        match item {
            None if is_text_kind(&kind) => {
                if !self.start_typing() {
                    return;
                }
                let Some(s) = self.step_mut() else {
                    return;
                };
                match &mut s.editor {
                    Some(Editor::Long { area, .. }) => {
                        let mut fresh =
                            TextArea::new(text.split('\n').map(str::to_owned).collect());
                        fresh.set_wrap_mode(area.wrap_mode());
                        fresh.set_style(area.style());
                        fresh.set_cursor_style(area.cursor_style());
                        fresh.set_cursor_line_style(area.cursor_line_style());
                        fresh.move_cursor(ratatui_textarea::CursorMove::Top);
                        **area = fresh;
                    }
                    Some(Editor::Line { input, .. }) => {
                        *input = Input::new(one_line(&text));
                    }
                    None => return,
                }
                s.edited = true;
            }
            None => return,
            Some((id, field)) => {
                let fields = kind.fields();
                let col = fields.iter().position(|f| f.id == field).unwrap_or(0);
                // The row as the collection shows it: live items only.
                let row = self.step_state().and_then(|s| {
                    s.doc
                        .items_of(&prompt_id)
                        .iter()
                        .position(|(k, _)| *k == id)
                });
                let Some(row) = row else {
                    self.say(
                        "That item is deleted: restore it first (the conflict screen offers it)",
                    );
                    return;
                };
                if let Some(s) = self.step_mut() {
                    s.row = row;
                    s.col = col;
                }
                self.edit_cell();
                let Some(s) = self.step_mut() else {
                    return;
                };
                match &mut s.editor {
                    Some(Editor::Line {
                        input,
                        target: Target::Item { id: at, field: f },
                        ..
                    }) if *at == id && *f == field => {
                        *input = Input::new(one_line(&text));
                        s.edited = true;
                    }
                    _ => {
                        self.warn("Could not open that cell: settle it by picking a value (F7)");
                        return;
                    }
                }
            }
        }
        self.sync_mask();
        self.sync_pending();
        self.say("Write the combined text; the [n of m: who, when] lines mark each value. Leaving the field records it");
    }

    // ----- import -----

    pub(super) fn open_import(&mut self) {
        if self.step_state().is_some_and(|s| s.read_only) {
            self.say("Read-only: nothing can be imported into this session here");
            return;
        }
        if !self.leave_field() {
            return;
        }
        let candidates = match self.step_state() {
            Some(s) => copies_nearby(&s.doc, &s.path, &self.identity.data_dir),
            None => Vec::new(),
        };
        self.import = ImportState {
            input: Input::default(),
            selected: None,
            candidates,
            error: None,
            removals: None,
        };
        self.overlay = Some(Overlay::Import);
    }

    pub(super) fn update_import(&mut self, action: Action) {
        let n = self.import.candidates.len();
        match action {
            Action::Back => self.overlay = None,
            Action::Up | Action::Down if n > 0 => {
                let next = match (self.import.selected, action) {
                    (None, Action::Down) => 0,
                    (None, _) => n - 1,
                    (Some(i), Action::Up) => i.saturating_sub(1),
                    (Some(i), _) => (i + 1).min(n - 1),
                };
                self.import.selected = Some(next);
                let path = self.import.candidates[next].0.display().to_string();
                self.import.input = Input::new(path);
                self.import.error = None;
                self.import.removals = None;
            }
            Action::Activate => {
                let typed = self.import.input.value().trim().to_owned();
                if typed.is_empty() {
                    self.import.error =
                        Some("Type the path of the copy, or pick one with ↑/↓".into());
                    return;
                }
                let path = expand_home(&typed);
                self.import_file(&path);
            }
            _ => {}
        }
    }

    pub(super) fn import_key(&mut self, key: KeyEvent) {
        if let Some(req) = tui_input::backend::crossterm::to_input_request(&Event::Key(key)) {
            self.import.input.handle(req);
            self.import.selected = None;
            self.import.error = None;
            self.import.removals = None;
        }
    }

    pub(super) fn import_paste(&mut self, text: &str) {
        let v = format!("{}{}", self.import.input.value(), one_line(text));
        self.import.input = Input::new(v);
        self.import.error = None;
        self.import.removals = None;
    }

    /// Merge a member's copy into the open session and show what came in.
    /// A copy of another session, or a file that does not parse, changes nothing.
    pub fn import_file(&mut self, path: &Path) {
        if !std::fs::metadata(path).is_ok_and(|m| m.is_file()) {
            self.import.error = Some(format!(
                "{}: not a session file",
                clean_line(&path.display().to_string())
            ));
            return;
        }
        let loaded = match store::load(path) {
            Ok(l) => l,
            Err(e) => {
                self.import.error = Some(clean_line(&e.to_string()).into_owned());
                return;
            }
        };
        let Some(s) = self.step_state() else {
            return;
        };
        if same_path(&s.path, path) {
            self.import.error = Some("That is this session's own file".into());
            return;
        }
        if loaded.read_only {
            self.import.error = Some(format!(
                "{} was written by a newer safestep: update safestep to import it; nothing was imported",
                clean_line(&path.display().to_string())
            ));
            return;
        }
        // Keep the session as it is now in the private history first.
        if let Err(e) = store::record_history(&s.path, &s.doc) {
            self.import.error = Some(format!(
                "{}; nothing was imported",
                clean_line(&e.to_string())
            ));
            return;
        }
        let before = s.doc.clone();
        let mut after = before.clone();
        if let Err(e) = after.merge_from(&loaded.session) {
            self.import.error = Some(format!(
                "{}: {}; nothing was imported",
                clean_line(&path.display().to_string()),
                clean_line(&e.to_string())
            ));
            return;
        }
        // A copy that has seen edits it no longer holds would empty fields:
        // list what goes, by member, and import only on a second Enter.
        let mut removed = doc::removed_between(&before, &after);
        removed.extend(doc::removed_between(&loaded.session, &after));
        removed.sort();
        removed.dedup();
        let confirmed = self
            .import
            .removals
            .take()
            .is_some_and(|(p, _)| p.as_path() == path);
        if !removed.is_empty() && !confirmed {
            let mut lines = Vec::new();
            for (member, list) in doc::by_member(&removed) {
                lines.push(format!("by {}:", clean_line(member)));
                for r in list {
                    lines.push(format!(
                        "  {}: {}",
                        clean_line(&r.place),
                        clean_line(&format!("{:?}", r.value))
                    ));
                }
            }
            self.import.error = Some(format!(
                "This copy has seen edits it no longer holds: importing it would remove {} value(s) and leave their fields empty. Press Enter again to import anyway, Esc to cancel.",
                removed.len()
            ));
            self.import.removals = Some((path.to_path_buf(), lines));
            return;
        }
        let report = import_report(&self.framework, path, &before, &loaded.session, &after);
        let changed = after != before;
        if let Some(s) = self.step_mut() {
            s.doc = after;
        }
        if changed {
            self.mark_changed();
            self.save(true);
        }
        self.refresh_others();
        self.enter_field();
        self.report = Some(report);
        self.overlay = Some(Overlay::Report { scroll: 0 });
    }
}

fn one_line(text: &str) -> String {
    text.replace("\r\n", " | ").replace(['\n', '\r'], " | ")
}

fn expand_home(typed: &str) -> PathBuf {
    match typed.strip_prefix("~/") {
        Some(rest) => std::env::var_os("HOME")
            .map_or_else(|| PathBuf::from(typed), |h| PathBuf::from(h).join(rest)),
        None => PathBuf::from(typed),
    }
}

/// Where to look for other files of a session: beside it and in the data directory.
fn dirs_near(path: &Path, data_dir: &Path) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = Vec::new();
    if let Some(parent) = path.parent() {
        let parent = if parent.as_os_str().is_empty() {
            PathBuf::from(".")
        } else {
            parent.to_path_buf()
        };
        dirs.push(parent);
    }
    if !dirs.iter().any(|d| same_path(d, data_dir)) {
        dirs.push(data_dir.to_path_buf());
    }
    dirs
}

/// Whether two paths name the same file or directory.
fn same_path(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

/// The store's side of [`discovery::Sessions`]: the session files beside a
/// file and in the data directory.
pub struct DiskSessions<'a> {
    /// The data directory.
    pub data_dir: &'a Path,
}

impl discovery::Sessions for DiskSessions<'_> {
    fn near(&self, path: &Path) -> Vec<discovery::Found> {
        let mut out = Vec::new();
        for dir in dirs_near(path, self.data_dir) {
            for l in store::list(&dir) {
                if let Ok(loaded) = l.session {
                    out.push(discovery::Found {
                        path: l.path,
                        session: loaded.session,
                        read_only: loaded.read_only,
                    });
                }
            }
        }
        out
    }

    fn same_file(&self, a: &Path, b: &Path) -> bool {
        same_path(a, b)
    }
}

/// Other copies of this session (same id, another file) beside it or in the data directory.
fn copies_nearby(doc: &Session, path: &Path, data_dir: &Path) -> Vec<(PathBuf, String)> {
    discovery::copies(&DiskSessions { data_dir }, doc, path)
        .into_iter()
        .map(|c| {
            let desc = format!(
                "{} · last change {} · by {}",
                c.path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                c.last_change.strftime("%Y-%m-%d %H:%M"),
                c.members.join(", ")
            );
            (c.path, clean_line(&desc).into_owned())
        })
        .collect()
}

/// The session named as this one's previous session, found beside it or in
/// the data directory (the most recently changed copy when there are several).
#[must_use]
pub fn find_previous(doc: &Session, path: &Path, data_dir: &Path) -> Option<Session> {
    discovery::previous(&DiskSessions { data_dir }, doc, path)
}

/// What an import brought in, as lines for the report window.
fn import_report(
    fw: &crate::content::Framework,
    path: &Path,
    before: &Session,
    theirs: &Session,
    after: &Session,
) -> ReportWindow {
    let mut lines: Vec<(String, Tone)> = Vec::new();
    let name = clean_line(&path.display().to_string()).into_owned();
    lines.push((format!("From {name}"), Tone::Heading));
    let members: Vec<String> = latest_by_member(theirs)
        .into_keys()
        .map(|m| clean_line(&m).into_owned())
        .collect();
    if !members.is_empty() {
        lines.push((
            format!("Edits in it by: {}", members.join(", ")),
            Tone::Muted,
        ));
    }
    let new_values = after.entry_count().saturating_sub(before.entry_count());
    let mut new_answers: Vec<String> = after
        .answers
        .keys()
        .filter(|k| !before.answers.contains_key(*k))
        .map(|k| {
            fw.prompt(k).map_or_else(
                || k.clone(),
                |(i, p)| format!("step {}: {}", i + 1, p.label.replace('\n', " ")),
            )
        })
        .collect();
    new_answers.sort();
    let new_items = after
        .items
        .keys()
        .filter(|k| !before.items.contains_key(*k))
        .count();
    let conflicts_before = before.conflicts().len();
    let conflicts_after = after.conflicts().len();
    if after == before {
        lines.push((
            "Nothing new: this session already had everything in that copy".into(),
            Tone::Good,
        ));
    } else {
        lines.push((
            format!(
                "{new_values} new value{}, {} new answer{}, {new_items} new item{}",
                plural(new_values),
                new_answers.len(),
                plural(new_answers.len()),
                plural(new_items)
            ),
            Tone::Plain,
        ));
        for a in &new_answers {
            lines.push((format!("  + {}", clean_line(a)), Tone::Plain));
        }
    }
    let new_conflicts = conflicts_after.saturating_sub(conflicts_before);
    if new_conflicts > 0 {
        lines.push((
            format!(
                "{new_conflicts} new conflict{} ({conflicts_after} in all): c or F7 settles them",
                plural(new_conflicts)
            ),
            Tone::Alert,
        ));
    } else if conflicts_after > 0 {
        lines.push((
            format!("No new conflicts ({conflicts_after} still waiting: c or F7 settles them)"),
            Tone::Muted,
        ));
    } else {
        lines.push(("No conflicts".into(), Tone::Good));
    }
    lines.push((
        "The merged session has been saved; the imported file is unchanged.".into(),
        Tone::Muted,
    ));
    ReportWindow {
        title: "Imported a copy".into(),
        lines,
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
