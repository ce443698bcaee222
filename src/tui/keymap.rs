//! Keys to actions: the single table behind key handling, the footer and the help screen.

use super::action::Action;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// A set of contexts (bit flags): where a binding works.
pub type Ctx = u32;

/// The home screen.
pub const HOME: Ctx = 1;
/// The new-session form.
pub const SETUP: Ctx = 1 << 1;
/// A step screen with no text being edited.
pub const STEP: Ctx = 1 << 2;
/// A text field being edited.
pub const EDIT: Ctx = 1 << 3;
/// A one-line text field being edited (Enter moves on).
pub const EDIT_LINE: Ctx = 1 << 4;
/// A focused choice or checklist.
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
/// Anywhere on a step screen, editing or not.
pub const ANY_STEP: Ctx = STEP | EDIT;

/// A key with its modifiers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Key {
    /// The key.
    pub code: KeyCode,
    /// Ctrl, Alt (Shift is folded into the character).
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

/// One row of the key table.
#[derive(Clone, Copy, Debug)]
pub struct Binding {
    /// Where it works.
    pub ctx: Ctx,
    /// The keys, the first one shown in the footer.
    pub keys: &'static [Key],
    /// What it does.
    pub action: Action,
    /// A short label for the footer; empty to leave it out of the footer.
    pub label: &'static str,
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

const fn b(ctx: Ctx, keys: &'static [Key], action: Action, label: &'static str) -> Binding {
    Binding {
        ctx,
        keys,
        action,
        label,
    }
}

/// The key table, in the order the footer shows it.
pub const BINDINGS: &[Binding] = &[
    // Overlays first: they take the keys while open.
    b(
        HELP,
        &[k(KeyCode::Esc), ch('q'), ch('?'), k(KeyCode::F(1))],
        Action::Back,
        "close",
    ),
    b(
        HELP | JUMP | SUMMARY | REPORT | CONFLICTS | ATTENDANCE | VOTE | PARKING | OPENING | AGENDA,
        &[k(KeyCode::Up), ch('k')],
        Action::Up,
        "",
    ),
    b(
        HELP | JUMP | SUMMARY | REPORT | CONFLICTS | ATTENDANCE | VOTE | PARKING | OPENING | AGENDA,
        &[k(KeyCode::Down), ch('j')],
        Action::Down,
        "",
    ),
    b(
        SUMMARY | REPORT,
        &[k(KeyCode::PageUp)],
        Action::PrevStep,
        "",
    ),
    b(
        SUMMARY | REPORT,
        &[k(KeyCode::PageDown)],
        Action::NextStep,
        "",
    ),
    b(
        SUMMARY,
        &[k(KeyCode::Esc), k(KeyCode::F(5))],
        Action::Back,
        "close",
    ),
    b(
        REPORT,
        &[k(KeyCode::Esc), k(KeyCode::Enter)],
        Action::Back,
        "close",
    ),
    b(CONFLICTS, &[k(KeyCode::Left), ch('h')], Action::Left, ""),
    b(CONFLICTS, &[k(KeyCode::Right), ch('l')], Action::Right, ""),
    b(
        CONFLICTS,
        &[k(KeyCode::Enter)],
        Action::Activate,
        "keep this one",
    ),
    b(CONFLICTS, &[ch('e')], Action::EditCombined, "combine"),
    b(CONFLICTS, &[k(KeyCode::Esc)], Action::Back, "close"),
    b(
        ATTENDANCE,
        &[ch(' '), k(KeyCode::Enter)],
        Action::Toggle,
        "present / not",
    ),
    b(ATTENDANCE, &[k(KeyCode::Esc)], Action::Back, "done"),
    b(SPEAKER, &DIGITS, Action::Level(0), "speaker n"),
    b(SPEAKER, &[ch('0')], Action::ClearLevel, "facilitator"),
    b(SPEAKER, &[k(KeyCode::Esc)], Action::Back, "cancel"),
    b(
        VOTE,
        &[k(KeyCode::Right), ch('+'), ch(' ')],
        Action::Right,
        "+1 vote",
    ),
    b(VOTE, &[k(KeyCode::Left), ch('-')], Action::Left, "-1"),
    b(VOTE, &[k(KeyCode::Tab)], Action::NextField, "next voter"),
    b(VOTE, &[k(KeyCode::BackTab)], Action::PrevField, ""),
    b(VOTE, &[ch('o')], Action::OrderByVotes, "order list"),
    b(VOTE, &[ch('>')], Action::MoreVotes, ""),
    b(VOTE, &[ch('<')], Action::FewerVotes, ""),
    b(VOTE, &[k(KeyCode::Esc)], Action::Back, "done"),
    b(
        PARKING_TYPING,
        &[k(KeyCode::Enter)],
        Action::Activate,
        "park it",
    ),
    b(PARKING_TYPING, &[k(KeyCode::Esc)], Action::Back, "cancel"),
    b(
        PARKING,
        &[ch('a'), k(KeyCode::Insert)],
        Action::AddItem,
        "add",
    ),
    b(
        PARKING,
        &[k(KeyCode::Enter)],
        Action::Activate,
        "make it an action",
    ),
    b(
        PARKING,
        &[ch('d'), k(KeyCode::Delete)],
        Action::DeleteItem,
        "delete",
    ),
    b(PARKING, &[k(KeyCode::Esc)], Action::Back, "close"),
    b(
        OPENING,
        &[ch('1'), ch('2'), ch('3'), ch('4')],
        Action::Level(0),
        "1 done 2 stuck 3 dropped 4 carried",
    ),
    b(OPENING, &[k(KeyCode::Esc)], Action::Back, "close"),
    b(IMPORT, &[k(KeyCode::Up)], Action::Up, ""),
    b(IMPORT, &[k(KeyCode::Down)], Action::Down, ""),
    b(IMPORT, &[k(KeyCode::Enter)], Action::Activate, "import"),
    b(IMPORT, &[k(KeyCode::Esc)], Action::Back, "cancel"),
    b(JUMP, &[k(KeyCode::Enter)], Action::Activate, "go"),
    b(JUMP, &DIGITS, Action::Level(0), "step n"),
    b(JUMP, &[k(KeyCode::Esc)], Action::Back, "close"),
    b(
        AGENDA,
        &[ch('+'), ch('='), k(KeyCode::Right)],
        Action::MoreMinutes,
        "more time",
    ),
    b(
        AGENDA,
        &[ch('-'), k(KeyCode::Left)],
        Action::FewerMinutes,
        "less time",
    ),
    b(AGENDA, &[k(KeyCode::Enter)], Action::Activate, "go to step"),
    b(
        AGENDA,
        &[k(KeyCode::Esc), k(KeyCode::F(6))],
        Action::Back,
        "close",
    ),
    // Everywhere.
    b(
        GLOBAL & !HELP & !JUMP,
        &[k(KeyCode::F(1))],
        Action::Help,
        "help",
    ),
    b(
        STEP | HOME | CHOICE | RATING | COLLECTION,
        &[ch('?')],
        Action::Help,
        "",
    ),
    // Text being edited.
    b(EDIT, &[k(KeyCode::Esc)], Action::Back, "leave field"),
    b(EDIT_LINE, &[k(KeyCode::Enter)], Action::Activate, "done"),
    // Home.
    b(HOME, &[k(KeyCode::Up), ch('k')], Action::Up, ""),
    b(HOME, &[k(KeyCode::Down), ch('j')], Action::Down, ""),
    b(HOME, &[k(KeyCode::Enter)], Action::Open, "open"),
    b(HOME, &[ch('r')], Action::OpenReadOnly, "read-only"),
    b(HOME, &[ch('n')], Action::NewSession, "new"),
    b(HOME, &[ch('d')], Action::OpenDemo, "demo"),
    b(
        HOME,
        &[k(KeyCode::F(5)), ch('s')],
        Action::Summary,
        "summary",
    ),
    b(HOME, &[ch('q')], Action::Quit, "quit"),
    // Setup.
    b(SETUP, &[k(KeyCode::Tab)], Action::NextField, "next"),
    b(SETUP, &[k(KeyCode::BackTab)], Action::PrevField, ""),
    b(
        SETUP,
        &[k(KeyCode::Enter)],
        Action::Activate,
        "next / create",
    ),
    b(SETUP, &[k(KeyCode::Esc)], Action::Back, "cancel"),
    // Choices and checklists.
    b(CHOICE, &[k(KeyCode::Up)], Action::Up, ""),
    b(CHOICE, &[k(KeyCode::Down)], Action::Down, ""),
    b(
        CHOICE,
        &[ch(' '), k(KeyCode::Enter)],
        Action::Toggle,
        "choose",
    ),
    // Ratings.
    b(RATING, &[k(KeyCode::Up)], Action::Up, ""),
    b(RATING, &[k(KeyCode::Down)], Action::Down, ""),
    b(RATING, &[k(KeyCode::Left)], Action::Left, ""),
    b(RATING, &[k(KeyCode::Right)], Action::Right, ""),
    b(RATING, &DIGITS, Action::Level(0), "level"),
    b(
        RATING,
        &[ch('0'), k(KeyCode::Delete), k(KeyCode::Backspace)],
        Action::ClearLevel,
        "clear",
    ),
    // Collections.
    b(COLLECTION, &[k(KeyCode::Up)], Action::Up, ""),
    b(COLLECTION, &[k(KeyCode::Down)], Action::Down, ""),
    b(COLLECTION, &[k(KeyCode::Left)], Action::Left, ""),
    b(COLLECTION, &[k(KeyCode::Right)], Action::Right, ""),
    b(COLLECTION, &[k(KeyCode::Enter)], Action::Activate, "edit"),
    b(
        COLLECTION,
        &[ch('a'), k(KeyCode::Insert)],
        Action::AddItem,
        "add",
    ),
    b(
        COLLECTION,
        &[ch('d'), k(KeyCode::Delete)],
        Action::DeleteItem,
        "delete",
    ),
    b(COLLECTION, &[ch('u'), ctrl('z')], Action::Undo, "undo"),
    b(COLLECTION, &[ch('['), ch('K')], Action::MoveItemUp, "move"),
    b(COLLECTION, &[ch(']'), ch('J')], Action::MoveItemDown, ""),
    b(COLLECTION, &[ch(' ')], Action::Toggle, ""),
    // Step screens.
    b(
        ANY_STEP,
        &[k(KeyCode::Tab)],
        Action::NextField,
        "next field",
    ),
    b(ANY_STEP, &[k(KeyCode::BackTab)], Action::PrevField, ""),
    b(
        ANY_STEP,
        &[k(KeyCode::PageDown), ctrl('n')],
        Action::NextStep,
        "next step",
    ),
    b(
        ANY_STEP,
        &[k(KeyCode::PageUp), ctrl('p')],
        Action::PrevStep,
        "prev step",
    ),
    b(ANY_STEP, &[ctrl('g')], Action::JumpList, ""),
    b(STEP, &[ch('g')], Action::JumpList, "steps"),
    b(ANY_STEP, &[k(KeyCode::F(5))], Action::Summary, ""),
    b(STEP, &[ch('i')], Action::ToggleGuidance, "guidance"),
    b(
        STEP,
        &[ch('c'), k(KeyCode::F(7))],
        Action::Conflicts,
        "conflicts",
    ),
    b(EDIT, &[k(KeyCode::F(7))], Action::Conflicts, ""),
    b(STEP, &[ch('m'), k(KeyCode::F(8))], Action::Import, ""),
    b(EDIT, &[k(KeyCode::F(8))], Action::Import, ""),
    b(STEP, &[ch('p')], Action::Compare, ""),
    // The meeting.
    b(STEP, &[ch('w')], Action::Attendance, "who's here"),
    b(STEP, &[ch('s')], Action::Speaker, "speaker"),
    b(STEP, &[ch('v')], Action::Vote, ""),
    b(
        STEP,
        &[ch('l'), k(KeyCode::F(12))],
        Action::ParkingLot,
        "parking lot",
    ),
    b(EDIT, &[k(KeyCode::F(12))], Action::ParkingLot, ""),
    b(STEP, &[ch('o')], Action::OpeningReview, ""),
    // The same while typing in a text field (the letters type there).
    b(EDIT, &[alt('w')], Action::Attendance, ""),
    b(EDIT, &[alt('s')], Action::Speaker, ""),
    b(EDIT, &[alt('o')], Action::OpeningReview, ""),
    b(EDIT, &[alt('p')], Action::Compare, ""),
    // The meeting: presenter view, masking on the shared screen, the clock.
    b(PRESENT, &[k(KeyCode::F(3))], Action::Reveal, "reveal"),
    b(ANY_STEP, &[k(KeyCode::F(4))], Action::TogglePresenter, ""),
    b(ANY_STEP, &[k(KeyCode::F(6))], Action::Agenda, ""),
    b(ANY_STEP, &[k(KeyCode::F(9))], Action::ToggleTimer, ""),
    // Step screen, not editing: enter the field.
    b(STEP, &[k(KeyCode::Enter)], Action::Activate, "edit"),
    // Everywhere, last in the footer.
    b(
        GLOBAL & !HELP & !HOME & !SETUP,
        &[ctrl('s')],
        Action::Save,
        "save",
    ),
    b(GLOBAL, &[ctrl('q'), ctrl('c')], Action::Quit, "quit"),
    b(GLOBAL, &[k(KeyCode::F(2))], Action::ToggleContrast, ""),
    b(GLOBAL, &[k(KeyCode::F(3))], Action::ToggleSensitive, ""),
];

/// Normalise a key event: Shift is part of the character (and of Back-Tab).
fn normalise(ev: &KeyEvent) -> Key {
    let mut mods = ev.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT);
    let code = match ev.code {
        KeyCode::Char(c) if mods.contains(KeyModifiers::CONTROL) => {
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
    BINDINGS
        .iter()
        .filter(|b| works(b, ctx))
        .find(|b| b.keys.contains(&key))
        .map(|b| match (b.action, key.code) {
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
        return out + &base.to_uppercase();
    }
    if key.mods.contains(KeyModifiers::ALT) {
        out.push_str("Alt-");
    }
    out + &base
}

/// The keys of a binding as shown in help: `PgDn / Ctrl-N`, or `1-9` for digits.
#[must_use]
pub fn keys_label(binding: &Binding) -> String {
    if matches!(binding.action, Action::Level(_)) {
        return "1-9".into();
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
        for ctx in [HOME, STEP, EDIT, EDIT | EDIT_LINE, STEP | COLLECTION, SETUP] {
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
    }
}
