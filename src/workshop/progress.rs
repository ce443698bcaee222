//! Progress through the steps: one rule for the step rail, the home screen,
//! `safestep list`, plain mode and the report.
//!
//! A step is *answered* when any of its prompts has an answer, and *done*
//! when every one of them has.

use crate::content::{Framework, Step};
use crate::doc::Session;

/// How far a step has got.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StepProgress {
    /// No prompt answered.
    Empty,
    /// Some prompts answered.
    Started,
    /// Every prompt answered.
    Done,
}

/// How far one step has got.
#[must_use]
pub fn step_progress(step: &Step, session: &Session) -> StepProgress {
    let answered = answered_prompts(step, session);
    if answered == 0 {
        StepProgress::Empty
    } else if answered == step.prompts.len() {
        StepProgress::Done
    } else {
        StepProgress::Started
    }
}

/// The prompts of a step with an answer.
#[must_use]
pub fn answered_prompts(step: &Step, session: &Session) -> usize {
    step.prompts
        .iter()
        .filter(|p| session.has_answer(&p.id))
        .count()
}

/// Steps with at least one answer.
#[must_use]
pub fn steps_answered(framework: &Framework, session: &Session) -> usize {
    framework
        .steps
        .iter()
        .filter(|s| step_progress(s, session) != StepProgress::Empty)
        .count()
}

/// Steps with every prompt answered.
#[must_use]
pub fn steps_done(framework: &Framework, session: &Session) -> usize {
    framework
        .steps
        .iter()
        .filter(|s| step_progress(s, session) == StepProgress::Done)
        .count()
}
