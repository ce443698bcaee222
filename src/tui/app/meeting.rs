//! The facilitated meeting: attendance, who is speaking, dot-voting, the
//! parking lot and the opening review of last time's actions.

use super::{App, Overlay, Screen};
use crate::content::Kind;
use crate::doc::{PARKING_TEXT, REVIEW, REVIEW_OUTCOMES, Session};
use crate::text::clean_line;
use crate::tui::action::Action;
use ratatui::crossterm::event::{Event, KeyEvent};
use tui_input::Input;

/// The meeting's state on this screen (not in the document).
#[derive(Clone, Debug, Default)]
pub struct MeetingUi {
    /// Who is speaking: entries added now record them as proposer. `None`:
    /// the facilitator.
    pub speaker: Option<String>,
    /// The voter whose votes the vote window records (index into the people present).
    pub voter: usize,
    /// A parking-lot point being typed.
    pub parking: Option<Input>,
    /// The opening review was offered when the session opened.
    pub review_offered: bool,
    /// Attendance was taken in this run: the meeting is on.
    pub attendance_taken: bool,
}

pub use crate::workshop::people::{people, present_people};

/// The votes one voter has given on one list (each vote on a list draws on
/// that voter's budget for that list).
#[must_use]
pub fn votes_on_list(doc: &Session, prompt: &str, voter: &str) -> u32 {
    doc.items_of(prompt)
        .into_iter()
        .map(|(id, _)| doc.votes_for(id).get(voter).copied().unwrap_or(0))
        .fold(0u32, u32::saturating_add)
}

impl App {
    fn doc(&self) -> Option<&Session> {
        self.step_state().map(|s| &s.doc)
    }

    fn read_only_say(&mut self) -> bool {
        if self.step_state().is_some_and(|s| s.read_only) {
            self.say("Read-only: this session cannot be changed here");
            return true;
        }
        false
    }

    /// Who proposes an entry added now: the speaker picked, else the
    /// facilitator, but only in a meeting (someone marked present or a
    /// speaker picked). `None` outside a meeting.
    #[must_use]
    pub fn proposer(&self) -> Option<String> {
        let doc = self.doc()?;
        if let Some(s) = &self.meeting.speaker {
            return Some(s.clone());
        }
        // In a meeting: attendance taken in this run, the presenter view, or the clock running.
        let meeting =
            self.meeting.attendance_taken || self.presenter || self.meeting_clock.running();
        if !meeting || doc.present().is_empty() {
            return None;
        }
        let f = doc.facilitator().trim();
        Some(if f.is_empty() {
            self.identity.member.clone()
        } else {
            f.to_owned()
        })
    }

    // ----- attendance -----

    pub(super) fn open_attendance(&mut self) {
        if !self.leave_field() {
            return;
        }
        let n = self.doc().map_or(0, |d| people(&self.framework, d).len());
        if n == 0 {
            self.say("Nobody on the roster yet: add the group's members in step 2 first");
            return;
        }
        self.overlay = Some(Overlay::Attendance { selected: 0 });
    }

    pub(super) fn update_attendance(&mut self, selected: usize, action: Action) {
        let list = self
            .doc()
            .map(|d| people(&self.framework, d))
            .unwrap_or_default();
        if list.is_empty() {
            self.overlay = None;
            return;
        }
        let selected = selected.min(list.len() - 1);
        match action {
            Action::Back => self.overlay = None,
            Action::Up => {
                self.overlay = Some(Overlay::Attendance {
                    selected: selected.saturating_sub(1),
                });
            }
            Action::Down => {
                self.overlay = Some(Overlay::Attendance {
                    selected: (selected + 1).min(list.len() - 1),
                });
            }
            Action::Toggle | Action::Activate => {
                if self.read_only_say() {
                    return;
                }
                let stamp = self.stamp();
                let name = list[selected].clone();
                let mut before = None;
                if let Some(s) = self.step_mut() {
                    let now = s.doc.is_present(&name);
                    s.doc.set_present(&name, !now, &stamp);
                    before = Some(now);
                }
                if let Some(before) = before {
                    self.record(super::undo::Change::Present {
                        name: name.clone(),
                        before,
                    });
                }
                self.meeting.attendance_taken = true;
                if self.meeting.speaker.as_deref() == Some(name.as_str()) {
                    // Someone marked absent is no longer speaking.
                    self.meeting.speaker = None;
                }
                self.mark_changed();
                self.overlay = Some(Overlay::Attendance {
                    selected: (selected + 1).min(list.len() - 1),
                });
            }
            _ => {}
        }
    }

    // ----- speaker -----

    pub(super) fn open_speaker(&mut self) {
        let n = self
            .doc()
            .map_or(0, |d| present_people(&self.framework, d).len());
        if n == 0 {
            self.say("Mark who is present first (Ctrl-T): the speaker is picked from them");
            return;
        }
        self.overlay = Some(Overlay::Speaker);
    }

    pub(super) fn update_speaker(&mut self, action: Action) {
        let list = self
            .doc()
            .map(|d| present_people(&self.framework, d))
            .unwrap_or_default();
        match action {
            Action::Back => self.overlay = None,
            Action::Level(0) | Action::ClearLevel => {
                self.meeting.speaker = None;
                self.overlay = None;
                self.say("Entries now record the facilitator as proposer");
            }
            Action::Level(n) => {
                if let Some(name) = list.get(usize::from(n) - 1) {
                    self.meeting.speaker = Some(name.clone());
                    self.overlay = None;
                    self.say(format!(
                        "Speaking: {} (entries added now record them as proposer)",
                        clean_line(name)
                    ));
                }
            }
            _ => {}
        }
    }

    // ----- dot-voting -----

    pub(super) fn open_vote(&mut self) {
        if !self.leave_field() {
            return;
        }
        let Some(prompt) = self.focused_prompt().cloned() else {
            return;
        };
        if !prompt.kind.is_collection() || prompt.kind == Kind::Roster {
            self.say("Votes go on a list: move to a list, actions, risks or decisions first");
            return;
        }
        let Some(doc) = self.doc() else {
            return;
        };
        if present_people(&self.framework, doc).is_empty() {
            self.say("Mark who is present first (Ctrl-T): each member present gets votes");
            return;
        }
        if doc.items_of(&prompt.id).is_empty() {
            self.say("Nothing to vote on yet: add items to this list first");
            return;
        }
        self.meeting.voter = 0;
        self.overlay = Some(Overlay::Vote { selected: 0 });
    }

    pub(super) fn update_vote(&mut self, selected: usize, action: Action) {
        let Some(prompt) = self.focused_prompt().map(|p| p.id.clone()) else {
            self.overlay = None;
            return;
        };
        let (ids, voters) = match self.doc() {
            Some(d) => (
                d.items_of(&prompt)
                    .into_iter()
                    .map(|(k, _)| k.to_owned())
                    .collect::<Vec<_>>(),
                present_people(&self.framework, d),
            ),
            None => return,
        };
        if ids.is_empty() || voters.is_empty() {
            self.overlay = None;
            return;
        }
        let selected = selected.min(ids.len() - 1);
        let voter_i = self.meeting.voter.min(voters.len() - 1);
        let voter = voters[voter_i].clone();
        let set = |app: &mut App, selected: usize| {
            app.overlay = Some(Overlay::Vote { selected });
        };
        match action {
            Action::Back => self.overlay = None,
            Action::Up => set(self, selected.saturating_sub(1)),
            Action::Down => set(self, (selected + 1).min(ids.len() - 1)),
            Action::NextField => self.meeting.voter = (voter_i + 1) % voters.len(),
            Action::PrevField => {
                self.meeting.voter = (voter_i + voters.len() - 1) % voters.len();
            }
            Action::Right | Action::Left => {
                if self.read_only_say() {
                    return;
                }
                let stamp = self.stamp();
                let id = &ids[selected];
                let Some(s) = self.step_mut() else {
                    return;
                };
                let budget = s.doc.vote_budget();
                let used = votes_on_list(&s.doc, &prompt, &voter);
                let mine = s
                    .doc
                    .votes_for(id)
                    .get(voter.as_str())
                    .copied()
                    .unwrap_or(0);
                let next = if action == Action::Right {
                    if used >= budget {
                        let msg = format!(
                            "{} has used all {budget} votes: take one back (←) to move it",
                            clean_line(&voter)
                        );
                        self.warn(msg);
                        return;
                    }
                    mine + 1
                } else if mine == 0 {
                    return;
                } else {
                    mine - 1
                };
                s.doc.set_votes(id, &voter, next, &stamp);
                self.mark_changed();
            }
            Action::OrderByVotes => self.order_by_votes(&prompt),
            Action::MoreVotes | Action::FewerVotes => {
                if self.read_only_say() {
                    return;
                }
                let stamp = self.stamp();
                let Some(s) = self.step_mut() else {
                    return;
                };
                let now = s.doc.vote_budget();
                let next = if action == Action::MoreVotes {
                    (now + 1).min(20)
                } else {
                    now.saturating_sub(1).max(1)
                };
                if next != now {
                    s.doc.set_vote_budget(next, &stamp);
                    self.mark_changed();
                }
                self.say(format!("Each person present has {next} votes on a list"));
            }
            _ => {}
        }
    }

    /// Put the list in the order of the vote: most votes first (ties keep their order).
    fn order_by_votes(&mut self, prompt: &str) {
        if self.read_only_say() {
            return;
        }
        let stamp = self.stamp();
        let Some(s) = self.step_mut() else {
            return;
        };
        let mut wanted: Vec<(String, u32)> = s
            .doc
            .items_of(prompt)
            .into_iter()
            .map(|(k, _)| (k.to_owned(), s.doc.vote_total(k)))
            .collect();
        wanted.sort_by_key(|(_, n)| std::cmp::Reverse(*n));
        let mut moved = false;
        // Bring each item up to its place, from the top: at most n² small moves.
        for (target, (id, _)) in wanted.iter().enumerate() {
            loop {
                let at = s
                    .doc
                    .items_of(prompt)
                    .iter()
                    .position(|(k, _)| k == id)
                    .unwrap_or(target);
                if at <= target || !s.doc.move_item(id, -1, &stamp) {
                    break;
                }
                moved = true;
            }
        }
        if moved {
            self.mark_changed();
            self.say("The list is now in the order of the vote");
        } else {
            self.say("The list is already in the order of the vote");
        }
    }

    // ----- parking lot -----

    pub(super) fn open_parking(&mut self) {
        if !self.leave_field() {
            return;
        }
        self.meeting.parking = None;
        self.overlay = Some(Overlay::Parking { selected: 0 });
    }

    pub(super) fn update_parking(&mut self, selected: usize, action: Action) {
        if self.meeting.parking.is_some() {
            match action {
                Action::Back => self.meeting.parking = None,
                Action::Activate => self.park_typed(),
                _ => {}
            }
            return;
        }
        let ids: Vec<String> = self
            .doc()
            .map(|d| {
                d.parking_lot()
                    .into_iter()
                    .map(|(k, _)| k.to_owned())
                    .collect()
            })
            .unwrap_or_default();
        let selected = selected.min(ids.len().saturating_sub(1));
        let set = |app: &mut App, selected: usize| {
            app.overlay = Some(Overlay::Parking { selected });
        };
        match action {
            Action::Back => self.overlay = None,
            Action::Up => set(self, selected.saturating_sub(1)),
            Action::Down => set(self, (selected + 1).min(ids.len().saturating_sub(1))),
            Action::AddItem if !self.read_only_say() => {
                self.meeting.parking = Some(Input::default());
            }
            Action::DeleteItem => {
                if self.read_only_say() {
                    return;
                }
                let stamp = self.stamp();
                if let (Some(id), Some(s)) = (ids.get(selected), self.step_mut()) {
                    s.doc.delete_item(id, &stamp);
                    self.mark_changed();
                    set(self, selected.saturating_sub(1));
                }
            }
            Action::Activate => {
                if self.read_only_say() {
                    return;
                }
                let Some(id) = ids.get(selected).cloned() else {
                    return;
                };
                let Some(target) = self.action_prompt_for_parking() else {
                    self.warn("This framework has no action list to move the point to");
                    return;
                };
                let stamp = self.stamp();
                let label = self
                    .framework
                    .prompt(&target)
                    .map(|(i, p)| format!("step {}: {}", i + 1, p.label))
                    .unwrap_or_default();
                let done = self
                    .step_mut()
                    .and_then(|s| s.doc.park_to_action(&id, &target, &stamp));
                if done.is_some() {
                    self.mark_changed();
                    self.say(format!("Now an action in {}", clean_line(&label)));
                } else {
                    self.say("That point is already an action");
                }
            }
            _ => {}
        }
    }

    /// The action list a parking-lot point moves to: the current step's,
    /// else the next step's that has one, else the last in the framework.
    fn action_prompt_for_parking(&self) -> Option<String> {
        let step = self.step_state().map_or(0, |s| s.step);
        let actions: Vec<(usize, String)> = self
            .framework
            .prompts()
            .filter(|(_, p)| p.kind == Kind::Actions)
            .map(|(i, p)| (i, p.id.clone()))
            .collect();
        actions
            .iter()
            .find(|(i, _)| *i >= step)
            .or_else(|| actions.last())
            .map(|(_, id)| id.clone())
    }

    fn park_typed(&mut self) {
        let text = self
            .meeting
            .parking
            .as_ref()
            .map(|i| i.value().trim().to_owned())
            .unwrap_or_default();
        self.meeting.parking = None;
        if text.is_empty() {
            return;
        }
        let stamp = self.stamp();
        let by = self
            .proposer()
            .unwrap_or_else(|| self.identity.member.clone());
        if let Some(s) = self.step_mut() {
            s.doc.park(&text, &by, &stamp);
        }
        self.mark_changed();
        let n = self.doc().map_or(0, |d| d.parking_lot().len());
        self.overlay = Some(Overlay::Parking {
            selected: n.saturating_sub(1),
        });
        self.say("Parked: it will be in the report");
    }

    /// A parking-lot point is being typed in the parking lot on screen.
    pub(super) fn parking_typing(&self) -> bool {
        self.meeting.parking.is_some() && matches!(self.overlay, Some(Overlay::Parking { .. }))
    }

    pub(super) fn parking_key(&mut self, key: KeyEvent) {
        if let Some(input) = &mut self.meeting.parking
            && let Some(req) = tui_input::backend::crossterm::to_input_request(&Event::Key(key))
        {
            input.handle(req);
        }
    }

    pub(super) fn parking_paste(&mut self, text: &str) {
        if let Some(input) = &mut self.meeting.parking {
            let v = format!("{}{}", input.value(), text.replace(['\n', '\r'], " "));
            *input = Input::new(v);
        }
    }

    // ----- opening review -----

    /// On opening a session that follows on from another, show last time's
    /// open actions still to be marked (each time it is opened while some are).
    pub(super) fn offer_opening_review(&mut self) {
        if self.meeting.review_offered {
            return;
        }
        self.meeting.review_offered = true;
        let pending = match &self.screen {
            Screen::Step(s) if !s.read_only => !s.doc.review_pending(&self.framework).is_empty(),
            _ => false,
        };
        if pending {
            self.overlay = Some(Overlay::Review { selected: 0 });
        }
    }

    pub(super) fn open_review(&mut self) {
        if !self.leave_field() {
            return;
        }
        if self
            .doc()
            .is_none_or(|d| d.opening_review(&self.framework).is_empty())
        {
            self.say(
                "No actions were carried forward: sessions started with `safestep new --from OLD` have them",
            );
            return;
        }
        self.overlay = Some(Overlay::Review { selected: 0 });
    }

    pub(super) fn update_review(&mut self, selected: usize, action: Action) {
        let ids: Vec<String> = self
            .doc()
            .map(|d| {
                d.opening_review(&self.framework)
                    .into_iter()
                    .map(|(k, _)| k.to_owned())
                    .collect()
            })
            .unwrap_or_default();
        if ids.is_empty() {
            self.overlay = None;
            return;
        }
        let selected = selected.min(ids.len() - 1);
        let set = |app: &mut App, selected: usize| {
            app.overlay = Some(Overlay::Review { selected });
        };
        match action {
            Action::Back => self.overlay = None,
            Action::Up => set(self, selected.saturating_sub(1)),
            Action::Down => set(self, (selected + 1).min(ids.len() - 1)),
            Action::Level(n) if (1..=4).contains(&n) => {
                if self.read_only_say() {
                    return;
                }
                let outcome = REVIEW_OUTCOMES[usize::from(n) - 1];
                let stamp = self.stamp();
                if let Some(s) = self.step_mut() {
                    s.doc.set_review(&ids[selected], outcome, &stamp);
                }
                self.mark_changed();
                // Move on to the next action not reviewed yet.
                let next = self.doc().and_then(|d| {
                    ids.iter()
                        .enumerate()
                        .skip(selected + 1)
                        .chain(ids.iter().enumerate().take(selected + 1))
                        .find(|(_, id)| {
                            d.items
                                .get(*id)
                                .is_some_and(|i| i.field(REVIEW).trim().is_empty())
                        })
                        .map(|(i, _)| i)
                });
                match next {
                    Some(i) => set(self, i),
                    None => {
                        set(self, selected);
                        self.say("Every carried action has been reviewed: Esc to go on");
                    }
                }
            }
            _ => {}
        }
    }
}

/// The text of a parking-lot point.
#[must_use]
pub fn point_text(item: &crate::doc::Item) -> &str {
    item.field(PARKING_TEXT)
}
