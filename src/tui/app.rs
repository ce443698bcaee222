//! The app's state and `update`, the one place where actions change it.
//!
//! `update` needs no terminal: tests drive it action by action. The event loop
//! in `mod.rs` turns terminal events into calls here and draws the result.

use super::action::{Action, Internal};
use super::keymap::{self, Ctx};
use super::theme::Theme;
use super::timer::{Clock, MeetingClock};
use crate::content::{FieldSpec, FieldType, Framework, Kind, Prompt, STATUSES};
use crate::doc::{Dot, Session, Stamp};
use crate::store::{self, Identity, Sharing};
use jiff::Timestamp;
use ratatui::crossterm::event::{Event, KeyEvent, KeyEventKind};
use ratatui_textarea::{TextArea, WrapMode};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tui_input::Input;

mod collab;
mod meeting;
mod review;
pub mod undo;

pub use collab::{ImportState, ReportWindow, Tone, expected_raters};
pub use meeting::{MeetingUi, people, point_text, present_people, votes_on_list};
mod present;

/// How long after the last change the session is saved.
pub const AUTOSAVE_DELAY: Duration = Duration::from_millis(1000);

pub use crate::workshop::Now;

/// What the signal thread needs to save on a hang-up: the latest document and
/// the half-typed field. Updated on every keystroke (the pending text only)
/// and after every edit (the document).
#[derive(Debug, Default)]
pub struct Snapshot {
    /// The session file.
    pub path: Option<PathBuf>,
    /// The document as of the last edit.
    pub doc: Option<Session>,
    /// Text typed into a field but not yet recorded in the document.
    pub pending: Option<(Target, String)>,
    /// The values the pending text replaces (see [`StepState::base`]).
    pub base: Vec<Dot>,
    /// Where the member is: step and prompt id.
    pub position: Option<(u32, String)>,
    /// Never save.
    pub read_only: bool,
    /// Nothing to save since the last save.
    pub clean: bool,
    /// File modes.
    pub sharing: Sharing,
    /// Who edits.
    pub actor: String,
    /// The member id.
    pub member: String,
}

impl Snapshot {
    /// Apply the pending text and position to a copy of the document and save it.
    /// Used by the signal thread; returns whether anything was written.
    ///
    /// # Errors
    /// When the file cannot be saved.
    pub fn save_now(&self, at: Timestamp) -> Result<bool, store::StoreError> {
        let (Some(path), Some(doc)) = (&self.path, &self.doc) else {
            return Ok(false);
        };
        if self.read_only || (self.clean && self.pending.is_none()) {
            return Ok(false);
        }
        let mut doc = doc.clone();
        let stamp = Stamp {
            actor: self.actor.clone(),
            member: self.member.clone(),
            at,
        };
        if let Some((target, text)) = &self.pending {
            target.write(&mut doc, text, &self.base, &stamp);
        }
        if let Some((step, field)) = &self.position {
            doc.set_position(*step, field, &stamp);
        }
        // Bounded: a hang-up must end even when another process holds the lock.
        if let Err(e) = store::save_waiting(path, &mut doc, self.sharing, SIGNAL_LOCK_WAIT) {
            // Never lost: a private rescue copy that the next start offers to merge.
            let _ = store::write_rescue(path, &doc);
            return Err(e);
        }
        Ok(true)
    }
}

/// How long a save from the TUI waits for another process's lock (the
/// screen does not respond meanwhile).
pub const TUI_LOCK_WAIT: std::time::Duration = std::time::Duration::from_secs(2);

/// How long a save on hang-up or SIGTERM waits for another process's lock
/// before it writes a rescue copy instead.
pub const SIGNAL_LOCK_WAIT: std::time::Duration = std::time::Duration::from_secs(3);

/// What a text editor writes to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// The answer to a text, date or choice prompt.
    Answer(String),
    /// A field of a collection item.
    Item {
        /// The item id.
        id: String,
        /// The field id.
        field: String,
    },
}

impl Target {
    /// Record `text` in the document over the values in `base`: the ones the
    /// editor showed when it opened, or the one it last recorded. A value that
    /// arrived from someone else while the text was typed is not in `base` and
    /// stays beside the new one as a conflict, rather than being overwritten
    /// unseen. Nothing is written when the text is already the value there.
    /// Returns the new value's dot when one was written.
    pub fn write(&self, doc: &mut Session, text: &str, base: &[Dot], stamp: &Stamp) -> Option<Dot> {
        let reg = match self {
            Target::Answer(prompt) => doc.text(prompt),
            Target::Item { id, field } => doc.items.get(id).and_then(|i| i.fields.get(field)),
        };
        let replaced: Vec<&String> = reg
            .map(|r| {
                r.entries()
                    .iter()
                    .filter(|e| base.contains(&e.dot))
                    .map(|e| &e.value)
                    .collect()
            })
            .unwrap_or_default();
        // The editor opens on the latest value: leaving a field in conflict
        // with that text (unchanged, or changed and changed back) must not
        // settle the conflict; the conflict screen does that on purpose.
        let same = reg.is_some_and(|r| r.settled().is_some_and(|v| v == text))
            || match replaced.as_slice() {
                [] => text.is_empty(),
                [one] => *one == text,
                _ => reg.and_then(|r| r.latest()).is_some_and(|v| v == text),
            };
        // Leaving a carried value unchanged confirms it (one value only: a
        // carried conflict is settled on the conflict screen).
        let carried =
            reg.is_some_and(|r| r.settled().is_some() && crate::workshop::carry::is_carried(r));
        if same && !carried {
            return None;
        }
        match self {
            Target::Answer(prompt) => Some(doc.set_text_over(prompt, text, base, stamp)),
            Target::Item { id, field } => doc.set_item_field_over(id, field, text, base, stamp),
        }
    }
}

/// What a one-line field accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineType {
    /// Any text.
    Text,
    /// `YYYY-MM-DD`.
    Date,
    /// 1 to 5.
    Score,
    /// One of [`STATUSES`].
    Status,
    /// One of [`crate::content::RISK_STATUSES`].
    RiskStatus,
    /// Role ids or labels, separated by commas.
    Roles,
}

impl From<FieldType> for LineType {
    fn from(t: FieldType) -> Self {
        match t {
            FieldType::Text => LineType::Text,
            FieldType::Date => LineType::Date,
            FieldType::Score => LineType::Score,
            FieldType::Status => LineType::Status,
            FieldType::RiskStatus => LineType::RiskStatus,
            FieldType::Roles => LineType::Roles,
        }
    }
}

/// A check of what is typed: `Ok(value to store)` or `Err(what is expected)`.
/// The core's rule for the field's type, the same in every front end.
///
/// # Errors
/// A short message saying what the field expects.
pub fn validate(ty: LineType, text: &str, framework: &Framework) -> Result<String, String> {
    let ft = match ty {
        LineType::Text => FieldType::Text,
        LineType::Date => FieldType::Date,
        LineType::Score => FieldType::Score,
        LineType::Status => FieldType::Status,
        LineType::RiskStatus => FieldType::RiskStatus,
        LineType::Roles => FieldType::Roles,
    };
    crate::workshop::parse_field(framework, ft, text)
}

/// The editor of the focused field, while text is being typed.
#[derive(Debug)]
pub enum Editor {
    /// Several lines (long text).
    Long {
        /// The prompt.
        prompt: String,
        /// The text.
        area: Box<TextArea<'static>>,
    },
    /// One line (short text, a date, or a cell of a collection).
    Line {
        /// Where the text goes.
        target: Target,
        /// What it accepts.
        ty: LineType,
        /// The text.
        input: Input,
        /// The label shown before a cell editor.
        label: String,
        /// Earlier texts, for Ctrl-Z while typing (most recent last).
        history: Vec<String>,
        /// Texts undone, for Ctrl-Y.
        future: Vec<String>,
    },
}

impl Editor {
    /// The text typed so far.
    #[must_use]
    pub fn text(&self) -> String {
        match self {
            Editor::Long { area, .. } => area.lines().join("\n"),
            Editor::Line { input, .. } => input.value().to_owned(),
        }
    }

    /// The value leaving the field would record, or what the field takes
    /// instead: a date or score the field can take, and never a combined
    /// answer still holding its marker lines.
    ///
    /// # Errors
    /// What the field expects, in words.
    pub fn value(&self, framework: &Framework) -> Result<String, String> {
        let text = self.text();
        if crate::tui::conflicts::has_markers(&text) {
            return Err(
                "text without the [n of m: who, when] marker lines of a combined answer".into(),
            );
        }
        match self {
            Editor::Long { .. } => Ok(text),
            Editor::Line { ty, .. } => validate(*ty, &text, framework),
        }
    }

    /// Where the text goes.
    #[must_use]
    pub fn target(&self) -> Target {
        match self {
            Editor::Long { prompt, .. } => Target::Answer(prompt.clone()),
            Editor::Line { target, .. } => target.clone(),
        }
    }
}

/// A line of a message shown above the footer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    /// What to say.
    pub text: String,
    /// A warning or error rather than information.
    pub warn: bool,
}

/// One session on the home screen.
#[derive(Clone, Debug)]
pub struct HomeRow {
    /// The file.
    pub path: PathBuf,
    /// The title (or the file name when it cannot be read).
    pub title: String,
    /// The organisation.
    pub organisation: String,
    /// The last change.
    pub last_change: Option<Timestamp>,
    /// Steps with every prompt answered (the summary's count).
    pub progress: usize,
    /// Number of steps.
    pub steps: usize,
    /// Places in conflict.
    pub conflicts: usize,
    /// The next review date, when recorded.
    pub next_review: Option<String>,
    /// Why the file cannot be opened.
    pub error: Option<String>,
    /// Written by a newer safestep.
    pub read_only: bool,
}

/// The home screen.
#[derive(Clone, Debug, Default)]
pub struct Home {
    /// The data directory.
    pub dir: PathBuf,
    /// The sessions in it, newest change first.
    pub rows: Vec<HomeRow>,
    /// The highlighted row.
    pub selected: usize,
    /// The selected session and its previous one, loaded for the summary.
    pub preview: Option<Box<(Session, Option<Session>)>>,
}

/// The new-session form.
#[derive(Clone, Debug, Default)]
pub struct Setup {
    /// Title, organisation, facilitator.
    pub inputs: [Input; 3],
    /// The focused input.
    pub focus: usize,
    /// Why the session could not be created.
    pub error: Option<String>,
    /// Quit was pressed once with text typed: a second press leaves without it.
    pub quit_warned: bool,
}

/// The labels of the setup form.
pub const SETUP_LABELS: [&str; 3] = ["Title", "Organisation", "Facilitator"];

/// An open session on a step screen.
#[derive(Debug)]
pub struct StepState {
    /// The document.
    pub doc: Session,
    /// Its file.
    pub path: PathBuf,
    /// No edits and no saves.
    pub read_only: bool,
    /// A demo copy (the title bar says so).
    pub demo: bool,
    /// Changes not yet on disk.
    pub dirty: bool,
    /// When the last unsaved change was made.
    pub changed_at: Option<Instant>,
    /// When the session was last saved by this process.
    pub saved_at: Option<Timestamp>,
    /// The last save failed: why.
    pub save_error: Option<String>,
    /// The step shown (index).
    pub step: usize,
    /// The focused prompt within the step.
    pub focus: usize,
    /// The row inside the focused field: option, rating row or item.
    pub row: usize,
    /// The column inside a collection.
    pub col: usize,
    /// The text being typed, if any.
    pub editor: Option<Editor>,
    /// Whether the editor's text was changed since it opened: only then is it
    /// recorded (passing through a field in conflict must not settle it).
    pub edited: bool,
    /// The values of the edited field that the editor's text replaces: those
    /// shown when it opened, then the one it last recorded. A value merged in
    /// from someone else while typing is not among them, so recording the
    /// text keeps it as a conflict.
    pub base: Vec<Dot>,
    /// Whether the step's guidance is shown in full.
    pub guidance_open: bool,
    /// Changes made outside a text being typed (and texts recorded), most
    /// recent last: Ctrl-Z writes the earlier value back as a new edit.
    pub history: Vec<undo::Change>,
    /// Changes undone, for Ctrl-Y.
    pub future: Vec<undo::Change>,
    /// The session this one follows on from, when it was found beside it.
    pub previous: Option<Box<Session>>,
    /// Other members who edited recently, most recent first, with the time
    /// of their latest edit.
    pub others: Vec<(String, Timestamp)>,
    /// Every member who has edited the session, for "who has not rated".
    pub members: Vec<String>,
}

/// The screen shown.
#[derive(Debug)]
pub enum Screen {
    /// The sessions in the data directory.
    Home(Home),
    /// The new-session form.
    Setup(Box<Setup>),
    /// A step of an open session.
    Step(Box<StepState>),
}

/// An overlay over the screen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Overlay {
    /// The help screen, scrolled by this many lines; `ctx` is what it describes.
    Help {
        /// Lines scrolled.
        scroll: u16,
        /// The context the help describes.
        ctx: Ctx,
    },
    /// The session's summary, scrolled by this many lines.
    Summary {
        /// Lines scrolled.
        scroll: u16,
    },
    /// The list of steps, with the highlighted one.
    Jump {
        /// The highlighted step.
        selected: usize,
    },
    /// The conflict screen: the highlighted conflict and value.
    Conflicts {
        /// The highlighted conflict.
        selected: usize,
        /// The highlighted value of it.
        choice: usize,
    },
    /// Importing a member's copy: a path being typed (in [`App::import`]).
    Import,
    /// A read-only window of text (in [`App::report`]), scrolled.
    Report {
        /// Lines scrolled.
        scroll: u16,
    },
    /// Attendance: the roster with who is present.
    Attendance {
        /// The highlighted person.
        selected: usize,
    },
    /// Picking the speaker from the people present.
    Speaker,
    /// Dot-voting on the focused list.
    Vote {
        /// The highlighted item.
        selected: usize,
    },
    /// The parking lot.
    Parking {
        /// The highlighted point.
        selected: usize,
    },
    /// The opening review of last time's open actions.
    Review {
        /// The highlighted action.
        selected: usize,
    },
    /// The agenda: planned and actual minutes per step, with the highlighted one.
    Agenda {
        /// The highlighted step.
        selected: usize,
    },
}

/// The cached "since the last review" line: session id, causal context and
/// whether sensitive answers were hidden, then the line.
pub type SinceCache = (String, crate::doc::Clock, bool, Option<String>);

/// The whole app.
#[derive(Debug)]
pub struct App {
    /// The framework.
    pub framework: Framework,
    /// Who is editing.
    pub identity: Identity,
    /// Styles.
    pub theme: Theme,
    /// `NO_COLOR` is set.
    pub no_color: bool,
    /// Where time comes from.
    pub now: Now,
    /// The time zone times are shown in.
    /// Looked up when first needed: finding the system's zone can take milliseconds.
    pub tz: std::sync::OnceLock<jiff::tz::TimeZone>,
    /// The screen.
    pub screen: Screen,
    /// An overlay, if open.
    pub overlay: Option<Overlay>,
    /// The overlay the help screen was opened over: back when help closes.
    pub help_under: Option<Overlay>,
    /// A message above the footer.
    pub message: Option<Message>,
    /// Mask free text that may name a learner.
    pub hide_sensitive: bool,
    /// The presenter view: big step title and question for a projector.
    /// Sensitive answers are always masked there, whatever `hide_sensitive` says.
    pub presenter: bool,
    /// The sensitive prompt shown in the presenter view; it counts only while
    /// that prompt has the focus, and moving the focus clears it.
    pub revealed: Option<String>,
    /// The theme to return to when the presenter view closes.
    pub theme_before_present: Option<Theme>,
    /// Where the meeting clock reads the time (a hand-moved clock in tests).
    pub clock: Clock,
    /// The meeting clock: time on the current step not yet recorded.
    pub meeting_clock: MeetingClock,
    /// Ring the terminal bell once when a step's time is up (`timer_bell` in config.ron).
    pub bell: bool,
    /// A bell is due: the event loop rings it after drawing.
    pub ring: bool,
    /// Quit after this update.
    pub quit: bool,
    /// Quit presses in a row while the last save failed (see [`App::quit_unsaved`]).
    pub quit_unsaved_presses: u8,
    /// Shared with the signal thread.
    pub shared: Option<Arc<Mutex<Snapshot>>>,
    /// The import window's state.
    pub import: ImportState,
    /// The text of the report window.
    pub report: Option<ReportWindow>,
    /// The meeting's state on screen: speaker, voter, parking-lot typing.
    pub meeting: MeetingUi,
    /// An outside save was merged while the conflict screen was open: the
    /// next Enter there asks to look again instead of settling.
    pub conflicts_changed: bool,
    /// The review step's "since the last review" line, with what it was
    /// computed from (session id, causal context, hiding): the comparison
    /// runs again only when the document changes.
    pub since_cache: std::cell::RefCell<Option<SinceCache>>,
}

fn lock(shared: &Arc<Mutex<Snapshot>>) -> std::sync::MutexGuard<'_, Snapshot> {
    shared
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Whether a prompt is edited as text.
#[must_use]
pub fn is_text_kind(kind: &Kind) -> bool {
    matches!(kind, Kind::ShortText | Kind::LongText | Kind::Date)
}

impl App {
    /// An app on the home screen (nothing loaded yet: call [`App::refresh_home`]).
    #[must_use]
    pub fn new(framework: Framework, identity: Identity, theme: Theme, now: Now) -> App {
        let dir = identity.data_dir.clone();
        App {
            framework,
            identity,
            no_color: theme.palette == super::theme::Palette::Mono,
            theme,
            tz: match now {
                Now::System => std::sync::OnceLock::new(),
                Now::Fixed(_) => std::sync::OnceLock::from(jiff::tz::TimeZone::UTC),
            },
            now,
            screen: Screen::Home(Home {
                dir,
                ..Home::default()
            }),
            overlay: None,
            help_under: None,
            message: None,
            hide_sensitive: false,
            presenter: false,
            revealed: None,
            theme_before_present: None,
            clock: Clock::System,
            meeting_clock: MeetingClock::default(),
            bell: false,
            ring: false,
            quit: false,
            quit_unsaved_presses: 0,
            shared: None,
            import: ImportState::default(),
            report: None,
            meeting: MeetingUi::default(),
            conflicts_changed: false,
            since_cache: std::cell::RefCell::new(None),
        }
    }

    /// The time zone times are shown in.
    pub fn tz(&self) -> &jiff::tz::TimeZone {
        self.tz.get_or_init(jiff::tz::TimeZone::system)
    }

    fn stamp(&self) -> Stamp {
        Stamp {
            actor: self.step_state().map_or_else(
                || self.identity.actor.clone(),
                |s| self.identity.actor_for(&s.doc),
            ),
            member: self.identity.member.clone(),
            at: self.now.get(),
        }
    }

    /// Quit was pressed but the session could not be saved. The first press
    /// says so (Ctrl-S tries again); the second keeps a private rescue copy
    /// and leaves; when even that fails, a third leaves without the changes,
    /// on purpose.
    fn quit_unsaved(&mut self, err: &str) {
        self.quit_unsaved_presses = self.quit_unsaved_presses.saturating_add(1);
        match self.quit_unsaved_presses {
            1 => self.warn(format!(
                "Not saved, so still open: Ctrl-S tries again; Ctrl-Q again keeps a private copy and leaves ({err})"
            )),
            2 => match self.rescue_unsaved() {
                Some(Ok(_)) | None => self.quit = true,
                Some(Err(e)) => self.warn(format!(
                    "No copy could be kept either: {}. Ctrl-Q once more leaves WITHOUT the unsaved changes",
                    crate::text::clean_line(&e.to_string())
                )),
            },
            _ => self.quit = true,
        }
    }

    /// Write the open session to a private rescue copy when its last save
    /// failed; the next start says where it is and how to merge it.
    pub fn rescue_unsaved(&mut self) -> Option<Result<PathBuf, store::StoreError>> {
        let s = self.step_state().filter(|s| s.save_error.is_some())?;
        Some(store::write_rescue(&s.path, &s.doc))
    }

    fn say(&mut self, text: impl Into<String>) {
        self.message = Some(Message {
            text: text.into(),
            warn: false,
        });
    }

    fn warn(&mut self, text: impl Into<String>) {
        self.message = Some(Message {
            text: text.into(),
            warn: true,
        });
    }

    /// The open session, if a step screen is shown.
    #[must_use]
    pub fn step_state(&self) -> Option<&StepState> {
        match &self.screen {
            Screen::Step(s) => Some(s),
            _ => None,
        }
    }

    /// Reload the home screen's list of sessions.
    pub fn refresh_home(&mut self) {
        let Screen::Home(home) = &mut self.screen else {
            return;
        };
        let fw = &self.framework;
        // One session in memory at a time: each is summarised, then dropped.
        let mut rows = Vec::new();
        let _ = store::visit(&home.dir, |l| rows.push(home_row(fw, l)));
        rows.sort_by_key(|r| std::cmp::Reverse(r.last_change));
        home.rows = rows;
        home.selected = home.selected.min(home.rows.len().saturating_sub(1));
    }

    /// Go to the home screen.
    pub fn go_home(&mut self) {
        self.screen = Screen::Home(Home {
            dir: self.identity.data_dir.clone(),
            ..Home::default()
        });
        self.refresh_home();
        self.sync_snapshot(true);
    }

    /// The contexts the keys are looked up in now.
    #[must_use]
    pub fn ctx(&self) -> Ctx {
        let base = self.base_ctx();
        match self.overlay {
            Some(Overlay::Help { .. }) => base | keymap::HELP,
            Some(Overlay::Jump { .. }) => base | keymap::JUMP,
            Some(Overlay::Summary { .. }) => base | keymap::SUMMARY,
            Some(Overlay::Conflicts { .. }) => base | keymap::CONFLICTS,
            Some(Overlay::Import) => base | keymap::IMPORT,
            Some(Overlay::Report { .. }) => base | keymap::REPORT,
            Some(Overlay::Attendance { .. }) => base | keymap::ATTENDANCE,
            Some(Overlay::Speaker) => base | keymap::SPEAKER,
            Some(Overlay::Vote { .. }) => base | keymap::VOTE,
            Some(Overlay::Parking { .. }) if self.parking_typing() => base | keymap::PARKING_TYPING,
            Some(Overlay::Parking { .. }) => base | keymap::PARKING,
            Some(Overlay::Review { .. }) => base | keymap::OPENING,
            Some(Overlay::Agenda { .. }) => base | keymap::AGENDA,
            None => base,
        }
    }

    fn base_ctx(&self) -> Ctx {
        match &self.screen {
            Screen::Home(_) => keymap::HOME,
            Screen::Setup(_) => keymap::SETUP,
            Screen::Step(s) => {
                let ro = if s.read_only { keymap::READ_ONLY } else { 0 };
                let ro = ro | if self.presenter { keymap::PRESENT } else { 0 };
                match &s.editor {
                    Some(Editor::Long { .. }) => keymap::EDIT | ro,
                    Some(Editor::Line { .. }) => keymap::EDIT | keymap::EDIT_LINE | ro,
                    None => {
                        let kind = self.focused_prompt().map(|p| &p.kind);
                        let extra = match kind {
                            Some(Kind::Choice { .. }) => keymap::CHOICE,
                            Some(Kind::Checklist { .. }) => keymap::CHECKLIST,
                            Some(Kind::Rating { .. }) => keymap::RATING,
                            Some(k) if k.is_collection() => keymap::COLLECTION,
                            Some(k) if is_text_kind(k) && !s.read_only => keymap::TEXT,
                            _ => 0,
                        };
                        keymap::STEP | extra | ro
                    }
                }
            }
        }
    }

    /// The prompt with focus on the step screen.
    #[must_use]
    pub fn focused_prompt(&self) -> Option<&Prompt> {
        let s = self.step_state()?;
        self.framework.steps.get(s.step)?.prompts.get(s.focus)
    }

    /// Handle a terminal event.
    pub fn handle_event(&mut self, event: &Event) {
        match event {
            Event::Key(key) if key.kind != KeyEventKind::Release => self.handle_key(*key),
            Event::Paste(text) => self.internal(Internal::Paste(text.clone())),
            Event::Resize(w, h) => self.internal(Internal::Resize(*w, *h)),
            _ => {}
        }
    }

    /// Handle a key: an action from the keymap, or typing into the field being edited.
    pub fn handle_key(&mut self, key: KeyEvent) {
        use ratatui::crossterm::event::{KeyCode, KeyModifiers};
        // A line feed (Ctrl-J, sent by some terminals for Enter) is Enter, not
        // the editor's "delete to line start".
        let key = match (key.code, key.modifiers) {
            (KeyCode::Char('j' | 'm'), KeyModifiers::CONTROL) => {
                KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)
            }
            _ => key,
        };
        match keymap::lookup(self.ctx(), &key) {
            Some(action) => self.update(action),
            None => self.internal(Internal::Key(key)),
        }
    }

    /// Apply an internal event.
    pub fn internal(&mut self, event: Internal) {
        match event {
            // Under an overlay typing goes to the import path, or nowhere:
            // never into a field hidden beneath it.
            Internal::Key(key) if self.overlay == Some(Overlay::Import) => self.import_key(key),
            Internal::Paste(text) if self.overlay == Some(Overlay::Import) => {
                self.import_paste(&text);
            }
            Internal::Key(key) if self.parking_typing() => self.parking_key(key),
            Internal::Paste(text) if self.parking_typing() => self.parking_paste(&text),
            Internal::Key(_) | Internal::Paste(_) if self.overlay.is_some() => {}
            Internal::Key(key) => self.type_key(key),
            Internal::Paste(text) => self.paste(&text),
            Internal::Resize(..) => {}
            Internal::AutosaveDue => self.save(false),
            Internal::FileChanged => self.merge_outside_edits(),
            Internal::Tick => self.tick(),
        }
    }

    /// Merge what another process saved into the open session. The text
    /// being typed lives in the editor, not the document, so it is untouched.
    pub fn merge_outside_edits(&mut self) {
        let Screen::Step(s) = &mut self.screen else {
            return;
        };
        let result = store::refresh(&s.path, &mut s.doc);
        match result {
            Ok(true) => {
                // A text field open but not typed in shows the merged value;
                // one being typed in keeps the typing.
                let reload = matches!(
                    &self.screen,
                    Screen::Step(s) if !s.edited && matches!(
                        &s.editor,
                        Some(Editor::Long { .. } | Editor::Line { target: Target::Answer(_), .. })
                    )
                );
                if reload {
                    self.start_typing();
                }
                self.refresh_others();
                if matches!(self.overlay, Some(Overlay::Conflicts { .. })) {
                    self.conflicts_changed = true;
                }
                let who = self
                    .step_state()
                    .and_then(|s| s.others.first())
                    .map(|(m, _)| m.clone());
                match who {
                    Some(m) => self.say(format!(
                        "Merged changes saved by someone else (latest: {})",
                        crate::text::clean_line(&m)
                    )),
                    None => self.say("Merged changes saved by someone else"),
                }
                self.sync_snapshot(true);
            }
            Ok(false) => {}
            Err(e) => {
                let msg = crate::text::clean_line(&e.to_string()).into_owned();
                self.warn(format!("Could not merge outside changes: {msg}"));
            }
        }
    }

    /// The file of the open session, if one is open.
    #[must_use]
    pub fn open_path(&self) -> Option<&std::path::Path> {
        match &self.screen {
            Screen::Step(s) => Some(&s.path),
            _ => None,
        }
    }

    /// Apply one action.
    pub fn update(&mut self, action: Action) {
        // Any key clears an old message, except the ones that only look.
        if !matches!(action, Action::Help | Action::Save) {
            self.message = None;
        }
        if !matches!(action, Action::Quit) {
            self.quit_unsaved_presses = 0;
        }
        match action {
            Action::Quit => {
                // Typed into the new-session form but not created yet: say so once.
                if let Screen::Setup(setup) = &mut self.screen
                    && !setup.quit_warned
                    && setup.inputs.iter().any(|i| !i.value().trim().is_empty())
                {
                    setup.quit_warned = true;
                    self.warn(
                        "The session is not created yet: Enter creates it; Ctrl-Q again leaves without it",
                    );
                    return;
                }
                self.save(true);
                if let Some(err) = self.step_state().and_then(|s| s.save_error.clone()) {
                    self.quit_unsaved(&err);
                    return;
                }
                self.quit = true;
                return;
            }
            Action::Save => {
                self.save(true);
                return;
            }
            Action::Help => {
                // Help describes where the user is, an open window included,
                // and closing it goes back there.
                let ctx = self.ctx();
                if !matches!(self.overlay, Some(Overlay::Help { .. })) {
                    self.help_under = self.overlay;
                }
                self.overlay = Some(Overlay::Help { scroll: 0, ctx });
                self.stop_typing_under_overlay();
                return;
            }
            Action::ToggleContrast => {
                self.theme = self.theme.toggled(self.no_color);
                self.restyle_editor();
                return;
            }
            Action::TogglePresenter => {
                self.set_presenter(!self.presenter);
                return;
            }
            Action::Reveal => {
                self.reveal();
                return;
            }
            Action::ToggleSensitive if self.presenter => {
                self.say(
                    "The presenter view always hides sensitive answers: F3 reveals the focused one",
                );
                return;
            }
            Action::ToggleSensitive => {
                self.hide_sensitive = !self.hide_sensitive;
                self.sync_mask();
                self.say(if self.hide_sensitive {
                    "Sensitive answers are hidden (F3 shows them)"
                } else {
                    "Sensitive answers are shown (F3 hides them)"
                });
                return;
            }
            _ => {}
        }
        if let Some(overlay) = self.overlay {
            self.update_overlay(overlay, action);
            if self.overlay.is_none() {
                // Back on the step, not typing: Enter starts typing again.
                self.meeting.parking = None;
            }
            return;
        }
        match &self.screen {
            Screen::Home(_) => self.update_home(action),
            Screen::Setup(_) => self.update_setup(action),
            Screen::Step(_) => self.update_step(action),
        }
        self.stop_typing_under_overlay();
    }

    /// A window opened over a field being typed into: typing stops (the
    /// text is recorded), so that closing the window never leaves keys
    /// going into the field unannounced. Text the field cannot take stays
    /// in its editor, as it does on Tab.
    fn stop_typing_under_overlay(&mut self) {
        if self.overlay.is_some() && self.step_state().is_some_and(|s| s.editor.is_some()) {
            self.leave_field();
        }
    }

    fn update_overlay(&mut self, overlay: Overlay, action: Action) {
        match (overlay, action) {
            (Overlay::Conflicts { selected, choice }, _) => {
                self.update_conflicts(selected, choice, action);
            }
            (Overlay::Import, _) => self.update_import(action),
            (Overlay::Attendance { selected }, _) => self.update_attendance(selected, action),
            (Overlay::Speaker, _) => self.update_speaker(action),
            (Overlay::Vote { selected }, _) => self.update_vote(selected, action),
            (Overlay::Parking { selected }, _) => self.update_parking(selected, action),
            (Overlay::Review { selected }, _) => self.update_review(selected, action),
            (Overlay::Agenda { .. }, Action::Back) => {
                self.overlay = None;
                self.enter_field();
            }
            (Overlay::Help { .. }, Action::Back) => self.overlay = self.help_under.take(),
            (_, Action::Back) => self.overlay = None,
            (Overlay::Report { scroll }, Action::Up | Action::PrevStep) => {
                let by = if action == Action::Up { 1 } else { 10 };
                self.overlay = Some(Overlay::Report {
                    scroll: scroll.saturating_sub(by),
                });
            }
            (Overlay::Report { scroll }, Action::Down | Action::NextStep) => {
                let by = if action == Action::Down { 1 } else { 10 };
                self.overlay = Some(Overlay::Report {
                    scroll: scroll.saturating_add(by).min(2000),
                });
            }
            (Overlay::Help { scroll, ctx }, Action::Up) => {
                self.overlay = Some(Overlay::Help {
                    scroll: scroll.saturating_sub(1),
                    ctx,
                });
            }
            (Overlay::Help { scroll, ctx }, Action::Down) => {
                self.overlay = Some(Overlay::Help {
                    scroll: scroll.saturating_add(1).min(400),
                    ctx,
                });
            }
            (Overlay::Help { scroll, ctx }, Action::PrevStep) => {
                self.overlay = Some(Overlay::Help {
                    scroll: scroll.saturating_sub(10),
                    ctx,
                });
            }
            (Overlay::Help { scroll, ctx }, Action::NextStep) => {
                self.overlay = Some(Overlay::Help {
                    scroll: scroll.saturating_add(10).min(400),
                    ctx,
                });
            }
            (Overlay::Summary { scroll }, Action::Up | Action::PrevStep) => {
                let by = if action == Action::Up { 1 } else { 10 };
                self.overlay = Some(Overlay::Summary {
                    scroll: scroll.saturating_sub(by),
                });
            }
            (Overlay::Summary { scroll }, Action::Down | Action::NextStep) => {
                let by = if action == Action::Down { 1 } else { 10 };
                self.overlay = Some(Overlay::Summary {
                    scroll: scroll.saturating_add(by).min(2000),
                });
            }
            (Overlay::Jump { selected }, Action::Up) => {
                self.overlay = Some(Overlay::Jump {
                    selected: selected.saturating_sub(1),
                });
            }
            (Overlay::Jump { selected }, Action::Down) => {
                let last = self.framework.steps.len().saturating_sub(1);
                self.overlay = Some(Overlay::Jump {
                    selected: (selected + 1).min(last),
                });
            }
            (Overlay::Jump { selected }, Action::Activate) => {
                self.overlay = None;
                self.go_to_step(selected);
            }
            (Overlay::Agenda { selected }, Action::Up | Action::Down) => {
                let last = self.framework.steps.len().saturating_sub(1);
                let selected = if action == Action::Up {
                    selected.saturating_sub(1)
                } else {
                    (selected + 1).min(last)
                };
                self.overlay = Some(Overlay::Agenda { selected });
            }
            (Overlay::Agenda { selected }, Action::Activate) => {
                self.overlay = None;
                self.go_to_step(selected);
            }
            (Overlay::Agenda { selected }, Action::MoreMinutes | Action::FewerMinutes) => {
                self.change_planned(selected, action == Action::MoreMinutes);
            }
            (Overlay::Jump { .. }, Action::Level(n))
                if usize::from(n) >= 1 && usize::from(n) <= self.framework.steps.len() =>
            {
                self.overlay = None;
                self.go_to_step(usize::from(n) - 1);
            }
            _ => {}
        }
    }

    // ----- home -----

    fn update_home(&mut self, action: Action) {
        let Screen::Home(home) = &mut self.screen else {
            return;
        };
        match action {
            Action::Up => home.selected = home.selected.saturating_sub(1),
            Action::Down => {
                home.selected = (home.selected + 1).min(home.rows.len().saturating_sub(1));
            }
            Action::Open | Action::OpenReadOnly => {
                let Some(row) = home.rows.get(home.selected) else {
                    self.say("No session yet: press n to start one, or d for the demo");
                    return;
                };
                let path = row.path.clone();
                self.open(&path, action == Action::OpenReadOnly);
            }
            Action::NewSession => self.screen = Screen::Setup(Box::default()),
            Action::OpenDemo => self.open_demo(),
            Action::Summary => self.home_summary(),
            _ => {}
        }
    }

    /// Open a copy of the demo session.
    pub fn open_demo(&mut self) {
        match super::demo_copy(&self.identity) {
            Ok(path) => {
                self.open(&path, false);
                if let Screen::Step(s) = &mut self.screen {
                    s.demo = true;
                }
            }
            Err(e) => self.warn(format!("The demo could not be opened: {e}")),
        }
    }

    /// Open a session file on its step screen, returning the member to where they were.
    pub fn open(&mut self, path: &std::path::Path, read_only: bool) {
        match store::load(path) {
            Ok(loaded) => {
                let read_only = read_only || loaded.read_only;
                let warnings = loaded.warnings.join("; ");
                self.open_session(loaded.session, path.to_owned(), read_only);
                if !warnings.is_empty() {
                    self.warn(warnings);
                } else if read_only {
                    self.say("Open for reading only: nothing you do here is saved");
                }
            }
            Err(e) => self.warn(crate::text::clean_line(&e.to_string()).into_owned()),
        }
    }

    /// Show a loaded session at the member's last position (or step 1, first field).
    pub fn open_session(&mut self, doc: Session, path: PathBuf, read_only: bool) {
        // The session's own framework (built in or installed), with its retired prompts.
        let fitted = crate::workshop::fit::fit(
            crate::workshop::fit::choose(
                &self.framework,
                &self.identity.config_dir,
                &doc.framework,
            )
            .as_ref(),
            &doc,
        );
        self.framework = fitted.framework;
        let read_only = read_only || fitted.read_only.is_some();
        if let Some(why) = fitted.read_only {
            self.warn(why);
        }
        let (mut step, mut focus) = (0, 0);
        if let Some(pos) = doc.positions.get(&self.identity.member) {
            if let Some((i, _)) = self.framework.prompt(&pos.field) {
                step = i;
                focus = self.framework.steps[i]
                    .prompts
                    .iter()
                    .position(|p| p.id == pos.field)
                    .unwrap_or(0);
            } else if let Ok(s) = usize::try_from(pos.step) {
                step = s.min(self.framework.steps.len().saturating_sub(1));
            }
        }
        self.screen = Screen::Step(Box::new(StepState {
            doc,
            path,
            read_only,
            demo: false,
            dirty: false,
            changed_at: None,
            saved_at: None,
            save_error: None,
            step,
            focus,
            row: 0,
            col: 0,
            editor: None,
            edited: false,
            base: Vec::new(),
            guidance_open: false,
            history: Vec::new(),
            future: Vec::new(),
            previous: None,
            others: Vec::new(),
            members: Vec::new(),
        }));
        self.overlay = None;
        self.meeting = MeetingUi::default();
        self.after_open();
        self.offer_opening_review();
        self.revealed = None;
        self.meeting_clock = MeetingClock::default();
        if self.presenter {
            self.start_timer_for_meeting();
        }
        self.enter_field();
        self.sync_snapshot(true);
    }

    // ----- setup -----

    fn update_setup(&mut self, action: Action) {
        let Screen::Setup(setup) = &mut self.screen else {
            return;
        };
        match action {
            Action::NextField => setup.focus = (setup.focus + 1) % 3,
            Action::PrevField => setup.focus = (setup.focus + 2) % 3,
            Action::Activate => {
                if setup.focus < 2 {
                    setup.focus += 1;
                } else {
                    self.create_from_setup();
                }
            }
            Action::Back => self.go_home(),
            _ => {}
        }
    }

    fn create_from_setup(&mut self) {
        let stamp = self.stamp();
        let Screen::Setup(setup) = &mut self.screen else {
            return;
        };
        let title = setup.inputs[0].value().trim().to_owned();
        if title.is_empty() {
            setup.error = Some("A session needs a title".into());
            setup.focus = 0;
            return;
        }
        let org = setup.inputs[1].value().trim().to_owned();
        let facilitator = setup.inputs[2].value().trim().to_owned();
        let id = format!("{}-{}", store::slug(&title), store::fresh_suffix());
        let mut doc = Session::new(id, &title, self.framework.reference(), &stamp);
        if !org.is_empty() {
            doc.set_organisation(&org, &stamp);
        }
        if !facilitator.is_empty() {
            doc.set_facilitator(&facilitator, &stamp);
        }
        let date = stamp.at.to_zoned(jiff::tz::TimeZone::UTC).date();
        let path = store::new_session_path(&self.identity.data_dir, &title, date);
        if let Err(e) = store::ensure_dir(&self.identity.data_dir, self.identity.sharing)
            .and_then(|()| store::create(&path, &doc, self.identity.sharing))
        {
            setup.error = Some(crate::text::clean_line(&e.to_string()).into_owned());
            return;
        }
        self.open_session(doc, path, false);
        self.say("Session created: start with the vision");
    }

    // ----- step screen -----

    fn step_mut(&mut self) -> Option<&mut StepState> {
        match &mut self.screen {
            Screen::Step(s) => Some(s),
            _ => None,
        }
    }

    fn prompts(&self, step: usize) -> &[Prompt] {
        self.framework
            .steps
            .get(step)
            .map_or(&[], |s| s.prompts.as_slice())
    }

    /// The focus arrives on a field: at its first row, with nothing being
    /// typed (Enter starts typing).
    fn enter_field(&mut self) {
        let Some(s) = self.step_mut() else {
            return;
        };
        s.row = 0;
        s.col = 0;
        s.edited = false;
        s.editor = None;
    }

    /// What to say when a hidden answer is to be edited: how to show it first.
    fn hidden_hint(&self) -> &'static str {
        if self.presenter {
            "This answer is hidden on the shared screen: F3 reveals it, then Enter to type"
        } else {
            "This answer is hidden: F3 shows hidden answers, then Enter to type"
        }
    }

    /// Start typing in the focused text field (Enter or `e`). Refused while
    /// its answer is masked: what cannot be seen is not edited. Returns
    /// whether typing started.
    fn start_typing(&mut self) -> bool {
        let Some(prompt) = self.focused_prompt().cloned() else {
            return false;
        };
        let read_only = self.step_state().is_some_and(|s| s.read_only);
        if read_only || !is_text_kind(&prompt.kind) {
            return false;
        }
        if self.masks(&prompt) {
            self.say(self.hidden_hint());
            return false;
        }
        let theme = self.theme;
        let Some(s) = self.step_mut() else {
            return false;
        };
        s.edited = false;
        let value = s.doc.text_value(&prompt.id).to_owned();
        s.base = s
            .doc
            .text(&prompt.id)
            .map(|r| r.entries().iter().map(|e| e.dot.clone()).collect())
            .unwrap_or_default();
        s.editor = Some(match prompt.kind {
            Kind::LongText => {
                let mut area = TextArea::new(value.split('\n').map(str::to_owned).collect());
                area.set_wrap_mode(WrapMode::WordOrGlyph);
                area.move_cursor(ratatui_textarea::CursorMove::Bottom);
                area.move_cursor(ratatui_textarea::CursorMove::End);
                // The terminal's own cursor marks the position: no fake cursor cell.
                area.set_cursor_style(ratatui::style::Style::new());
                area.set_cursor_line_style(ratatui::style::Style::new());
                area.set_style(theme.text);
                area.set_placeholder_text(
                    "Type here. Enter starts a new line; Esc stops typing; Tab moves on.",
                );
                area.set_placeholder_style(theme.placeholder);
                Editor::Long {
                    prompt: prompt.id.clone(),
                    area: Box::new(area),
                }
            }
            _ => Editor::Line {
                target: Target::Answer(prompt.id.clone()),
                ty: if prompt.kind == Kind::Date {
                    LineType::Date
                } else {
                    LineType::Text
                },
                input: Input::new(value),
                label: String::new(),
                history: Vec::new(),
                future: Vec::new(),
            },
        });
        true
    }

    /// Record the editor's text in the document. Returns false (and says why)
    /// when the text is not valid for the field; the editor stays open then.
    fn commit(&mut self) -> bool {
        let stamp = self.stamp();
        let Screen::Step(s) = &mut self.screen else {
            return true;
        };
        let Some(editor) = &s.editor else {
            return true;
        };
        if s.read_only || !s.edited {
            return true;
        }
        match editor.value(&self.framework) {
            Ok(v) => {
                let target = editor.target();
                let before = match &target {
                    Target::Answer(p) => s.doc.text_value(p).to_owned(),
                    Target::Item { id, field } => s
                        .doc
                        .items
                        .get(id)
                        .map(|i| i.field(field).to_owned())
                        .unwrap_or_default(),
                };
                let mut done = None;
                if let Some(dot) = target.write(&mut s.doc, &v, &s.base, &stamp) {
                    // Recorded again later, the text replaces this value only.
                    s.base = vec![dot];
                    s.dirty = true;
                    s.changed_at.get_or_insert_with(Instant::now);
                    done = Some(match target {
                        Target::Answer(prompt) => undo::Change::Answer {
                            prompt,
                            before,
                            after: v,
                        },
                        Target::Item { id, field } => undo::Change::Cell {
                            id,
                            field,
                            before,
                            after: v,
                        },
                    });
                }
                if let Some(c) = done {
                    self.record(c);
                }
                self.sync_snapshot(true);
                true
            }
            Err(expected) => {
                self.warn(format!(
                    "Not recorded yet: this field takes {expected}. Fix it, or Esc to drop it"
                ));
                false
            }
        }
    }

    /// Close the editor, recording its text. False when the text is invalid.
    fn leave_field(&mut self) -> bool {
        if !self.commit() {
            return false;
        }
        if let Some(s) = self.step_mut() {
            s.editor = None;
        }
        true
    }

    fn set_focus(&mut self, step: usize, focus: usize) {
        if !self.leave_field() {
            return;
        }
        // A revealed answer is hidden again as soon as the focus moves.
        self.revealed = None;
        let stamp = self.stamp();
        let Some(s) = self.step_mut() else {
            return;
        };
        let changed_step = s.step != step;
        s.step = step;
        s.focus = focus;
        if changed_step {
            s.guidance_open = false;
        }
        self.record_position(&stamp);
        self.follow_step();
        self.enter_field();
    }

    fn record_position(&mut self, stamp: &Stamp) {
        let Some(prompt) = self.focused_prompt().map(|p| p.id.clone()) else {
            return;
        };
        let Screen::Step(s) = &mut self.screen else {
            return;
        };
        if s.read_only {
            return;
        }
        let step = u32::try_from(s.step).unwrap_or(0);
        let same = s
            .doc
            .positions
            .get(&stamp.member)
            .is_some_and(|p| p.step == step && p.field == prompt);
        if !same {
            s.doc.set_position(step, &prompt, stamp);
        }
        if let Some(shared) = &self.shared {
            let mut snap = lock(shared);
            snap.position = Some((step, prompt));
            // A hang-up should keep where the member was, even with no edit.
            snap.clean &= same;
        }
    }

    fn go_to_step(&mut self, step: usize) {
        if step < self.framework.steps.len() {
            self.set_focus(step, 0);
        }
    }

    fn update_step(&mut self, action: Action) {
        let Some(s) = self.step_state() else {
            return;
        };
        let (step, focus) = (s.step, s.focus);
        let n_prompts = self.prompts(step).len();
        let n_steps = self.framework.steps.len();
        match action {
            Action::NextField => {
                if focus + 1 < n_prompts {
                    self.set_focus(step, focus + 1);
                } else if step + 1 < n_steps {
                    self.set_focus(step + 1, 0);
                } else {
                    self.say("That was the last field of the last step");
                }
            }
            Action::PrevField => {
                if focus > 0 {
                    self.set_focus(step, focus - 1);
                } else if step > 0 {
                    let last = self.prompts(step - 1).len().saturating_sub(1);
                    self.set_focus(step - 1, last);
                }
            }
            Action::NextStep => {
                if step + 1 < n_steps {
                    self.set_focus(step + 1, 0);
                }
            }
            Action::PrevStep => {
                if step > 0 {
                    self.set_focus(step - 1, 0);
                }
            }
            Action::Summary => {
                self.commit();
                self.overlay = Some(Overlay::Summary { scroll: 0 });
            }
            Action::JumpList => {
                if self.leave_field() {
                    self.overlay = Some(Overlay::Jump { selected: step });
                }
            }
            Action::Conflicts => self.open_conflicts(),
            Action::Import => self.open_import(),
            Action::Compare => self.open_compare(),
            Action::Attendance => self.open_attendance(),
            Action::Speaker => self.open_speaker(),
            Action::Vote => self.open_vote(),
            Action::ParkingLot => self.open_parking(),
            Action::OpeningReview => self.open_review(),
            Action::ToggleGuidance => {
                if let Some(s) = self.step_mut() {
                    s.guidance_open = !s.guidance_open;
                }
            }
            Action::Agenda => {
                if self.leave_field() {
                    self.overlay = Some(Overlay::Agenda { selected: step });
                }
            }
            Action::ToggleTimer => self.toggle_timer(),
            Action::Back => {
                if !self.leave_field() {
                    // Esc on text the field cannot take: drop it, keep the recorded value.
                    if let Some(s) = self.step_mut() {
                        s.editor = None;
                    }
                    self.sync_snapshot(false);
                    self.warn(
                        "Not recorded: the text did not fit the field; the previous value is kept",
                    );
                }
            }
            Action::Activate => self.activate(),
            Action::Undo | Action::Redo => {
                let back = action == Action::Undo;
                if self.step_state().is_some_and(|s| s.editor.is_some()) {
                    self.undo_typing(back);
                } else {
                    self.undo_change(back);
                }
            }
            _ => self.field_action(action),
        }
    }

    fn activate(&mut self) {
        let Some(prompt) = self.focused_prompt().cloned() else {
            return;
        };
        let read_only = self.step_state().is_some_and(|s| s.read_only);
        let editing_line = matches!(
            self.step_state().and_then(|s| s.editor.as_ref()),
            Some(Editor::Line { .. })
        );
        if editing_line {
            // Enter in a one-line field: record it and move on.
            let in_cell = matches!(
                self.step_state().and_then(|s| s.editor.as_ref()),
                Some(Editor::Line {
                    target: Target::Item { .. },
                    ..
                })
            );
            if in_cell {
                if self.leave_field() {
                    self.next_cell_after_edit();
                }
            } else {
                self.update_step(Action::NextField);
            }
            return;
        }
        if read_only {
            self.say("Read-only: this session cannot be changed here");
            return;
        }
        if is_text_kind(&prompt.kind) {
            self.start_typing();
        } else if prompt.kind.is_collection() {
            self.edit_cell();
        } else {
            self.field_action(Action::Toggle);
        }
    }

    /// After Enter in a cell: the next column of the same row has the focus,
    /// not typed into until Enter; after the last column, the row stays.
    fn next_cell_after_edit(&mut self) {
        let Some(prompt) = self.focused_prompt().cloned() else {
            return;
        };
        let n = prompt.kind.fields().len();
        if let Some(s) = self.step_mut()
            && s.col + 1 < n
        {
            s.col += 1;
        }
    }

    fn edit_cell(&mut self) {
        let Some(prompt) = self.focused_prompt().cloned() else {
            return;
        };
        let fields = prompt.kind.fields();
        let mask = self.masks(&prompt);
        let hint = self.hidden_hint();
        let Some(s) = self.step_mut() else {
            return;
        };
        let items = s.doc.items_of(&prompt.id);
        let Some((id, item)) = items.get(s.row) else {
            if mask {
                self.say(hint);
                return;
            }
            self.field_action(Action::AddItem);
            return;
        };
        let Some(spec) = fields.get(s.col) else {
            return;
        };
        if mask && spec.ty == FieldType::Text {
            self.say(hint);
            return;
        }
        let id = (*id).to_owned();
        let value = item.field(&spec.id).to_owned();
        let base = item
            .fields
            .get(&spec.id)
            .map(|r| r.entries().iter().map(|e| e.dot.clone()).collect())
            .unwrap_or_default();
        s.base = base;
        s.edited = false;
        s.editor = Some(Editor::Line {
            target: Target::Item {
                id,
                field: spec.id.clone(),
            },
            ty: spec.ty.into(),
            input: Input::new(value),
            label: spec.label.clone(),
            history: Vec::new(),
            future: Vec::new(),
        });
        self.sync_pending();
    }

    fn mark_changed(&mut self) {
        if let Some(s) = self.step_mut() {
            s.dirty = true;
            s.changed_at = Some(Instant::now());
        }
        self.sync_snapshot(true);
    }

    fn field_action(&mut self, action: Action) {
        let Some(prompt) = self.focused_prompt().cloned() else {
            return;
        };
        let stamp = self.stamp();
        let proposer = self.proposer();
        let read_only = self.step_state().is_some_and(|s| s.read_only);
        let edits = matches!(
            action,
            Action::Toggle
                | Action::Level(_)
                | Action::ClearLevel
                | Action::AddItem
                | Action::DeleteItem
                | Action::MoveItemUp
                | Action::MoveItemDown
        ) || (matches!(prompt.kind, Kind::Rating { .. })
            && matches!(action, Action::Left | Action::Right));
        if edits && read_only {
            self.say("Read-only: this session cannot be changed here");
            return;
        }
        if action == Action::AddItem && self.masks(&prompt) {
            self.say(self.hidden_hint());
            return;
        }
        let member = self.identity.member.clone();
        let mut done: Option<undo::Change> = None;
        let Some(s) = self.step_mut() else {
            return;
        };
        let mut changed = false;
        let mut note: Option<String> = None;
        match &prompt.kind {
            Kind::Choice { options } | Kind::Checklist { options } => {
                let n = options.len();
                match action {
                    Action::Up => s.row = s.row.saturating_sub(1),
                    Action::Down => s.row = (s.row + 1).min(n.saturating_sub(1)),
                    Action::Toggle => {
                        if let Some(opt) = options.get(s.row) {
                            if matches!(prompt.kind, Kind::Choice { .. }) {
                                let current =
                                    s.doc.text(&prompt.id).and_then(|r| r.settled().cloned());
                                if current.as_deref() != Some(opt.as_str()) {
                                    done = Some(undo::Change::Answer {
                                        prompt: prompt.id.clone(),
                                        before: s.doc.text_value(&prompt.id).to_owned(),
                                        after: opt.clone(),
                                    });
                                    s.doc.set_text(&prompt.id, opt, &stamp);
                                    changed = true;
                                }
                            } else {
                                let on = s.doc.is_checked(&prompt.id, opt);
                                s.doc.set_check(&prompt.id, opt, !on, &stamp);
                                done = Some(undo::Change::Check {
                                    prompt: prompt.id.clone(),
                                    option: opt.clone(),
                                    before: on,
                                });
                                changed = true;
                            }
                        }
                    }
                    _ => {}
                }
            }
            Kind::Rating { levels } => {
                let max = u8::try_from(levels.len()).unwrap_or(u8::MAX);
                let current = if s.row == 0 {
                    s.doc
                        .member_ratings(&prompt.id)
                        .get(member.as_str())
                        .copied()
                        .unwrap_or(0)
                } else {
                    s.doc.agreed_rating(&prompt.id).unwrap_or(0)
                };
                let new = match action {
                    Action::Up => {
                        s.row = 0;
                        None
                    }
                    Action::Down => {
                        s.row = 1;
                        None
                    }
                    Action::Left => Some(current.saturating_sub(1).max(1)),
                    Action::Right => Some(current.saturating_add(1).min(max)),
                    Action::Level(n) if n >= 1 && n <= max => Some(n),
                    Action::Level(_) => {
                        note = Some(format!("Levels go from 1 to {max}"));
                        None
                    }
                    Action::ClearLevel => Some(0),
                    _ => None,
                };
                if let Some(level) = new
                    && level != current
                {
                    if s.row == 0 {
                        s.doc.set_own_rating(&prompt.id, level, &stamp);
                    } else {
                        s.doc.set_agreed_rating(&prompt.id, level, &stamp);
                    }
                    done = Some(undo::Change::Rating {
                        prompt: prompt.id.clone(),
                        agreed: s.row != 0,
                        before: current,
                        after: level,
                    });
                    changed = true;
                }
            }
            kind if kind.is_collection() => {
                let fields = kind.fields();
                let ids: Vec<String> = s
                    .doc
                    .items_of(&prompt.id)
                    .iter()
                    .map(|(k, _)| (*k).to_owned())
                    .collect();
                let selected = ids.get(s.row).cloned();
                match action {
                    Action::Up => s.row = s.row.saturating_sub(1),
                    Action::Down => s.row = (s.row + 1).min(ids.len().saturating_sub(1)),
                    Action::Left => s.col = s.col.saturating_sub(1),
                    Action::Right => s.col = (s.col + 1).min(fields.len().saturating_sub(1)),
                    Action::AddItem => {
                        let mut fields: Vec<(&str, &str)> = match &proposer {
                            Some(p) if prompt.kind != Kind::Roster => {
                                vec![(crate::doc::PROPOSED_BY, p.as_str())]
                            }
                            _ => Vec::new(),
                        };
                        fields.extend(crate::workshop::value::creation_defaults(&prompt.kind));
                        let id = s.doc.add_item(&prompt.id, &fields, &stamp);
                        let ids = s.doc.items_of(&prompt.id);
                        s.row = ids.iter().position(|(k, _)| *k == id).unwrap_or(0);
                        s.col = 0;
                        done = Some(undo::Change::Added { id });
                        changed = true;
                    }
                    Action::DeleteItem => {
                        if let Some(id) = selected {
                            s.doc.delete_item(&id, &stamp);
                            s.row = s.row.min(ids.len().saturating_sub(2));
                            done = Some(undo::Change::Deleted { id });
                            changed = true;
                            note = Some("Deleted: Ctrl-Z brings it back".into());
                        }
                    }
                    Action::MoveItemUp | Action::MoveItemDown => {
                        let delta = if action == Action::MoveItemUp { -1 } else { 1 };
                        if let Some(id) = selected
                            && s.doc.move_item(&id, delta, &stamp)
                        {
                            let ids = s.doc.items_of(&prompt.id);
                            s.row = ids.iter().position(|(k, _)| *k == id).unwrap_or(0);
                            done = Some(undo::Change::Moved { id, delta });
                            changed = true;
                        }
                    }
                    Action::Toggle => {
                        if let (
                            Some(id),
                            Some(FieldSpec {
                                id: field,
                                ty: FieldType::Status,
                                ..
                            }),
                        ) = (selected, fields.get(s.col))
                        {
                            let current = s
                                .doc
                                .items
                                .get(&id)
                                .map(|i| i.field(field).to_owned())
                                .unwrap_or_default();
                            let next = STATUSES
                                .iter()
                                .position(|st| *st == current)
                                .map_or(0, |i| (i + 1) % STATUSES.len());
                            s.doc.set_item_field(&id, field, STATUSES[next], &stamp);
                            done = Some(undo::Change::Cell {
                                id,
                                field: field.clone(),
                                before: current,
                                after: STATUSES[next].to_owned(),
                            });
                            changed = true;
                        } else {
                            note = Some("Space cycles a status; Enter edits a cell".into());
                        }
                    }
                    _ => {}
                }
                if action == Action::AddItem && changed {
                    if let Some(c) = done {
                        self.record(c);
                    }
                    self.mark_changed();
                    self.edit_cell();
                    return;
                }
            }
            _ => {}
        }
        if let Some(n) = note {
            self.say(n);
        }
        if let Some(c) = done {
            self.record(c);
        }
        if changed {
            self.mark_changed();
        }
    }

    // ----- typing -----

    /// A short name for a prompt, for the footer and hints.
    fn short_label(label: &str) -> String {
        let label = crate::text::clean_line(label);
        let mut out: String = label.chars().take(40).collect();
        if label.chars().count() > 40 {
            out.push('…');
        }
        out
    }

    /// The field being typed into, named for the footer ("Vision", or
    /// "Actions · Owner" for a cell). `None` when nothing is being typed.
    #[must_use]
    pub fn typing_label(&self) -> Option<String> {
        let s = self.step_state()?;
        let editor = s.editor.as_ref()?;
        let prompt = Self::short_label(&self.focused_prompt()?.label);
        Some(match editor {
            Editor::Line {
                target: Target::Item { .. },
                label,
                ..
            } => format!("{prompt} · {}", Self::short_label(label)),
            _ => prompt,
        })
    }

    /// A key that would type, on a step where nothing is being typed: it
    /// types nothing, and the message line says how to type.
    fn not_typing(&mut self, key: &KeyEvent) {
        use ratatui::crossterm::event::{KeyCode, KeyModifiers};
        let printable = matches!(key.code, KeyCode::Char(_))
            && !key
                .modifiers
                .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
        let erasing = matches!(key.code, KeyCode::Backspace | KeyCode::Delete);
        if !printable && !erasing {
            return;
        }
        let Some(prompt) = self.focused_prompt().cloned() else {
            return;
        };
        if !is_text_kind(&prompt.kind) {
            if let KeyCode::Char(c) = key.code
                && printable
            {
                let c = crate::text::clean_line(&c.to_string()).into_owned();
                self.say(format!("{c} does nothing here: F1 lists the keys"));
            }
            return;
        }
        if self.step_state().is_some_and(|s| s.read_only) {
            self.say("Read-only: this session cannot be changed here");
        } else if self.masks(&prompt) {
            self.say(self.hidden_hint());
        } else {
            self.say(format!(
                "Press Enter to type in {}",
                Self::short_label(&prompt.label)
            ));
        }
    }

    /// Text pasted on a step where nothing is being typed: not taken, and
    /// the message line says how to paste it.
    fn not_typing_paste(&mut self) {
        let Some(prompt) = self.focused_prompt().cloned() else {
            return;
        };
        if is_text_kind(&prompt.kind) && !self.masks(&prompt) {
            self.warn(format!(
                "Nothing was pasted: press Enter to type in {}, then paste again",
                Self::short_label(&prompt.label)
            ));
        } else {
            self.warn("Nothing was pasted: this field takes no text here");
        }
    }

    fn type_key(&mut self, key: KeyEvent) {
        match &mut self.screen {
            Screen::Setup(setup) => {
                let ev = Event::Key(key);
                if let Some(req) = tui_input::backend::crossterm::to_input_request(&ev)
                    && let Some(input) = setup.inputs.get_mut(setup.focus)
                {
                    input.handle(req);
                    setup.error = None;
                }
            }
            Screen::Step(s) => {
                let Some(editor) = &mut s.editor else {
                    self.not_typing(&key);
                    return;
                };
                let changed = match editor {
                    Editor::Long { area, .. } => area.input(key),
                    Editor::Line {
                        input,
                        history,
                        future,
                        ..
                    } => {
                        let ev = Event::Key(key);
                        let before = input.value().to_owned();
                        let changed = tui_input::backend::crossterm::to_input_request(&ev)
                            .and_then(|req| input.handle(req))
                            .is_some_and(|r| r.value);
                        if changed {
                            history.push(before);
                            future.clear();
                        }
                        changed
                    }
                };
                if changed {
                    s.dirty = true;
                    s.edited = true;
                    s.changed_at = Some(Instant::now());
                    self.sync_pending();
                }
            }
            Screen::Home(_) => {}
        }
    }

    fn paste(&mut self, text: &str) {
        match &mut self.screen {
            Screen::Setup(setup) => {
                if let Some(input) = setup.inputs.get_mut(setup.focus) {
                    let v = format!("{}{}", input.value(), text.replace(['\n', '\r'], " "));
                    *input = Input::new(v);
                }
            }
            Screen::Step(s) => {
                let Some(editor) = &mut s.editor else {
                    self.not_typing_paste();
                    return;
                };
                match editor {
                    Editor::Long { area, .. } => {
                        area.insert_str(text.replace("\r\n", "\n").replace('\r', "\n"));
                    }
                    Editor::Line {
                        input,
                        history,
                        future,
                        ..
                    } => {
                        history.push(input.value().to_owned());
                        future.clear();
                        for c in text.chars().filter(|c| !c.is_control()) {
                            input.handle(tui_input::InputRequest::InsertChar(c));
                        }
                    }
                }
                s.dirty = true;
                s.edited = true;
                s.changed_at = Some(Instant::now());
                self.sync_pending();
            }
            Screen::Home(_) => {}
        }
    }

    // ----- saving -----

    /// When the autosave is due, if a change waits.
    #[must_use]
    pub fn autosave_due(&self) -> Option<Instant> {
        let s = self.step_state()?;
        if s.read_only || !s.dirty {
            return None;
        }
        s.changed_at.map(|t| t + AUTOSAVE_DELAY)
    }

    /// Record the field being typed and save. `always`: also when nothing changed
    /// (Ctrl-S and quit), so that the position is kept and outside edits merged.
    pub fn save(&mut self, always: bool) {
        let Some(s) = self.step_state() else {
            return;
        };
        if s.read_only {
            if always {
                self.say("Read-only: nothing is saved");
            }
            return;
        }
        if !always && !s.dirty {
            return;
        }
        self.record_time();
        if !self.commit() {
            // An invalid date or score stays in its editor; the rest is saved.
        }
        let sharing = self.identity.sharing;
        let now = self.now.get();
        let Screen::Step(s) = &mut self.screen else {
            return;
        };
        // Saving runs on the input thread: wait only briefly for another
        // member's lock; a failed autosave is tried again later.
        match store::save_waiting(&s.path, &mut s.doc, sharing, TUI_LOCK_WAIT) {
            Ok(saved) => {
                s.dirty = false;
                s.changed_at = None;
                s.saved_at = Some(now);
                s.save_error = None;
                if saved.merged_outside_edits {
                    self.say("Saved, with changes someone else made merged in");
                    self.refresh_others();
                }
            }
            Err(e) => {
                let msg = crate::text::clean_line(&e.to_string()).into_owned();
                s.save_error = Some(msg.clone());
                s.changed_at = Some(Instant::now());
                self.warn(format!("Not saved: {msg}"));
            }
        }
        self.sync_snapshot(true);
    }

    /// Copy the document (when `doc`) and the pending text to the signal thread's snapshot.
    pub fn sync_snapshot(&mut self, doc: bool) {
        let Some(shared) = &self.shared else {
            return;
        };
        let mut snap = lock(shared);
        match &self.screen {
            Screen::Step(s) => {
                if doc || snap.doc.is_none() {
                    snap.doc = Some(s.doc.clone());
                    snap.path = Some(s.path.clone());
                }
                snap.read_only = s.read_only;
                snap.clean = !s.dirty;
                snap.position = self
                    .framework
                    .steps
                    .get(s.step)
                    .and_then(|st| st.prompts.get(s.focus))
                    .map(|p| (u32::try_from(s.step).unwrap_or(0), p.id.clone()));
                snap.pending = s
                    .editor
                    .as_ref()
                    .filter(|_| s.edited)
                    .map(|e| (e.target(), e.text()));
                snap.base.clone_from(&s.base);
                snap.sharing = self.identity.sharing;
                snap.actor = self.identity.actor_for(&s.doc);
                snap.member.clone_from(&self.identity.member);
            }
            _ => {
                snap.doc = None;
                snap.path = None;
                snap.pending = None;
            }
        }
    }

    /// Copy only the half-typed text to the snapshot: cheap, on every keystroke.
    fn sync_pending(&mut self) {
        let Some(shared) = &self.shared else {
            return;
        };
        let Screen::Step(s) = &self.screen else {
            return;
        };
        let Some(editor) = &s.editor else {
            return;
        };
        // Only what leaving the field would record: an invalid date, or a
        // combined answer still being written, stays out.
        let ok = editor.value(&self.framework).ok();
        let mut snap = lock(shared);
        snap.clean = false;
        snap.pending = ok.map(|t| (editor.target(), t));
        snap.base.clone_from(&s.base);
    }
}

/// The home screen's summary of a listed session.
fn home_row(fw: &Framework, listed: store::Listed) -> HomeRow {
    let name = listed
        .path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    match listed.session {
        Ok(loaded) => {
            let doc = &loaded.session;
            let progress = crate::workshop::progress::steps_done(fw, doc);
            HomeRow {
                title: if doc.title().is_empty() {
                    name
                } else {
                    doc.title().to_owned()
                },
                organisation: doc.organisation().to_owned(),
                last_change: Some(doc.last_change()),
                progress,
                steps: fw.steps.len(),
                conflicts: doc.conflicts().len(),
                next_review: next_review(fw, doc),
                error: None,
                read_only: loaded.read_only,
                path: listed.path,
            }
        }
        Err(e) => HomeRow {
            title: name,
            organisation: String::new(),
            last_change: None,
            progress: 0,
            steps: fw.steps.len(),
            conflicts: 0,
            next_review: None,
            error: Some(e.to_string()),
            read_only: true,
            path: listed.path,
        },
    }
}

/// The next review date as shown, by the core's one rule (the report uses it too).
#[must_use]
pub fn next_review(fw: &Framework, doc: &Session) -> Option<String> {
    crate::workshop::review::next_review_shown(fw, doc)
}

/// Whether a screen area is big enough to be useful.
#[must_use]
pub fn big_enough(width: u16, height: u16) -> bool {
    width >= super::MIN_WIDTH && height >= super::MIN_HEIGHT
}
