//! The meeting clock: how long the group has been on the current step, and
//! the countdown against the minutes planned for it.
//!
//! Time comes from a [`Clock`]: the system's monotonic clock, or a
//! [`ManualClock`] that only moves when a test moves it. The clock never
//! moves the meeting on; when time is up the countdown only says so.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Where the meeting clock reads the time.
#[derive(Clone, Debug, Default)]
pub enum Clock {
    /// The system's monotonic clock.
    #[default]
    System,
    /// A clock moved by hand (tests and screenshots).
    Manual(ManualClock),
}

impl Clock {
    /// The time now.
    #[must_use]
    pub fn now(&self) -> Instant {
        match self {
            Clock::System => Instant::now(),
            Clock::Manual(m) => m.now(),
        }
    }
}

/// A clock that stands still until [`ManualClock::advance`] moves it. Clones
/// share the time, so a test keeps one and gives the app another.
#[derive(Clone, Debug)]
pub struct ManualClock {
    base: Instant,
    offset: Arc<Mutex<Duration>>,
}

impl Default for ManualClock {
    fn default() -> Self {
        ManualClock::new()
    }
}

impl ManualClock {
    /// A clock standing at an arbitrary instant.
    #[must_use]
    pub fn new() -> ManualClock {
        ManualClock {
            base: Instant::now(),
            offset: Arc::new(Mutex::new(Duration::ZERO)),
        }
    }

    fn offset(&self) -> std::sync::MutexGuard<'_, Duration> {
        self.offset
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The time it shows.
    #[must_use]
    pub fn now(&self) -> Instant {
        self.base + *self.offset()
    }

    /// Move it forward.
    pub fn advance(&self, by: Duration) {
        let mut o = self.offset();
        *o = o.saturating_add(by);
    }
}

/// Time on one step, counted by this process and not yet recorded in the session.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MeetingClock {
    /// Running since this instant; `None` while paused or never started.
    since: Option<Instant>,
    /// The step (index) the time is counted for.
    step: usize,
    /// Time on `step` before `since`, not yet recorded.
    banked: Duration,
    /// The clock has been started in this session: the countdown shows.
    started: bool,
    /// Time ran out on this visit and that was signalled.
    signalled: bool,
}

impl MeetingClock {
    /// Whether the clock is running.
    #[must_use]
    pub fn running(&self) -> bool {
        self.since.is_some()
    }

    /// Whether the clock was ever started (the countdown is shown from then on).
    #[must_use]
    pub fn started(&self) -> bool {
        self.started
    }

    /// The step the clock counts for.
    #[must_use]
    pub fn step(&self) -> usize {
        self.step
    }

    /// Start (or resume) counting for `step`. Time counted for another step is
    /// returned, to be recorded for it.
    pub fn start(&mut self, step: usize, now: Instant) -> Option<(usize, u64)> {
        let out = self.switch(step, now);
        self.since.get_or_insert(now);
        self.started = true;
        out
    }

    /// Stop counting; the time stays banked until [`MeetingClock::take`].
    pub fn pause(&mut self, now: Instant) {
        if let Some(since) = self.since.take() {
            self.banked += now.saturating_duration_since(since);
        }
    }

    /// The time counted and not yet recorded.
    #[must_use]
    pub fn unrecorded(&self, now: Instant) -> Duration {
        self.banked
            + self
                .since
                .map_or(Duration::ZERO, |s| now.saturating_duration_since(s))
    }

    /// Take the whole seconds counted so far, to record them for
    /// [`MeetingClock::step`]; the part of a second left over keeps counting.
    pub fn take(&mut self, now: Instant) -> u64 {
        let counted = self.unrecorded(now);
        let secs = counted.as_secs();
        self.banked = counted - Duration::from_secs(secs);
        if self.since.is_some() {
            self.since = Some(now);
        }
        secs
    }

    /// The focus moved to `step`: the whole seconds counted for the step
    /// before it, when it was another one, are returned to be recorded.
    pub fn switch(&mut self, step: usize, now: Instant) -> Option<(usize, u64)> {
        if step == self.step {
            return None;
        }
        let old = self.step;
        let secs = self.take(now);
        self.banked = Duration::ZERO;
        self.step = step;
        self.signalled = false;
        (secs > 0).then_some((old, secs))
    }

    /// When the countdown next changes (the next whole second counted), if the clock runs.
    #[must_use]
    pub fn next_tick(&self, now: Instant) -> Option<Instant> {
        self.since?;
        let sub = self.unrecorded(now).subsec_nanos();
        let wait = Duration::from_secs(1) - Duration::from_nanos(u64::from(sub));
        Some(now + wait)
    }

    /// Note that time is up; true only the first time on this visit (for a
    /// one-off signal such as the terminal bell).
    pub fn signal_once(&mut self) -> bool {
        !std::mem::replace(&mut self.signalled, true)
    }
}

/// One step on the agenda.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AgendaRow {
    /// The step's title.
    pub title: String,
    /// Minutes planned: this meeting's plan, else the suggestion.
    pub planned: u32,
    /// The framework's suggestion.
    pub suggested: u32,
    /// Seconds spent on it so far, this visit included.
    pub spent: u64,
}

/// The countdown shown to the facilitator.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Countdown {
    /// What it says: `12:30 left of 20 min`, `2 min over 20 min`.
    pub text: String,
    /// The planned time is used up.
    pub over: bool,
}

/// The countdown for a step with `planned` minutes (0: none planned) and
/// `spent` time on it so far.
#[must_use]
pub fn countdown(planned: u32, spent: Duration, running: bool) -> Countdown {
    let spent = spent.as_secs();
    let plan = u64::from(planned) * 60;
    let (text, over) = if planned == 0 {
        (format!("{} on this step", clock_text(spent)), false)
    } else if spent < plan {
        (
            format!("{} left of {planned} min", clock_text(plan - spent)),
            false,
        )
    } else if spent - plan < 60 {
        (format!("time is up ({planned} min)"), true)
    } else {
        (
            format!("{} min over {planned} min", (spent - plan) / 60),
            true,
        )
    };
    let text = if running {
        text
    } else {
        format!("paused · {text}")
    };
    Countdown { text, over }
}

/// Seconds as `m:ss`, with hours as `h:mm:ss`.
#[must_use]
pub fn clock_text(secs: u64) -> String {
    let (h, m, s) = (secs / 3600, secs / 60 % 60, secs % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    }
}

/// Minutes for an agenda: `25 min`, or `1 h 05` from an hour.
#[must_use]
pub fn minutes_text(secs: u64) -> String {
    let mins = secs / 60;
    if mins >= 60 {
        format!("{} h {:02}", mins / 60, mins % 60)
    } else {
        format!("{mins} min")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_pauses_and_hands_over_whole_seconds() {
        let clock = ManualClock::new();
        let mut m = MeetingClock::default();
        assert_eq!(m.start(0, clock.now()), None);
        clock.advance(Duration::from_millis(2500));
        assert_eq!(m.unrecorded(clock.now()), Duration::from_millis(2500));
        assert_eq!(m.take(clock.now()), 2);
        clock.advance(Duration::from_millis(700));
        m.pause(clock.now());
        clock.advance(Duration::from_secs(60));
        assert_eq!(m.unrecorded(clock.now()), Duration::from_millis(1200));
        assert_eq!(m.start(1, clock.now()), Some((0, 1)));
        assert_eq!(m.unrecorded(clock.now()), Duration::ZERO);
    }

    #[test]
    fn ticks_on_whole_seconds_only_while_running() {
        let clock = ManualClock::new();
        let mut m = MeetingClock::default();
        assert_eq!(m.next_tick(clock.now()), None);
        m.start(0, clock.now());
        clock.advance(Duration::from_millis(300));
        assert_eq!(
            m.next_tick(clock.now()),
            Some(clock.now() + Duration::from_millis(700))
        );
        m.pause(clock.now());
        assert_eq!(m.next_tick(clock.now()), None);
    }

    #[test]
    fn countdown_words() {
        let c = countdown(20, Duration::from_secs(450), true);
        assert_eq!(c.text, "12:30 left of 20 min");
        assert!(!c.over);
        assert_eq!(
            countdown(20, Duration::from_secs(1200), true).text,
            "time is up (20 min)"
        );
        let late = countdown(20, Duration::from_secs(1330), false);
        assert_eq!(late.text, "paused · 2 min over 20 min");
        assert!(late.over);
        assert_eq!(
            countdown(0, Duration::from_secs(3725), true).text,
            "1:02:05 on this step"
        );
    }
}
