//! Everything a user can do, as one enum. The keymap maps keys to these; the
//! footer and the help screen are generated from the keymap.

/// A user-visible action.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Action {
    /// Save the session now.
    Save,
    /// Save and quit.
    Quit,
    /// Show the keys that work here.
    Help,
    /// Leave the field being edited, or close an overlay.
    Back,
    /// Move to the next field.
    NextField,
    /// Move to the previous field.
    PrevField,
    /// Go to the next step.
    NextStep,
    /// Go to the previous step.
    PrevStep,
    /// Show the list of steps to jump to.
    JumpList,
    /// Show the session's summary: completion, ratings, risks, actions, decisions.
    Summary,
    /// Show or hide the step's guidance.
    ToggleGuidance,
    /// Switch between the usual and the high-contrast theme.
    ToggleContrast,
    /// Hide or show free text that may name a learner (for a shared screen).
    ToggleSensitive,
    /// Move up within a field or list.
    Up,
    /// Move down within a field or list.
    Down,
    /// Move left: the previous column or a lower level.
    Left,
    /// Move right: the next column or a higher level.
    Right,
    /// Edit the field or cell, open the selection, or confirm.
    Activate,
    /// Choose the highlighted option, tick or untick it, or cycle a status.
    Toggle,
    /// Add an item to the list.
    AddItem,
    /// Delete the selected item (undo brings it back).
    DeleteItem,
    /// Undo: typing in the field being typed in, else the last change of any kind.
    Undo,
    /// Redo what was undone.
    Redo,
    /// Move the selected item up the list.
    MoveItemUp,
    /// Move the selected item down the list.
    MoveItemDown,
    /// Set a level directly (the digit typed).
    Level(u8),
    /// Clear your rating or the agreed level.
    ClearLevel,
    /// Start a new session.
    NewSession,
    /// Open the selected session.
    Open,
    /// Open the selected session for reading only.
    OpenReadOnly,
    /// Open a copy of the demo session.
    OpenDemo,
    /// Show the fields in conflict, to settle them.
    Conflicts,
    /// Settle a text conflict by writing a combined text in the field's editor.
    EditCombined,
    /// Merge a member's copy of this session into it.
    Import,
    /// Compare with the previous review (the session this one follows on from).
    Compare,
    /// Mark who is present, from the roster.
    Attendance,
    /// Pick who is speaking: entries added now record them as proposer.
    Speaker,
    /// Dot-vote on the focused list.
    Vote,
    /// Put the list in the order of the vote.
    OrderByVotes,
    /// Give each person present one more vote per list.
    MoreVotes,
    /// Give each person present one vote fewer per list.
    FewerVotes,
    /// The parking lot: points to come back to.
    ParkingLot,
    /// The opening review of last time's open actions.
    OpeningReview,
    /// Switch between the presenter view (for a projector) and the usual step screen.
    TogglePresenter,
    /// In the presenter view: show or hide the focused field's sensitive answer.
    Reveal,
    /// Start or pause the meeting clock (the countdown for the step).
    ToggleTimer,
    /// Show the agenda: planned and actual minutes per step.
    Agenda,
    /// Plan more minutes for the selected step.
    MoreMinutes,
    /// Plan fewer minutes for the selected step.
    FewerMinutes,
}

/// Things that happen to the app that no key names: kept apart from [`Action`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Internal {
    /// A key that no binding claims: typed into the field being edited.
    Key(ratatui::crossterm::event::KeyEvent),
    /// Text pasted in one piece.
    Paste(String),
    /// The terminal changed size.
    Resize(u16, u16),
    /// The autosave delay passed.
    AutosaveDue,
    /// Another process saved the open session: merge its edits in.
    FileChanged,
    /// A second passed while the meeting clock runs: the countdown changes.
    Tick,
}

impl Action {
    /// What the action does, for the help screen (the `///` line, in words for people).
    #[must_use]
    pub fn describe(self) -> &'static str {
        match self {
            Action::Save => "Save now (it also saves a second after each change)",
            Action::Quit => "Save and quit",
            Action::Help => "Show this help",
            Action::Back => "Leave the field being edited, or close this window",
            Action::NextField => "Next field (after the last one: the next step)",
            Action::PrevField => "Previous field",
            Action::NextStep => "Next step",
            Action::PrevStep => "Previous step",
            Action::JumpList => "Jump to a step from a list",
            Action::Summary => "Show the summary: progress, ratings, risks, actions, decisions",
            Action::ToggleGuidance => "Show more or less of the step's guidance",
            Action::ToggleContrast => "High-contrast colours, for a projector",
            Action::ToggleSensitive => "Hide or show answers that may name a learner",
            Action::Up => "Move up",
            Action::Down => "Move down",
            Action::Left => "Move left: previous column, or a lower level",
            Action::Right => "Move right: next column, or a higher level",
            Action::Activate => {
                "Edit the field or cell; in a one-line field, record it and move on"
            }
            Action::Toggle => "Choose the option, tick or untick it, or cycle an action's status",
            Action::AddItem => "Add an item",
            Action::DeleteItem => "Delete the selected item (Ctrl-Z brings it back)",
            Action::Undo => "Undo: typing in a text field, else the last change of any kind",
            Action::Redo => "Redo what was undone",
            Action::MoveItemUp => "Move the selected item up",
            Action::MoveItemDown => "Move the selected item down",
            Action::Level(_) => "Set that level (a step number in the list of steps)",
            Action::ClearLevel => "Clear the rating",
            Action::NewSession => "Start a new session",
            Action::Open => "Open the selected session",
            Action::OpenReadOnly => "Open the selected session for reading only",
            Action::OpenDemo => "Open a copy of the demo session",
            Action::Conflicts => {
                "Settle conflicts: every value side by side, keep one or combine them"
            }
            Action::EditCombined => {
                "Write a combined text, starting from every value (marked with its author)"
            }
            Action::Import => "Import a member's copy of this session (merge it in)",
            Action::Compare => "Compare with the previous review: ratings, actions, risks",
            Action::Attendance => "Mark who is present, from the roster",
            Action::Speaker => {
                "Pick who is speaking (a number; 0 for the facilitator): new entries record them"
            }
            Action::Vote => "Dot-vote on the focused list: each member present has votes to give",
            Action::OrderByVotes => "Put the list in the order of the vote",
            Action::MoreVotes => "One more vote each, per list",
            Action::FewerVotes => "One vote fewer each, per list",
            Action::ParkingLot => {
                "The parking lot: points to come back to, which can become actions"
            }
            Action::OpeningReview => {
                "Review last time's open actions: done, stuck, dropped or carried"
            }
            Action::TogglePresenter => "Presenter view for a projector, or back",
            Action::Reveal => "Show or hide the focused field's sensitive answer",
            Action::ToggleTimer => "Start or pause the meeting clock for the countdown",
            Action::Agenda => "The agenda: planned and actual minutes per step",
            Action::MoreMinutes => "Plan 5 more minutes for the selected step",
            Action::FewerMinutes => "Plan 5 fewer minutes for the selected step",
        }
    }
}
