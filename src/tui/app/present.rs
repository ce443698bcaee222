//! The facilitated meeting: the presenter view, masking on the shared screen,
//! and the meeting clock with its agenda.
//!
//! Kept apart from `app.rs` so that the rest of `update` reads as before; these
//! are methods of [`App`] all the same.

use super::{App, Editor, Screen, StepState};
use crate::content::{Prompt, Step};
use crate::tui::theme::{Palette, Theme};
use crate::tui::timer::{self, AgendaRow, Countdown};
use std::time::{Duration, Instant};

impl App {
    /// Whether sensitive answers are hidden on screen: by F3, or always in the presenter view.
    #[must_use]
    pub fn hiding(&self) -> bool {
        self.hide_sensitive || self.presenter
    }

    /// The prompt whose sensitive answer is revealed: only in the presenter
    /// view, and only while that prompt has the focus.
    #[must_use]
    pub fn revealed_prompt(&self) -> Option<&str> {
        let id = self.revealed.as_deref()?;
        (self.presenter && self.focused_prompt().is_some_and(|p| p.id == id)).then_some(id)
    }

    /// Whether this prompt's answer is masked on screen now.
    #[must_use]
    pub fn masks(&self, prompt: &Prompt) -> bool {
        prompt.sensitive && self.hiding() && self.revealed_prompt() != Some(prompt.id.as_str())
    }

    /// Open or close the presenter view. Opening it switches to the
    /// high-contrast theme (closing returns to the theme before) and starts the
    /// meeting clock; sensitive answers are masked while it is open.
    pub fn set_presenter(&mut self, on: bool) {
        if on == self.presenter {
            return;
        }
        // The view changes with nothing being typed (the text is recorded).
        self.leave_field();
        self.presenter = on;
        self.revealed = None;
        if on {
            // Sensitive answers stay hidden after the presenter view closes:
            // the projector is still on. F3 shows them in the usual view.
            self.hide_sensitive = true;
            if self.theme.palette == Palette::Ansi {
                self.theme_before_present = Some(self.theme);
                self.theme = Theme::new(Palette::HighContrast);
            }
            self.start_timer_for_meeting();
            self.say("Presenter view: F3 reveals a sensitive answer, F4 returns to the usual view");
        } else {
            if let Some(theme) = self.theme_before_present.take() {
                self.theme = theme;
            }
            self.say("The usual view (F4 goes back to the presenter view)");
        }
        self.restyle_editor();
        self.sync_mask();
    }

    /// F3 in the presenter view: show the focused field's sensitive answer
    /// until the focus moves, or hide it again.
    pub(super) fn reveal(&mut self) {
        let Some(prompt) = self.focused_prompt() else {
            return;
        };
        if !prompt.sensitive {
            self.say("Nothing is hidden in this field");
            return;
        }
        let id = prompt.id.clone();
        if self.revealed.as_deref() == Some(id.as_str()) {
            self.revealed = None;
            self.say("Hidden again");
        } else {
            self.revealed = Some(id);
            self.say("Shown until the focus moves (F3 hides it now)");
        }
        self.sync_mask();
    }

    /// Mask or unmask the open long-text editor to match [`App::masks`].
    /// A field being typed into that becomes masked stops taking typing
    /// (its text is recorded): a hidden answer is never edited.
    pub(super) fn sync_mask(&mut self) {
        let mask = self.focused_prompt().is_some_and(|p| self.masks(p));
        if mask {
            self.leave_field();
        }
        if let Some(StepState {
            editor: Some(Editor::Long { area, .. }),
            ..
        }) = self.step_mut()
        {
            if mask {
                area.set_mask_char('•');
            } else {
                area.clear_mask_char();
            }
        }
    }

    /// Give the open long-text editor the current theme's styles.
    pub(super) fn restyle_editor(&mut self) {
        let theme = self.theme;
        if let Some(StepState {
            editor: Some(Editor::Long { area, .. }),
            ..
        }) = self.step_mut()
        {
            area.set_style(theme.text);
            area.set_placeholder_style(theme.placeholder);
        }
    }

    /// The minutes suggested for a step by the framework.
    fn suggested_minutes(&self, step: usize) -> u32 {
        self.framework
            .steps
            .get(step)
            .map_or(crate::doc::DEFAULT_STEP_MINUTES, Step::suggested_minutes)
    }

    /// The minutes planned for a step: this meeting's plan, else the suggestion.
    #[must_use]
    pub fn planned_minutes(&self, step: usize) -> u32 {
        match (self.step_state(), self.framework.steps.get(step)) {
            (Some(s), Some(st)) => s.doc.minutes_for(st),
            _ => self.suggested_minutes(step),
        }
    }

    /// Seconds spent on a step: the most any member's timer recorded, or this
    /// member's recorded time plus what this process counted since, if more.
    #[must_use]
    pub fn spent_seconds(&self, step: usize) -> u64 {
        let unrecorded = if self.meeting_clock.step() == step {
            self.meeting_clock.unrecorded(self.clock.now()).as_secs()
        } else {
            0
        };
        let (Some(s), Some(st)) = (self.step_state(), self.framework.steps.get(step)) else {
            return unrecorded;
        };
        let mine = s.doc.spent_by(&st.id, &self.identity.member);
        s.doc
            .spent_seconds(&st.id)
            .max(mine.saturating_add(unrecorded))
    }

    /// The countdown for the current step, once the meeting clock has been started.
    #[must_use]
    pub fn countdown(&self) -> Option<Countdown> {
        let s = self.step_state()?;
        if !self.meeting_clock.started() {
            return None;
        }
        Some(timer::countdown(
            self.planned_minutes(s.step),
            Duration::from_secs(self.spent_seconds(s.step)),
            self.meeting_clock.running(),
        ))
    }

    /// Every step with its planned minutes and the time spent.
    #[must_use]
    pub fn agenda(&self) -> Vec<AgendaRow> {
        (0..self.framework.steps.len())
            .map(|i| AgendaRow {
                title: self.framework.steps[i].title.clone(),
                planned: self.planned_minutes(i),
                suggested: self.suggested_minutes(i),
                spent: self.spent_seconds(i),
            })
            .collect()
    }

    /// When the countdown next changes, while the meeting clock runs on a step
    /// screen: the event loop wakes then, and at no other time for the clock.
    #[must_use]
    pub fn tick_due(&self) -> Option<Instant> {
        if !matches!(self.screen, Screen::Step(_)) {
            return None;
        }
        self.meeting_clock.next_tick(self.clock.now())
    }

    /// A second passed: time may have run out. The signal is the countdown's
    /// wording and colour; the bell rings once, and only when configured.
    pub(super) fn tick(&mut self) {
        if self.countdown().is_some_and(|c| c.over) && self.meeting_clock.signal_once() && self.bell
        {
            self.ring = true;
        }
    }

    /// Record a step's counted seconds in the session (as this member's time).
    fn record_spent(&mut self, step: usize, secs: u64) {
        if secs == 0 {
            return;
        }
        let Some(id) = self.framework.steps.get(step).map(|s| s.id.clone()) else {
            return;
        };
        let stamp = self.stamp();
        let Some(s) = self.step_mut() else {
            return;
        };
        if s.read_only {
            return;
        }
        s.doc.add_spent(&id, secs, &stamp);
        s.dirty = true;
        s.changed_at.get_or_insert_with(Instant::now);
    }

    /// Record the time counted on the current step so far (on save and quit).
    pub(super) fn record_time(&mut self) {
        let secs = self.meeting_clock.take(self.clock.now());
        self.record_spent(self.meeting_clock.step(), secs);
    }

    /// The focus is on another step: the time counted for the one before is recorded.
    pub(super) fn follow_step(&mut self) {
        let Some(step) = self.step_state().map(|s| s.step) else {
            return;
        };
        if !self.meeting_clock.started() {
            return;
        }
        if let Some((old, secs)) = self.meeting_clock.switch(step, self.clock.now()) {
            self.record_spent(old, secs);
            self.mark_changed();
        }
    }

    /// Start the meeting clock when a meeting starts (the presenter view opens).
    pub(super) fn start_timer_for_meeting(&mut self) {
        let Some(step) = self.step_state().map(|s| s.step) else {
            return;
        };
        if self.meeting_clock.running() {
            return;
        }
        if let Some((old, secs)) = self.meeting_clock.start(step, self.clock.now()) {
            self.record_spent(old, secs);
        }
    }

    /// F9: start or pause the meeting clock.
    pub(super) fn toggle_timer(&mut self) {
        if self.meeting_clock.running() {
            self.meeting_clock.pause(self.clock.now());
            self.say("Meeting clock paused (F9 starts it again)");
        } else {
            self.start_timer_for_meeting();
            self.say("Meeting clock running for this step (F9 pauses it)");
        }
    }

    /// Plan five minutes more or less for a step, in steps of five.
    pub(super) fn change_planned(&mut self, step: usize, more: bool) {
        let Some(id) = self.framework.steps.get(step).map(|s| s.id.clone()) else {
            return;
        };
        if self.step_state().is_none_or(|s| s.read_only) {
            self.say("Read-only: the agenda cannot be changed here");
            return;
        }
        let current = self.planned_minutes(step);
        let new = if more {
            (current / 5 + 1) * 5
        } else {
            (current.div_ceil(5).saturating_sub(1) * 5).max(5)
        }
        .min(crate::content::MAX_STEP_MINUTES);
        if new == current {
            return;
        }
        // Back at the framework's suggestion, the meeting's own plan is cleared.
        let value = if new == self.suggested_minutes(step) {
            0
        } else {
            new
        };
        let stamp = self.stamp();
        if let Some(s) = self.step_mut() {
            s.doc.set_planned_minutes(&id, value, &stamp);
        }
        self.mark_changed();
    }
}
