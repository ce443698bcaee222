//! Keys to actions: the single table behind key handling, the footer and the help screen.
//!
//! Each binding says what it does where it works; the footer and the help
//! screen print that same text, so they cannot disagree.
//!
//! The scheme: a focused text field is not typed into until Enter (or `e`)
//! starts typing, and Esc, Tab or Shift-Tab (or Enter in a one-line field)
//! stops. Commands that work on every field use function keys or Ctrl chords
//! (Alt chords as aliases only); bare letters act only where no text is typed.

use super::action::Action;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// A set of contexts (bit flags): where a binding works.
pub type Ctx = u32;

/// The home screen.
pub const HOME: Ctx = 1;
/// The new-session form.
pub const SETUP: Ctx = 1 << 1;
/// A step screen with nothing being typed.
pub const STEP: Ctx = 1 << 2;
/// Typing into a text field.
pub const EDIT: Ctx = 1 << 3;
/// Typing into a one-line field (Enter records it and moves on).
pub const EDIT_LINE: Ctx = 1 << 4;
/// A focused choice.
pub const CHOICE: Ctx = 1 << 5;
/// A focused rating.
pub const RATING: Ctx = 1 << 6;
/// A focused collection (list, roster, actions, risks, decisions, table).
pub const COLLECTION: Ctx = 1 << 7;
/// The help overlay.
pub const HELP: Ctx = 1 << 8;
/// The list of steps to jump to.
pub const JUMP: Ctx = 1 << 9;
/// A session open for reading only.
pub const READ_ONLY: Ctx = 1 << 10;
/// The summary overlay.
pub const SUMMARY: Ctx = 1 << 11;
/// The conflict screen.
pub const CONFLICTS: Ctx = 1 << 12;
/// The import window (a path being typed).
pub const IMPORT: Ctx = 1 << 13;
/// A read-only report window: what an import brought, or the comparison
/// with the previous review.
pub const REPORT: Ctx = 1 << 14;
/// Attendance: who is present.
pub const ATTENDANCE: Ctx = 1 << 15;
/// Picking the speaker.
pub const SPEAKER: Ctx = 1 << 16;
/// Dot-voting on a list.
pub const VOTE: Ctx = 1 << 17;
/// The parking lot.
pub const PARKING: Ctx = 1 << 18;
/// A parking-lot point being typed.
pub const PARKING_TYPING: Ctx = 1 << 19;
/// The opening review of last time's actions.
pub const OPENING: Ctx = 1 << 20;
/// The presenter view of a step (added to the step's other contexts; not an overlay).
pub const PRESENT: Ctx = 1 << 21;
/// The agenda overlay: planned and actual minutes per step.
pub const AGENDA: Ctx = 1 << 22;
/// A focused text field (text, one-line, date) with nothing being typed.
pub const TEXT: Ctx = 1 << 23;
/// A focused checklist.
pub const CHECKLIST: Ctx = 1 << 24;
/// Every overlay: while one is open only its keys and the global ones work.
pub const OVERLAYS: Ctx = HELP
    | AGENDA
    | JUMP
    | SUMMARY
    | CONFLICTS
    | IMPORT
    | REPORT
    | ATTENDANCE
    | SPEAKER
    | VOTE
    | PARKING
    | PARKING_TYPING
    | OPENING;
/// Everywhere.
pub const GLOBAL: Ctx = Ctx::MAX;
/// Anywhere on a step screen, typing or not.
pub const ANY_STEP: Ctx = STEP | EDIT;
/// Fields that take no text: bare letters may act there.
pub const NO_TEXT: Ctx = CHOICE | CHECKLIST | RATING | COLLECTION;

/// A key with its modifiers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Key {
    /// The key.
    pub code: KeyCode,
    /// Ctrl, Alt, and Shift only with Ctrl (otherwise Shift is folded into
    /// the character, and into Back-Tab).
    pub mods: KeyModifiers,
}

const fn k(code: KeyCode) -> Key {
    Key {
        code,
        mods: KeyModifiers::NONE,
    }
}

const fn ch(c: char) -> Key {
    k(KeyCode::Char(c))
}

const fn f(n: u8) -> Key {
    k(KeyCode::F(n))
}

const fn alt(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        mods: KeyModifiers::ALT,
    }
}

const fn ctrl(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        mods: KeyModifiers::CONTROL,
    }
}

const fn ctrl_shift(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        mods: KeyModifiers::CONTROL.union(KeyModifiers::SHIFT),
    }
}

const UP: Key = k(KeyCode::Up);
const DOWN: Key = k(KeyCode::Down);
const LEFT: Key = k(KeyCode::Left);
const RIGHT: Key = k(KeyCode::Right);
const ENTER: Key = k(KeyCode::Enter);
const ESC: Key = k(KeyCode::Esc);
const TAB: Key = k(KeyCode::Tab);
const BACKTAB: Key = k(KeyCode::BackTab);
const PGUP: Key = k(KeyCode::PageUp);
const PGDN: Key = k(KeyCode::PageDown);
const DEL: Key = k(KeyCode::Delete);
const INS: Key = k(KeyCode::Insert);

/// One row of the key table.
#[derive(Clone, Copy, Debug)]
pub struct Binding {
    /// Where it works.
    pub ctx: Ctx,
    /// The keys, the first one shown in the footer.
    pub keys: &'static [Key],
    /// What it means to the app.
    pub action: Action,
    /// What it does here, in words: the footer and help both print this.
    pub does: &'static str,
    /// Shown in the footer (help shows every binding).
    pub footer: bool,
}

const DIGITS: [Key; 9] = [
    ch('1'),
    ch('2'),
    ch('3'),
    ch('4'),
    ch('5'),
    ch('6'),
    ch('7'),
    ch('8'),
    ch('9'),
];

/// A binding shown in the footer.
const fn b(ctx: Ctx, keys: &'static [Key], action: Action, does: &'static str) -> Binding {
    Binding {
        ctx,
        keys,
        action,
        does,
        footer: true,
    }
}

/// A binding listed in help only.
const fn h(ctx: Ctx, keys: &'static [Key], action: Action, does: &'static str) -> Binding {
    Binding {
        ctx,
        keys,
        action,
        does,
        footer: false,
    }
}

/// The key table, in the order the footer shows it.
pub const BINDINGS: &[Binding] = &[
    // ----- Overlays first: they take the keys while open.
    b(
        HELP,
        &[ESC, ch('q'), ch('?'), f(1)],
        Action::Back,
        "close help",
    ),
    h(HELP, &[UP, ch('k')], Action::Up, "scroll up"),
    h(HELP, &[DOWN, ch('j')], Action::Down, "scroll down"),
    h(HELP, &[PGUP], Action::PrevStep, "scroll up a page"),
    h(HELP, &[PGDN], Action::NextStep, "scroll down a page"),
    h(SUMMARY | REPORT, &[UP, ch('k')], Action::Up, "scroll up"),
    h(
        SUMMARY | REPORT,
        &[DOWN, ch('j')],
        Action::Down,
        "scroll down",
    ),
    h(
        SUMMARY | REPORT,
        &[PGUP],
        Action::PrevStep,
        "scroll up a page",
    ),
    h(
        SUMMARY | REPORT,
        &[PGDN],
        Action::NextStep,
        "scroll down a page",
    ),
    b(SUMMARY, &[ESC, f(5)], Action::Back, "close the summary"),
    b(REPORT, &[ESC, ENTER], Action::Back, "close"),
    h(
        CONFLICTS,
        &[UP, ch('k')],
        Action::Up,
        "the previous conflict",
    ),
    h(
        CONFLICTS,
        &[DOWN, ch('j')],
        Action::Down,
        "the next conflict",
    ),
    h(
        CONFLICTS,
        &[LEFT, ch('h')],
        Action::Left,
        "the value to the left",
    ),
    h(
        CONFLICTS,
        &[RIGHT, ch('l')],
        Action::Right,
        "the value to the right",
    ),
    b(CONFLICTS, &[ENTER], Action::Activate, "keep this value"),
    b(
        CONFLICTS,
        &[ch('e')],
        Action::EditCombined,
        "combine: write one text from every value",
    ),
    b(CONFLICTS, &[ESC], Action::Back, "close"),
    h(ATTENDANCE, &[UP, ch('k')], Action::Up, "the person above"),
    h(
        ATTENDANCE,
        &[DOWN, ch('j')],
        Action::Down,
        "the person below",
    ),
    b(
        ATTENDANCE,
        &[ch(' '), ENTER],
        Action::Toggle,
        "present / not present",
    ),
    b(ATTENDANCE, &[ESC], Action::Back, "done"),
    b(SPEAKER, &DIGITS, Action::Level(0), "that person speaks"),
    b(
        SPEAKER,
        &[ch('0')],
        Action::ClearLevel,
        "the facilitator speaks",
    ),
    b(SPEAKER, &[ESC], Action::Back, "cancel"),
    h(VOTE, &[UP, ch('k')], Action::Up, "the item above"),
    h(VOTE, &[DOWN, ch('j')], Action::Down, "the item below"),
    b(VOTE, &[RIGHT, ch('+'), ch(' ')], Action::Right, "+1 vote"),
    b(VOTE, &[LEFT, ch('-')], Action::Left, "-1 vote"),
    b(VOTE, &[TAB], Action::NextField, "next voter"),
    h(VOTE, &[BACKTAB], Action::PrevField, "previous voter"),
    b(VOTE, &[ch('o')], Action::OrderByVotes, "order by votes"),
    h(
        VOTE,
        &[ch('>')],
        Action::MoreVotes,
        "one more vote each, per list",
    ),
    h(
        VOTE,
        &[ch('<')],
        Action::FewerVotes,
        "one vote fewer each, per list",
    ),
    b(VOTE, &[ESC], Action::Back, "done"),
    b(
        PARKING_TYPING,
        &[ENTER],
        Action::Activate,
        "park this point",
    ),
    b(PARKING_TYPING, &[ESC], Action::Back, "drop the point"),
    h(PARKING, &[UP, ch('k')], Action::Up, "the point above"),
    h(PARKING, &[DOWN, ch('j')], Action::Down, "the point below"),
    b(PARKING, &[ch('a'), INS], Action::AddItem, "add a point"),
    b(PARKING, &[ENTER], Action::Activate, "make it an action"),
    b(
        PARKING,
        &[ch('d'), DEL],
        Action::DeleteItem,
        "delete the point",
    ),
    b(PARKING, &[ESC], Action::Back, "close"),
    h(OPENING, &[UP, ch('k')], Action::Up, "the action above"),
    h(OPENING, &[DOWN, ch('j')], Action::Down, "the action below"),
    b(OPENING, &[ch('1')], Action::Level(1), "done"),
    b(OPENING, &[ch('2')], Action::Level(2), "stuck"),
    b(OPENING, &[ch('3')], Action::Level(3), "dropped"),
    b(
        OPENING,
        &[ch('4')],
        Action::Level(4),
        "carried into this review",
    ),
    b(OPENING, &[ESC], Action::Back, "later"),
    h(IMPORT, &[UP], Action::Up, "the copy found above"),
    h(IMPORT, &[DOWN], Action::Down, "the copy found below"),
    b(IMPORT, &[ENTER], Action::Activate, "import this copy"),
    b(IMPORT, &[ESC], Action::Back, "cancel"),
    h(JUMP, &[UP, ch('k')], Action::Up, "the step above"),
    h(JUMP, &[DOWN, ch('j')], Action::Down, "the step below"),
    b(JUMP, &[ENTER], Action::Activate, "go to that step"),
    b(JUMP, &DIGITS, Action::Level(0), "go to step n"),
    b(JUMP, &[ESC], Action::Back, "close"),
    h(AGENDA, &[UP, ch('k')], Action::Up, "the step above"),
    h(AGENDA, &[DOWN, ch('j')], Action::Down, "the step below"),
    b(
        AGENDA,
        &[ch('+'), ch('='), RIGHT],
        Action::MoreMinutes,
        "5 more minutes",
    ),
    b(
        AGENDA,
        &[ch('-'), LEFT],
        Action::FewerMinutes,
        "5 fewer minutes",
    ),
    b(AGENDA, &[ENTER], Action::Activate, "go to that step"),
    b(AGENDA, &[ESC, f(6)], Action::Back, "close"),
    // ----- Typing into a field: how to stop comes first in the footer.
    b(EDIT, &[ESC], Action::Back, "stop typing"),
    // ----- Help, everywhere.
    b(GLOBAL & !HELP & !JUMP, &[f(1)], Action::Help, "help"),
    h(
        STEP | HOME | NO_TEXT,
        &[ch('?')],
        Action::Help,
        "help (outside a text being typed)",
    ),
    // ----- Typing into a field.
    b(EDIT_LINE, &[ENTER], Action::Activate, "record, next field"),
    h(
        EDIT,
        &[ctrl('z')],
        Action::Undo,
        "undo typing in this field",
    ),
    h(
        EDIT,
        &[ctrl('y'), ctrl_shift('z')],
        Action::Redo,
        "redo typing in this field",
    ),
    // ----- A focused text field, nothing typed yet.
    b(TEXT, &[ENTER, ch('e')], Action::Activate, "type"),
    // ----- Home.
    h(HOME, &[UP, ch('k')], Action::Up, "the session above"),
    h(HOME, &[DOWN, ch('j')], Action::Down, "the session below"),
    b(HOME, &[ENTER], Action::Open, "open"),
    b(HOME, &[ch('r')], Action::OpenReadOnly, "open read-only"),
    b(HOME, &[ch('n')], Action::NewSession, "new session"),
    b(HOME, &[ch('d')], Action::OpenDemo, "open the demo"),
    b(HOME, &[f(5), ch('s')], Action::Summary, "summary"),
    b(HOME, &[ch('q')], Action::Quit, "quit"),
    // ----- Setup: a form of three lines, typed into as they get the focus.
    b(SETUP, &[TAB], Action::NextField, "next line"),
    h(SETUP, &[BACKTAB], Action::PrevField, "previous line"),
    b(SETUP, &[ENTER], Action::Activate, "next line / create"),
    b(SETUP, &[ESC], Action::Back, "cancel"),
    // ----- Choices and checklists.
    h(CHOICE, &[UP], Action::Up, "the option above"),
    h(CHOICE, &[DOWN], Action::Down, "the option below"),
    b(CHOICE, &[ch(' '), ENTER], Action::Toggle, "choose"),
    h(CHECKLIST, &[UP], Action::Up, "the option above"),
    h(CHECKLIST, &[DOWN], Action::Down, "the option below"),
    b(
        CHECKLIST,
        &[ch(' '), ENTER],
        Action::Toggle,
        "tick / untick",
    ),
    // ----- Ratings.
    h(RATING, &[UP], Action::Up, "your rating"),
    h(RATING, &[DOWN], Action::Down, "the agreed level"),
    h(RATING, &[LEFT], Action::Left, "one level lower"),
    h(RATING, &[RIGHT], Action::Right, "one level higher"),
    b(RATING, &DIGITS, Action::Level(0), "set that level"),
    b(
        RATING,
        &[ch('0'), DEL, k(KeyCode::Backspace)],
        Action::ClearLevel,
        "clear",
    ),
    // ----- Collections.
    h(COLLECTION, &[UP], Action::Up, "the row above"),
    h(COLLECTION, &[DOWN], Action::Down, "the row below"),
    h(COLLECTION, &[LEFT], Action::Left, "the column to the left"),
    h(
        COLLECTION,
        &[RIGHT],
        Action::Right,
        "the column to the right",
    ),
    b(COLLECTION, &[ENTER], Action::Activate, "type in the cell"),
    b(COLLECTION, &[ch('a'), INS], Action::AddItem, "add a row"),
    b(
        COLLECTION,
        &[ch('d'), DEL],
        Action::DeleteItem,
        "delete the row",
    ),
    h(
        COLLECTION,
        &[ch('['), ch('K')],
        Action::MoveItemUp,
        "move the row up",
    ),
    h(
        COLLECTION,
        &[ch(']'), ch('J')],
        Action::MoveItemDown,
        "move the row down",
    ),
    h(
        COLLECTION,
        &[ch(' ')],
        Action::Toggle,
        "the next status (in a status column)",
    ),
    h(
        COLLECTION,
        &[ch('v')],
        Action::Vote,
        "dot-vote on this list",
    ),
    h(
        NO_TEXT,
        &[ch('i')],
        Action::ToggleGuidance,
        "more or less of the step's guidance",
    ),
    // ----- Undo, outside a text being typed.
    h(STEP, &[ctrl('z')], Action::Undo, "undo the last change"),
    h(NO_TEXT, &[ch('u')], Action::Undo, "undo the last change"),
    h(
        STEP,
        &[ctrl('y'), ctrl_shift('z')],
        Action::Redo,
        "redo what was undone",
    ),
    // ----- Step screens, typing or not: the same keys on every field.
    b(ANY_STEP, &[TAB], Action::NextField, "next field"),
    h(ANY_STEP, &[BACKTAB], Action::PrevField, "previous field"),
    b(ANY_STEP, &[PGDN, ctrl('n')], Action::NextStep, "next step"),
    h(
        ANY_STEP,
        &[PGUP, ctrl('p')],
        Action::PrevStep,
        "previous step",
    ),
    b(
        ANY_STEP,
        &[ctrl('g'), alt('g')],
        Action::JumpList,
        "go to a step",
    ),
    h(ANY_STEP, &[f(5)], Action::Summary, "the summary"),
    h(
        ANY_STEP,
        &[alt('i')],
        Action::ToggleGuidance,
        "more or less of the step's guidance",
    ),
    h(
        ANY_STEP,
        &[f(7)],
        Action::Conflicts,
        "settle conflicts: every value side by side",
    ),
    h(
        ANY_STEP,
        &[f(8)],
        Action::Import,
        "import a member's copy of this session",
    ),
    h(
        ANY_STEP,
        &[alt('c')],
        Action::Compare,
        "compare with the previous review",
    ),
    // The meeting.
    h(
        ANY_STEP,
        &[ctrl('t'), alt('w')],
        Action::Attendance,
        "who is here: mark who is present",
    ),
    h(
        ANY_STEP,
        &[f(10), alt('s')],
        Action::Speaker,
        "pick who is speaking",
    ),
    h(
        ANY_STEP,
        &[f(11)],
        Action::Vote,
        "dot-vote on the focused list",
    ),
    h(
        ANY_STEP,
        &[f(12), ctrl('l'), alt('l')],
        Action::ParkingLot,
        "the parking lot",
    ),
    h(
        ANY_STEP,
        &[ctrl('o'), alt('o')],
        Action::OpeningReview,
        "review last time's open actions",
    ),
    b(PRESENT, &[f(3)], Action::Reveal, "reveal the hidden answer"),
    h(
        ANY_STEP,
        &[f(4)],
        Action::TogglePresenter,
        "presenter view, or back",
    ),
    h(
        ANY_STEP,
        &[f(6)],
        Action::Agenda,
        "the agenda: planned and actual minutes",
    ),
    h(
        ANY_STEP,
        &[f(9)],
        Action::ToggleTimer,
        "start or pause the meeting clock",
    ),
    // ----- Everywhere, last in the footer.
    b(
        GLOBAL & !HELP & !HOME & !SETUP,
        &[ctrl('s')],
        Action::Save,
        "save",
    ),
    b(GLOBAL, &[ctrl('q'), ctrl('c')], Action::Quit, "quit"),
    h(
        GLOBAL,
        &[f(2)],
        Action::ToggleContrast,
        "high-contrast colours, or back",
    ),
    h(
        GLOBAL,
        &[f(3)],
        Action::ToggleSensitive,
        "hide or show answers that may name a learner",
    ),
];

/// Normalise a key event: Shift is part of the character (and of Back-Tab),
/// except with Ctrl, where it is kept (Ctrl-Shift-Z).
fn normalise(ev: &KeyEvent) -> Key {
    let mut mods = ev.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT);
    let code = match ev.code {
        KeyCode::Char(c) if mods.contains(KeyModifiers::CONTROL) => {
            if ev.modifiers.contains(KeyModifiers::SHIFT) || c.is_ascii_uppercase() {
                mods |= KeyModifiers::SHIFT;
            }
            KeyCode::Char(c.to_ascii_lowercase())
        }
        other => other,
    };
    if matches!(code, KeyCode::BackTab) {
        mods = KeyModifiers::NONE;
    }
    Key { code, mods }
}

/// The action a key means in these contexts, if any. The first binding wins.
#[must_use]
pub fn lookup(ctx: Ctx, ev: &KeyEvent) -> Option<Action> {
    let key = normalise(ev);
    let find = |key: Key| {
        BINDINGS
            .iter()
            .filter(|b| works(b, ctx))
            .find(|b| b.keys.contains(&key))
    };
    // Ctrl-Shift-S is Ctrl-S unless something claims it with Shift.
    let found = find(key).or_else(|| {
        key.mods.contains(KeyModifiers::SHIFT).then(|| {
            find(Key {
                code: key.code,
                mods: key.mods - KeyModifiers::SHIFT,
            })
        })?
    })?;
    Some(match (found.action, key.code) {
        (Action::Level(_), KeyCode::Char(c)) => Action::Level(
            c.to_digit(10)
                .and_then(|d| u8::try_from(d).ok())
                .unwrap_or(0),
        ),
        (a, _) => a,
    })
}

/// The bindings that work in these contexts, in table order.
pub fn active(ctx: Ctx) -> impl Iterator<Item = &'static Binding> {
    BINDINGS.iter().filter(move |b| works(b, ctx))
}

/// Whether a binding works in these contexts. Under an overlay only the
/// overlay's own keys and the ones that work everywhere else do.
fn works(b: &Binding, ctx: Ctx) -> bool {
    if b.ctx & ctx == 0 {
        return false;
    }
    ctx & OVERLAYS == 0 || b.ctx & OVERLAYS & ctx != 0 || b.ctx | OVERLAYS == GLOBAL
}

/// The bindings that really act in these contexts: the ones whose keys an
/// earlier binding has not already claimed.
pub fn effective(ctx: Ctx) -> Vec<&'static Binding> {
    let mut claimed: Vec<Key> = Vec::new();
    let mut out = Vec::new();
    for b in active(ctx) {
        let shadowed = b.keys.iter().all(|k| claimed.contains(k));
        claimed.extend_from_slice(b.keys);
        if !shadowed {
            out.push(b);
        }
    }
    out
}

/// What the footer shows in these contexts: key name, what it does, the action.
#[must_use]
pub fn footer_items(ctx: Ctx) -> Vec<(String, &'static str, Action)> {
    effective(ctx)
        .into_iter()
        .filter(|b| b.footer)
        .filter_map(|b| {
            let first = b.keys.first()?;
            let key = if matches!(b.action, Action::Level(_)) {
                digits_label(b).unwrap_or_else(|| key_name(first))
            } else {
                key_name(first)
            };
            Some((key, b.does, b.action))
        })
        .collect()
}

/// A key's name as people write it.
#[must_use]
pub fn key_name(key: &Key) -> String {
    let base = match key.code {
        KeyCode::Char(' ') => "Space".to_owned(),
        KeyCode::Char(c) => c.to_string(),
        KeyCode::Enter => "Enter".into(),
        KeyCode::Esc => "Esc".into(),
        KeyCode::Tab => "Tab".into(),
        KeyCode::BackTab => "Shift-Tab".into(),
        KeyCode::PageDown => "PgDn".into(),
        KeyCode::PageUp => "PgUp".into(),
        KeyCode::Up => "↑".into(),
        KeyCode::Down => "↓".into(),
        KeyCode::Left => "←".into(),
        KeyCode::Right => "→".into(),
        KeyCode::Delete => "Del".into(),
        KeyCode::Insert => "Ins".into(),
        KeyCode::Backspace => "Backspace".into(),
        KeyCode::F(n) => format!("F{n}"),
        other => format!("{other:?}"),
    };
    let mut out = String::new();
    if key.mods.contains(KeyModifiers::CONTROL) {
        out.push_str("Ctrl-");
        if key.mods.contains(KeyModifiers::SHIFT) {
            out.push_str("Shift-");
        }
        return out + &base.to_uppercase();
    }
    if key.mods.contains(KeyModifiers::ALT) {
        out.push_str("Alt-");
        return out + &base.to_uppercase();
    }
    out + &base
}

/// `1-9` for a binding of the digits 1 to 9, `4` for one digit.
fn digits_label(binding: &Binding) -> Option<String> {
    let digits: Vec<char> = binding
        .keys
        .iter()
        .map(|k| match k.code {
            KeyCode::Char(c) if c.is_ascii_digit() && k.mods.is_empty() => Some(c),
            _ => None,
        })
        .collect::<Option<_>>()?;
    match digits.as_slice() {
        [] => None,
        [one] => Some(one.to_string()),
        [first, .., last] => Some(format!("{first}-{last}")),
    }
}

/// The keys of a binding as shown in help: `PgDn / Ctrl-N`, or `1-9` for digits.
#[must_use]
pub fn keys_label(binding: &Binding) -> String {
    if let Some(d) = digits_label(binding) {
        return d;
    }
    binding
        .keys
        .iter()
        .map(key_name)
        .collect::<Vec<_>>()
        .join(" / ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    #[test]
    fn f1_is_help_everywhere_and_question_mark_outside_text() {
        for ctx in [
            HOME,
            STEP,
            STEP | TEXT,
            EDIT,
            EDIT | EDIT_LINE,
            STEP | COLLECTION,
            SETUP,
        ] {
            assert_eq!(
                lookup(ctx, &key(KeyCode::F(1), KeyModifiers::NONE)),
                Some(Action::Help)
            );
        }
        assert_eq!(
            lookup(STEP, &key(KeyCode::Char('?'), KeyModifiers::SHIFT)),
            Some(Action::Help)
        );
        assert_eq!(
            lookup(EDIT, &key(KeyCode::Char('?'), KeyModifiers::SHIFT)),
            None
        );
    }

    #[test]
    fn digits_carry_their_value() {
        assert_eq!(
            lookup(STEP | RATING, &key(KeyCode::Char('4'), KeyModifiers::NONE)),
            Some(Action::Level(4))
        );
        assert_eq!(
            lookup(STEP | OPENING, &key(KeyCode::Char('3'), KeyModifiers::NONE)),
            Some(Action::Level(3))
        );
    }

    #[test]
    fn overlays_take_the_keys() {
        assert_eq!(
            lookup(HELP | STEP, &key(KeyCode::Tab, KeyModifiers::NONE)),
            None
        );
        assert_eq!(
            lookup(HELP | STEP, &key(KeyCode::Char('q'), KeyModifiers::CONTROL)),
            Some(Action::Quit)
        );
        assert_eq!(
            lookup(JUMP | STEP, &key(KeyCode::Esc, KeyModifiers::NONE)),
            Some(Action::Back)
        );
    }

    #[test]
    fn shift_tab_and_ctrl_keys() {
        assert_eq!(
            lookup(EDIT, &key(KeyCode::BackTab, KeyModifiers::SHIFT)),
            Some(Action::PrevField)
        );
        assert_eq!(
            lookup(EDIT, &key(KeyCode::Char('n'), KeyModifiers::CONTROL)),
            Some(Action::NextStep)
        );
        assert_eq!(
            lookup(EDIT, &key(KeyCode::Char('n'), KeyModifiers::NONE)),
            None
        );
        assert_eq!(
            lookup(
                EDIT,
                &key(
                    KeyCode::Char('Z'),
                    KeyModifiers::CONTROL | KeyModifiers::SHIFT
                )
            ),
            Some(Action::Redo)
        );
        assert_eq!(
            lookup(
                STEP,
                &key(
                    KeyCode::Char('S'),
                    KeyModifiers::CONTROL | KeyModifiers::SHIFT
                )
            ),
            Some(Action::Save)
        );
    }

    /// The commands that must work the same way on every field.
    const GLOBALS: [Action; 15] = [
        Action::JumpList,
        Action::Attendance,
        Action::Speaker,
        Action::Vote,
        Action::ParkingLot,
        Action::Agenda,
        Action::TogglePresenter,
        Action::Import,
        Action::Conflicts,
        Action::Summary,
        Action::Help,
        Action::Save,
        Action::Quit,
        Action::NextStep,
        Action::OpeningReview,
    ];

    /// Every step context a field can give.
    const FIELD_CTXS: [Ctx; 8] = [
        STEP | TEXT,
        EDIT,
        EDIT | EDIT_LINE,
        STEP | CHOICE,
        STEP | CHECKLIST,
        STEP | RATING,
        STEP | COLLECTION,
        STEP | TEXT | PRESENT,
    ];

    #[test]
    fn global_commands_have_one_key_that_works_on_every_field() {
        for action in GLOBALS {
            let shared = BINDINGS
                .iter()
                .filter(|b| b.action == action)
                .flat_map(|b| b.keys.iter())
                .find(|key| {
                    FIELD_CTXS
                        .iter()
                        .all(|&ctx| lookup(ctx, &KeyEvent::new(key.code, key.mods)) == Some(action))
                });
            assert!(
                shared.is_some(),
                "{action:?} has no key that works on every field"
            );
        }
    }

    #[test]
    fn no_bare_letter_is_a_command_on_a_text_field() {
        for c in ('a'..='z').chain('A'..='Z').chain('0'..='9') {
            for ctx in [STEP | TEXT, EDIT, EDIT | EDIT_LINE, STEP | TEXT | PRESENT] {
                if c == 'e' && ctx & TEXT != 0 {
                    continue;
                }
                assert_eq!(
                    lookup(ctx, &key(KeyCode::Char(c), KeyModifiers::NONE)),
                    None,
                    "{c} is a command in context {ctx:#x}",
                );
            }
        }
        // `e` starts typing, and nothing else, on a text field.
        assert_eq!(
            lookup(STEP | TEXT, &key(KeyCode::Char('e'), KeyModifiers::NONE)),
            Some(Action::Activate)
        );
    }

    #[test]
    fn global_keys_are_not_the_editors_own() {
        // Keys the text editors use for editing (ratatui-textarea, tui-input).
        let editor: [Key; 14] = [
            ctrl('a'),
            ctrl('b'),
            ctrl('d'),
            ctrl('e'),
            ctrl('f'),
            ctrl('h'),
            ctrl('k'),
            ctrl('r'),
            ctrl('u'),
            ctrl('v'),
            ctrl('w'),
            ctrl('x'),
            alt('b'),
            alt('f'),
        ];
        for binding in BINDINGS.iter().filter(|b| b.ctx & EDIT != 0) {
            for key in binding.keys {
                assert!(
                    !editor.contains(key),
                    "{} is an editing key, yet a command while typing",
                    key_name(key)
                );
            }
        }
    }

    #[test]
    fn every_binding_says_what_it_does() {
        for b in BINDINGS {
            assert!(!b.does.trim().is_empty(), "{:?} has no text", b.action);
            assert!(!b.keys.is_empty(), "{:?} has no key", b.action);
        }
    }
}
