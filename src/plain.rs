//! Plain mode: the guided flow as line-by-line prompts, for a screen reader or
//! the simplest terminal.
//!
//! Nothing here moves the cursor, switches screens or sets colours: output is
//! plain lines of text, and every piece of user or content text goes through
//! [`crate::text::clean`] first, so no escape sequence ever reaches the
//! terminal. Input is read a line at a time, so it works from a pipe as well
//! as from a terminal. Every committed answer is saved at once with the
//! store's locked read-merge-write; end of input (Ctrl-D, or a dropped
//! connection) saves what was being typed and stops.

use crate::content::{FieldSpec, FieldType, Framework, Kind, Prompt, STATUSES};
use crate::doc::{Answer, Register, Session, Stamp};
use crate::store::{self, Identity};
use crate::text::{clean, clean_line};
use crate::workshop::conflicts::in_order;
use crate::workshop::{self, value};
use color_eyre::Result;
use color_eyre::eyre::eyre;
use std::io::{BufRead, Write};
use std::path::PathBuf;

/// Everything plain mode needs to start.
#[derive(Clone, Debug)]
pub struct PlainOptions {
    /// Who is editing and how files are shared.
    pub identity: Identity,
    /// The framework the session follows.
    pub framework: Framework,
    /// The session file; it must exist.
    pub path: PathBuf,
    /// Open for reading only: nothing is changed or saved.
    pub read_only: bool,
}

/// Run plain mode on standard input and output until the user quits or input ends.
///
/// A hang-up (SIGHUP, a dropped SSH connection) does not kill the process:
/// the next read sees the end of input, and whatever was being typed is saved.
///
/// # Errors
/// A session file that cannot be loaded, output that cannot be written, or a
/// final save that fails.
pub fn run(options: PlainOptions) -> Result<()> {
    let hangup = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    // If registering fails, the default action (exit) applies; every committed
    // answer is on disk already.
    let _ = signal_hook::flag::register(signal_hook::consts::SIGHUP, hangup);
    let stdin = std::io::stdin();
    let stdout = std::io::stdout();
    run_with(options, stdin.lock(), stdout.lock())
}

/// Run plain mode on any line reader and writer (tests drive it with a script).
///
/// # Errors
/// As [`run`].
pub fn run_with<R: BufRead, W: Write>(options: PlainOptions, input: R, output: W) -> Result<()> {
    let (mut plain, warnings) = Plain::new(options, input, output)?;
    // Output that nobody reads any more (a closed pipe) ends the run like
    // the end of input: what was typed is saved, and it is not an error.
    let result = plain
        .intro(&warnings)
        .and_then(|()| plain.main_loop())
        .or_else(
            |e| match e.downcast_ref::<std::io::Error>().map(std::io::Error::kind) {
                Some(std::io::ErrorKind::BrokenPipe) => Ok(()),
                _ => Err(e),
            },
        );
    let finished = plain.finish();
    result.and(finished)
}

/// The short list of commands, shown at every question.
const COMMANDS: &str = "Commands: next (skip), back, step N, show, repeat, guidance, help, quit";

const HELP: &str = "Plain mode help.
safestep takes you through the steps one question at a time. Type your answer and press Enter; it is saved straight away.
Commands, typed on a line of their own at any question:
  next       go on to the next question, leaving this answer as it is (an empty line does the same at most questions)
  back       go back to the previous question
  step N     go to the first question of step N
  show       read out every answer in this step
  repeat     read this question again
  guidance   read the facilitator's guidance for this step
  where      say which step and question you are at
  help       this help
  quit       save and stop; Ctrl-D does the same
At some questions:
  clear      remove the answer
  pick N     settle a conflict by keeping value N
  add        add an item (or simply type its first field)
  edit N     change item N, one field at a time
  delete N   remove item N
  restore N  bring back deleted item N that someone edited at the same time
  confirm N  keep deleted item N deleted
While adding or editing an item, type cancel to stop.
To give one of these words as an answer, start the line with a backslash, for example \\next.";

/// Where to go after a question.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Nav {
    Next,
    Back,
    Goto(usize),
    Quit,
    Eof,
}

/// What the user typed, when it is a command.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Cmd {
    Next,
    Back,
    Step(usize),
    Show,
    Repeat,
    Guidance,
    Where,
    Help,
    Quit,
    Clear,
    Add,
    Pick(usize),
    Edit(usize),
    Delete(usize),
    Restore(usize),
    Confirm(usize),
}

fn command(line: &str) -> Option<Cmd> {
    if line.starts_with('\\') {
        return None;
    }
    let t = line.trim().to_lowercase();
    let (word, arg) = match t.split_once(char::is_whitespace) {
        Some((w, a)) => (w, a.trim()),
        None => (t.as_str(), ""),
    };
    if arg.is_empty() {
        return Some(match word {
            "next" | "skip" => Cmd::Next,
            "back" | "previous" => Cmd::Back,
            "show" => Cmd::Show,
            "repeat" => Cmd::Repeat,
            "guidance" => Cmd::Guidance,
            "where" => Cmd::Where,
            "help" | "?" => Cmd::Help,
            "quit" | "exit" => Cmd::Quit,
            "clear" => Cmd::Clear,
            "add" => Cmd::Add,
            _ => return None,
        });
    }
    let n: usize = arg.parse().ok()?;
    Some(match word {
        "step" => Cmd::Step(n),
        "pick" => Cmd::Pick(n),
        "edit" => Cmd::Edit(n),
        "delete" => Cmd::Delete(n),
        "restore" => Cmd::Restore(n),
        "confirm" => Cmd::Confirm(n),
        _ => return None,
    })
}

/// A line with the escape backslash removed.
fn unescape(line: &str) -> &str {
    line.strip_prefix('\\').unwrap_or(line)
}

/// Which half of a rating is being asked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Phase {
    Own,
    Agreed,
}

/// What answering did.
enum Step {
    Stay,
    Done,
    Nav(Nav),
}

/// A count with its noun in the right number: "1 question", "4 questions".
fn count(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

fn when(at: jiff::Timestamp) -> String {
    at.to_zoned(jiff::tz::TimeZone::system())
        .strftime("%Y-%m-%d %H:%M")
        .to_string()
}

fn match_option(options: &[String], text: &str) -> Option<usize> {
    value::match_option(options, text)
}

/// A rating level from a number or a label; 0 means "none".
fn parse_level(levels: &[String], text: &str) -> Option<u8> {
    value::parse_level(levels, text)
}

fn level_name(levels: &[String], n: u8) -> String {
    clean_line(&value::level_name(levels, n)).into_owned()
}

/// Read one item field as typed; the message says what the field expects.
fn parse_field(fw: &Framework, ty: FieldType, name: &str, text: &str) -> Result<String, String> {
    value::parse_field(fw, ty, text).map_err(|e| value::field_error(name, ty, &e))
}

/// Remove control characters a terminal may have let through (a stray
/// escape from an arrow key, for example); tabs become spaces.
fn tidy_input(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let text = text.strip_suffix('\n').unwrap_or(&text);
    let text = text.strip_suffix('\r').unwrap_or(text);
    text.chars()
        .filter_map(|c| match c {
            '\t' => Some(' '),
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect()
}

struct Plain<R, W> {
    fw: Framework,
    identity: Identity,
    path: PathBuf,
    read_only: bool,
    session: Session,
    input: R,
    out: W,
    /// Every question as (step index, prompt index), in order.
    flat: Vec<(usize, usize)>,
    /// The current question in `flat`; `flat.len()` is the end.
    cursor: usize,
    /// The step whose title was last read out.
    announced: Option<usize>,
    /// Edits (or a position) not yet on disk.
    dirty: bool,
    /// Long text being typed: (prompt id, text so far).
    pending_text: Option<(String, String)>,
    /// An item being added: (prompt id, fields so far).
    pending_item: Option<(String, Vec<(String, String)>)>,
    /// The kinds of question whose instructions were read out in this run:
    /// each is read once (and again on `repeat` and `help`), not at every
    /// question.
    told: std::collections::BTreeSet<&'static str>,
    /// The area of the last question read out in this step, so that an area
    /// is named when it changes, not at each of its questions.
    last_section: Option<String>,
    /// Whether the note about sensitive answers was read out.
    told_sensitive: bool,
    /// The roster findings last read out.
    said_findings: Vec<String>,
    /// Help texts and option lists already read out in this run: a question
    /// that shares them with an earlier one says so briefly (`repeat` reads
    /// them again).
    said: std::collections::BTreeSet<String>,
}

impl<R: BufRead, W: Write> Plain<R, W> {
    fn new(options: PlainOptions, input: R, out: W) -> Result<(Self, Vec<String>)> {
        let loaded = store::load(&options.path).map_err(|e| eyre!("{e}"))?;
        let flat: Vec<(usize, usize)> = options
            .framework
            .steps
            .iter()
            .enumerate()
            .flat_map(|(s, step)| (0..step.prompts.len()).map(move |p| (s, p)))
            .collect();
        let plain = Plain {
            read_only: options.read_only || loaded.read_only,
            fw: options.framework,
            identity: options.identity,
            path: options.path,
            session: loaded.session,
            input,
            out,
            flat,
            cursor: 0,
            announced: None,
            dirty: false,
            pending_text: None,
            pending_item: None,
            told: std::collections::BTreeSet::new(),
            last_section: None,
            told_sensitive: false,
            said_findings: Vec::new(),
            said: std::collections::BTreeSet::new(),
        };
        Ok((plain, loaded.warnings))
    }

    fn say(&mut self, text: &str) -> std::io::Result<()> {
        // Every line passes the sanitiser here too, whatever the caller did.
        writeln!(self.out, "{}", clean(text, true))
    }

    fn stamp(&self) -> Stamp {
        Stamp {
            actor: self.identity.actor_for(&self.session),
            member: self.identity.member.clone(),
            at: workshop::Now::System.to_second(),
        }
    }

    fn intro(&mut self, warnings: &[String]) -> Result<()> {
        let title = clean_line(self.session.title()).into_owned();
        self.say(&format!("safestep plain mode: {title}"))?;
        let org = clean_line(self.session.organisation()).into_owned();
        if !org.is_empty() {
            self.say(&format!("Organisation: {org}"))?;
        }
        let fw_title = clean_line(&self.fw.title).into_owned();
        let member = clean_line(&self.identity.member).into_owned();
        self.say(&format!(
            "Framework: {fw_title}, {} steps. You are {member}.",
            self.fw.steps.len()
        ))?;
        for w in warnings {
            self.say(&format!("Warning: {}", clean_line(w)))?;
        }
        if self.read_only {
            self.say("This session is open for reading only: nothing you type here is saved.")?;
        } else {
            let path = clean_line(&self.path.display().to_string()).into_owned();
            self.say(&format!(
                "Answers are saved to {path} as soon as you give them."
            ))?;
        }
        let conflicts = self.session.conflicts().len();
        if conflicts > 0 {
            self.say(&format!(
                "This session holds {} for the group to settle; each is read out at its question.",
                count(conflicts, "conflict", "conflicts")
            ))?;
        }
        self.say("Type help at any question to hear every command.")?;
        // Resume at this member's last position.
        if let Some(pos) = self.session.positions.get(&self.identity.member).cloned() {
            let by_field = self.flat.iter().position(|&(s, p)| {
                self.fw.steps[s]
                    .prompts
                    .get(p)
                    .is_some_and(|x| x.id == pos.field)
            });
            let by_step = usize::try_from(pos.step)
                .ok()
                .and_then(|step| self.flat.iter().position(|&(s, _)| s == step));
            if let Some(i) = by_field.or(by_step) {
                self.cursor = i;
                if i > 0 {
                    let (s, p) = self.flat[i];
                    self.say(&format!(
                        "Resuming where you left off: step {}, question {}.",
                        s + 1,
                        p + 1
                    ))?;
                }
            }
        }
        Ok(())
    }

    /// Print the question text (if any), then read a line. The commands are
    /// not repeated here: they are read out when a step starts and on `help`.
    /// `None` at the end of input.
    fn ask(&mut self, question: &str) -> Result<Option<String>> {
        if !question.is_empty() {
            self.say(question)?;
        }
        write!(self.out, "> ")?;
        self.out.flush()?;
        self.read_line()
    }

    fn read_line(&mut self) -> Result<Option<String>> {
        let mut buf = Vec::new();
        match self.input.read_until(b'\n', &mut buf) {
            Ok(0) => Ok(None),
            Ok(_) => Ok(Some(tidy_input(&buf))),
            // A terminal that went away reads as an error: treat it as the end.
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => self.read_line(),
            Err(_) => Ok(None),
        }
    }

    /// Save to disk, saying so when it fails. Returns whether it worked.
    fn save(&mut self) -> Result<bool> {
        if self.read_only {
            return Ok(false);
        }
        match store::save(&self.path, &mut self.session, self.identity.sharing) {
            Ok(saved) => {
                self.dirty = false;
                if saved.merged_outside_edits {
                    self.say("Changes others made to this session were merged in.")?;
                }
                Ok(true)
            }
            Err(e) => {
                let msg = clean_line(&e.to_string()).into_owned();
                self.say(&format!("Not saved: {msg}. Your answer is kept here; it will be saved with the next one."))?;
                Ok(false)
            }
        }
    }

    /// Record an edit and save it.
    fn commit(&mut self, message: &str) -> Result<()> {
        self.dirty = true;
        if self.save()? && !message.is_empty() {
            self.say(message)?;
        }
        Ok(())
    }

    fn refuse_read_only(&mut self) -> Result<bool> {
        if self.read_only {
            self.say("This session is open for reading only; nothing can be changed.")?;
        }
        Ok(self.read_only)
    }

    /// Commit anything half-typed and save; called however the loop ended.
    fn finish(&mut self) -> Result<()> {
        if let Some((prompt, text)) = self.pending_text.take()
            && !self.read_only
        {
            let stamp = self.stamp();
            self.session.set_text(&prompt, text.trim_end(), &stamp);
            self.dirty = true;
        }
        if let Some((prompt, fields)) = self.pending_item.take()
            && !self.read_only
            && fields.first().is_some_and(|(_, v)| !v.trim().is_empty())
        {
            let stamp = self.stamp();
            let borrowed: Vec<(&str, &str)> = fields
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect();
            self.session.add_item(&prompt, &borrowed, &stamp);
            self.dirty = true;
        }
        if self.read_only || !self.dirty {
            let _ = self.say("Goodbye.");
            let _ = self.out.flush();
            return Ok(());
        }
        let result = store::save(&self.path, &mut self.session, self.identity.sharing);
        match result {
            Ok(_) => {
                self.dirty = false;
                let _ = self.say("Saved. Goodbye.");
                let _ = self.out.flush();
                Ok(())
            }
            Err(e) => Err(eyre!("{e}")),
        }
    }

    fn main_loop(&mut self) -> Result<()> {
        loop {
            let nav = if self.cursor >= self.flat.len() {
                self.at_end()?
            } else {
                self.question()?
            };
            match nav {
                Nav::Next => self.cursor = (self.cursor + 1).min(self.flat.len()),
                Nav::Back => {
                    if self.cursor == 0 {
                        self.say("This is the first question.")?;
                    } else {
                        self.cursor -= 1;
                    }
                }
                Nav::Goto(i) => self.cursor = i,
                Nav::Quit | Nav::Eof => return Ok(()),
            }
        }
    }

    fn at_end(&mut self) -> Result<Nav> {
        self.say("")?;
        self.say("That was the last question of the last step. Type back to return to it, step N to go to a step, or quit to finish.")?;
        loop {
            let Some(line) = self.ask("")? else {
                return Ok(Nav::Eof);
            };
            match command(&line) {
                Some(Cmd::Back) => return Ok(Nav::Back),
                Some(Cmd::Quit) => return Ok(Nav::Quit),
                Some(Cmd::Step(n)) => {
                    if let Some(nav) = self.goto_step(n)? {
                        return Ok(nav);
                    }
                }
                Some(Cmd::Help) => self.help(None)?,
                Some(Cmd::Where) => self.say("You are past the last question.")?,
                _ => self.say("There are no more questions. Type back, step N or quit.")?,
            }
        }
    }

    fn goto_step(&mut self, n: usize) -> Result<Option<Nav>> {
        let count = self.fw.steps.len();
        if n == 0 || n > count {
            self.say(&format!(
                "There is no step {n}; the steps are 1 to {count}."
            ))?;
            return Ok(None);
        }
        match self.flat.iter().position(|&(s, _)| s == n - 1) {
            Some(i) => {
                self.announced = None;
                Ok(Some(Nav::Goto(i)))
            }
            None => {
                self.say(&format!("Step {n} has no questions."))?;
                Ok(None)
            }
        }
    }

    fn announce_step(&mut self, si: usize) -> Result<()> {
        let step = self.fw.steps[si].clone();
        self.say("")?;
        self.say(&format!(
            "Step {} of {}: {}",
            si + 1,
            self.fw.steps.len(),
            clean_line(&step.title)
        ))?;
        self.say(&format!("Purpose: {}", clean_line(&step.purpose)))?;
        self.say(&format!(
            "This step has {} and a suggested time of {}. Type guidance to hear the facilitator's guidance.",
            count(step.prompts.len(), "question", "questions"),
            count(usize::try_from(step.suggested_minutes()).unwrap_or(0), "minute", "minutes")
        ))?;
        self.say(&format!("{COMMANDS}."))?;
        self.announced = Some(si);
        self.last_section = None;
        Ok(())
    }

    /// The help, then what applies at this question.
    fn help(&mut self, here: Option<(&Prompt, Phase)>) -> Result<()> {
        self.say(HELP)?;
        if let Some((prompt, phase)) = here {
            self.say(&instructions(&self.fw, &prompt.kind))?;
            let extra = extra_commands(&self.session, prompt, phase);
            if !extra.is_empty() {
                self.say(&format!("At this question you can also type: {extra}."))?;
            }
        }
        Ok(())
    }

    fn record_position(&mut self, si: usize, prompt: &str) {
        if self.read_only {
            return;
        }
        let step = u32::try_from(si).unwrap_or(0);
        let same = self
            .session
            .positions
            .get(&self.identity.member)
            .is_some_and(|p| p.step == step && p.field == prompt);
        if !same {
            let stamp = self.stamp();
            self.session.set_position(step, prompt, &stamp);
            self.dirty = true;
        }
    }

    /// One question: read it out, then take answers and commands until the
    /// user moves on.
    fn question(&mut self) -> Result<Nav> {
        let (si, pi) = self.flat[self.cursor];
        let prompt = self.fw.steps[si].prompts[pi].clone();
        if self.announced != Some(si) {
            self.announce_step(si)?;
        }
        self.record_position(si, &prompt.id);
        self.announce_prompt(si, pi, &prompt, false)?;
        let mut phase = Phase::Own;
        let mut question = self.first_question(si, pi, &prompt);
        loop {
            let Some(line) = self.ask(&question)? else {
                return Ok(Nav::Eof);
            };
            let result = match command(&line) {
                Some(cmd) => self.on_command(cmd, si, pi, &prompt, &mut phase)?,
                None => self.on_answer(&prompt, unescape(&line), &mut phase)?,
            };
            match result {
                Step::Stay => {}
                Step::Done => return Ok(Nav::Next),
                Step::Nav(nav) => return Ok(nav),
            }
            question = self.again_question(si, pi, &prompt, phase, &question);
        }
    }

    /// What is asked when a question starts: for a rating, the member's own
    /// level (named by step and question, so no two read the same).
    fn first_question(&self, si: usize, pi: usize, prompt: &Prompt) -> String {
        match &prompt.kind {
            Kind::Rating { levels } => format!(
                "Your own level for step {}, question {}, 1 to {}:",
                si + 1,
                pi + 1,
                levels.len()
            ),
            _ => String::new(),
        }
    }

    /// What is asked again after an answer that stays at the question: only
    /// something new (the agreed level after a member's own); otherwise just
    /// the prompt, since the instructions were read at the question.
    fn again_question(
        &self,
        si: usize,
        pi: usize,
        prompt: &Prompt,
        phase: Phase,
        asked: &str,
    ) -> String {
        let next = match &prompt.kind {
            Kind::Rating { levels } => match phase {
                Phase::Own => self.first_question(si, pi, prompt),
                Phase::Agreed => format!(
                    "The level the group agreed for step {}, question {}, 1 to {}:",
                    si + 1,
                    pi + 1,
                    levels.len()
                ),
            },
            _ => String::new(),
        };
        if next == asked { String::new() } else { next }
    }

    /// Read out a question. `again`: asked for (`repeat`), so everything is
    /// read, including what was already said at an earlier question.
    fn announce_prompt(
        &mut self,
        si: usize,
        pi: usize,
        prompt: &Prompt,
        again: bool,
    ) -> Result<()> {
        let count = self.fw.steps[si].prompts.len();
        let options = numbered_options(&prompt.kind);
        // Options heard at an earlier question are not read in full again.
        let options_known = !again
            && options
                .as_ref()
                .is_some_and(|o| self.said.contains(o.as_str()));
        let known = match (&prompt.kind, options_known) {
            (Kind::Choice { options }, true) => {
                format!(" (options as before, 1 to {})", options.len())
            }
            (Kind::Rating { levels }, true) => {
                format!(" (levels as before, 1 to {})", levels.len())
            }
            _ => String::new(),
        };
        self.say("")?;
        self.say(&format!(
            "Question {} of {count} in step {}: {}{known}",
            pi + 1,
            si + 1,
            clean_line(&prompt.label)
        ))?;
        if !prompt.section.is_empty()
            && (again || self.last_section.as_deref() != Some(prompt.section.as_str()))
        {
            self.say(&format!("Area: {}", clean_line(&prompt.section)))?;
        }
        self.last_section = Some(prompt.section.clone());
        if !prompt.help.is_empty() {
            let help = format!("Help: {}", clean_line(&prompt.help));
            if again || self.said.insert(help.clone()) {
                self.say(&help)?;
            }
        }
        if prompt.sensitive {
            if again || !self.told_sensitive {
                self.say("Sensitive: this answer may name a learner. It is hidden on a shared screen and left out of exports unless asked for; do not name learners unless you must.")?;
                self.told_sensitive = true;
            } else {
                self.say(&format!("Sensitive: {}.", clean_line(&prompt.label)))?;
            }
        }
        self.describe(prompt, true)?;
        if matches!(prompt.kind, Kind::Roster) {
            self.said_findings = roster_findings(&self.fw, &self.session);
        }
        if let Some(options) = options
            && !options_known
        {
            self.say(&options)?;
            self.said.insert(options);
        }
        if self.told.insert(kind_name(&prompt.kind)) || again {
            self.say(&instructions(&self.fw, &prompt.kind))?;
        }
        Ok(())
    }

    /// Read out a prompt's current answer. `full` adds conflict instructions.
    fn describe(&mut self, prompt: &Prompt, full: bool) -> Result<()> {
        let lines = describe_answer(&self.fw, &self.session, prompt, full);
        for l in lines {
            self.say(&l)?;
        }
        Ok(())
    }

    fn show_step(&mut self, si: usize) -> Result<()> {
        let step = self.fw.steps[si].clone();
        self.say(&format!(
            "Answers in step {}: {}",
            si + 1,
            clean_line(&step.title)
        ))?;
        for (i, p) in step.prompts.iter().enumerate() {
            self.say(&format!("Question {}: {}", i + 1, clean_line(&p.label)))?;
            self.describe(p, false)?;
        }
        self.say("End of the answers in this step.")?;
        Ok(())
    }

    fn on_command(
        &mut self,
        cmd: Cmd,
        si: usize,
        pi: usize,
        prompt: &Prompt,
        phase: &mut Phase,
    ) -> Result<Step> {
        match cmd {
            // At a rating, "next" skips both halves.
            Cmd::Next => Ok(Step::Done),
            Cmd::Back => Ok(Step::Nav(Nav::Back)),
            Cmd::Quit => Ok(Step::Nav(Nav::Quit)),
            Cmd::Step(n) => Ok(self.goto_step(n)?.map_or(Step::Stay, Step::Nav)),
            Cmd::Help => {
                self.help(Some((prompt, *phase)))?;
                Ok(Step::Stay)
            }
            Cmd::Show => {
                self.show_step(si)?;
                Ok(Step::Stay)
            }
            Cmd::Repeat => {
                self.announce_prompt(si, pi, prompt, true)?;
                Ok(Step::Stay)
            }
            Cmd::Guidance => {
                let g = clean(&self.fw.steps[si].guidance, true).into_owned();
                self.say(&format!("Guidance for step {}:", si + 1))?;
                self.say(&g)?;
                self.say("End of guidance.")?;
                Ok(Step::Stay)
            }
            Cmd::Where => {
                let count = self.fw.steps[si].prompts.len();
                self.say(&format!(
                    "You are at step {} of {}, question {pi_1} of {count}: {}.",
                    si + 1,
                    self.fw.steps.len(),
                    clean_line(&prompt.label),
                    pi_1 = pi + 1
                ))?;
                Ok(Step::Stay)
            }
            Cmd::Clear => self.clear(prompt, *phase),
            Cmd::Pick(n) => self.pick(prompt, n, *phase),
            Cmd::Add if prompt.kind.is_collection() => self.add_item(prompt, None),
            Cmd::Edit(n) if prompt.kind.is_collection() => self.edit_item(prompt, n),
            Cmd::Delete(n) if prompt.kind.is_collection() => self.delete_item(prompt, n),
            Cmd::Restore(n) if prompt.kind.is_collection() => self.settle_deleted(prompt, n, false),
            Cmd::Confirm(n) if prompt.kind.is_collection() => self.settle_deleted(prompt, n, true),
            Cmd::Add | Cmd::Edit(_) | Cmd::Delete(_) | Cmd::Restore(_) | Cmd::Confirm(_) => {
                self.say("That command works only at questions that hold a list of items. To give it as your answer, start the line with a backslash.")?;
                Ok(Step::Stay)
            }
        }
    }

    fn clear(&mut self, prompt: &Prompt, phase: Phase) -> Result<Step> {
        if self.refuse_read_only()? {
            return Ok(Step::Stay);
        }
        let stamp = self.stamp();
        match &prompt.kind {
            Kind::ShortText | Kind::LongText | Kind::Date | Kind::Choice { .. } => {
                self.session.set_text(&prompt.id, "", &stamp);
                self.commit("Cleared.")?;
            }
            Kind::Rating { .. } => {
                match phase {
                    Phase::Own => self.session.set_own_rating(&prompt.id, 0, &stamp),
                    Phase::Agreed => self.session.set_agreed_rating(&prompt.id, 0, &stamp),
                }
                self.commit("Cleared.")?;
            }
            Kind::Checklist { options } => {
                for o in options {
                    if self.session.is_checked(&prompt.id, o) {
                        self.session.set_check(&prompt.id, o, false, &stamp);
                    }
                }
                self.commit("Every option is now unticked.")?;
            }
            _ => {
                self.say("To remove items, use delete N.")?;
            }
        }
        Ok(Step::Stay)
    }

    fn pick(&mut self, prompt: &Prompt, n: usize, phase: Phase) -> Result<Step> {
        if self.refuse_read_only()? {
            return Ok(Step::Stay);
        }
        let stamp = self.stamp();
        match (&prompt.kind, self.session.answers.get(&prompt.id)) {
            (Kind::Rating { .. }, Some(Answer::Rating { members, agreed })) => {
                let reg = match phase {
                    Phase::Own => members.get(&self.identity.member).cloned(),
                    Phase::Agreed => Some(agreed.clone()),
                };
                let Some(value) =
                    reg.and_then(|r| in_order(&r).get(n.wrapping_sub(1)).map(|e| e.value))
                else {
                    self.say(&format!("There is no value {n} to pick here."))?;
                    return Ok(Step::Stay);
                };
                match phase {
                    Phase::Own => self.session.set_own_rating(&prompt.id, value, &stamp),
                    Phase::Agreed => self.session.set_agreed_rating(&prompt.id, value, &stamp),
                }
                self.commit(&format!("Settled on {value}."))?;
                Ok(Step::Stay)
            }
            (_, Some(Answer::Text(reg))) if reg.is_conflict() => {
                let Some(value) = in_order(reg)
                    .get(n.wrapping_sub(1))
                    .map(|e| e.value.clone())
                else {
                    self.say(&format!(
                        "There is no value {n}; pick 1 to {}.",
                        reg.entries().len()
                    ))?;
                    return Ok(Step::Stay);
                };
                self.session.set_text(&prompt.id, &value, &stamp);
                self.commit(&format!("Settled on value {n}; the conflict is resolved."))?;
                Ok(Step::Done)
            }
            _ => {
                self.say("There is no conflict to settle at this question.")?;
                Ok(Step::Stay)
            }
        }
    }

    /// A checked statement: the same input as `safestep answer`, read by the core.
    fn on_checked(&mut self, prompt: &Prompt, text: &str) -> Result<Step> {
        if text.trim().is_empty() {
            return Ok(Step::Done);
        }
        match value::parse_checked(&self.fw, text) {
            Ok(edits) => {
                let stamp = self.stamp();
                for edit in edits {
                    match edit {
                        value::CheckedEdit::Own(n) => {
                            self.session.set_own_judgement(&prompt.id, n, &stamp);
                        }
                        value::CheckedEdit::Agreed(n) => {
                            self.session.set_agreed_judgement(&prompt.id, n, &stamp);
                        }
                        value::CheckedEdit::Part(part, v) => {
                            self.session.set_checked_part(&prompt.id, &part, &v, &stamp);
                        }
                    }
                }
                self.commit("Saved.")?;
                Ok(Step::Stay)
            }
            Err(e) => {
                self.say(&format!("Not accepted: {}.", clean_line(&e)))?;
                Ok(Step::Stay)
            }
        }
    }

    fn on_answer(&mut self, prompt: &Prompt, text: &str, phase: &mut Phase) -> Result<Step> {
        let blank = text.trim().is_empty();
        let read_only = self.read_only;
        if read_only && !blank && !matches!(prompt.kind, Kind::LongText) {
            self.refuse_read_only()?;
            return Ok(Step::Stay);
        }
        match &prompt.kind {
            Kind::Checked => self.on_checked(prompt, text),
            Kind::ShortText => {
                if blank {
                    return Ok(Step::Done);
                }
                let stamp = self.stamp();
                self.session.set_text(&prompt.id, text.trim(), &stamp);
                self.commit("Saved.")?;
                Ok(Step::Done)
            }
            Kind::LongText => self.long_text(prompt, text),
            Kind::Date => {
                if blank {
                    return Ok(Step::Done);
                }
                match workshop::date::parse(text) {
                    Ok(d) => {
                        let stamp = self.stamp();
                        self.session
                            .set_text(&prompt.id, &workshop::date::iso(d), &stamp);
                        self.commit(&format!("Saved {}.", workshop::date::long(d)))?;
                        Ok(Step::Done)
                    }
                    Err(e) => {
                        self.say(&format!(
                            "Not accepted: {}. Type it again, or press Enter to leave the answer as it was.",
                            clean_line(&e.to_string())
                        ))?;
                        Ok(Step::Stay)
                    }
                }
            }
            Kind::Choice { options } => {
                if blank {
                    return Ok(Step::Done);
                }
                let Some(i) = match_option(options, text) else {
                    self.say(&format!(
                        "\"{}\" is not one of the options. Type a number from 1 to {}.",
                        clean_line(text.trim()),
                        options.len()
                    ))?;
                    return Ok(Step::Stay);
                };
                let option = options[i].clone();
                let stamp = self.stamp();
                self.session.set_text(&prompt.id, &option, &stamp);
                self.commit(&format!("Saved: {}.", clean_line(&option)))?;
                Ok(Step::Done)
            }
            Kind::Checklist { options } => {
                if blank {
                    return Ok(Step::Done);
                }
                let mut picks = Vec::new();
                for token in text
                    .split([',', ' '])
                    .map(str::trim)
                    .filter(|t| !t.is_empty())
                {
                    match token.parse::<usize>() {
                        Ok(n) if (1..=options.len()).contains(&n) => picks.push(n - 1),
                        _ => {
                            self.say(&format!(
                                "\"{}\" is not an option number; type numbers from 1 to {}, separated by commas. Nothing was changed.",
                                clean_line(token),
                                options.len()
                            ))?;
                            return Ok(Step::Stay);
                        }
                    }
                }
                picks.sort_unstable();
                picks.dedup();
                let stamp = self.stamp();
                let mut said = Vec::new();
                for i in picks {
                    let o = &options[i];
                    let now_ticked = !self.session.is_checked(&prompt.id, o);
                    self.session.set_check(&prompt.id, o, now_ticked, &stamp);
                    said.push(format!(
                        "{} {}",
                        clean_line(o),
                        if now_ticked { "ticked" } else { "unticked" }
                    ));
                }
                self.commit(&format!("Saved: {}.", said.join("; ")))?;
                Ok(Step::Stay)
            }
            Kind::Rating { levels } => {
                if blank {
                    return Ok(match phase {
                        Phase::Own => {
                            *phase = Phase::Agreed;
                            Step::Stay
                        }
                        Phase::Agreed => Step::Done,
                    });
                }
                let Some(n) = parse_level(levels, text) else {
                    self.say(&format!(
                        "\"{}\" is not a level. Type a number from 1 to {}, or 0 for none.",
                        clean_line(text.trim()),
                        levels.len()
                    ))?;
                    return Ok(Step::Stay);
                };
                let stamp = self.stamp();
                let what = if n == 0 {
                    "none".to_owned()
                } else {
                    format!("{n}, {}", level_name(levels, n))
                };
                match phase {
                    Phase::Own => {
                        self.session.set_own_rating(&prompt.id, n, &stamp);
                        self.commit(&format!("Saved your own level: {what}."))?;
                        for l in rating_spread(&self.fw, &self.session, prompt, levels) {
                            self.say(&l)?;
                        }
                        *phase = Phase::Agreed;
                        Ok(Step::Stay)
                    }
                    Phase::Agreed => {
                        self.session.set_agreed_rating(&prompt.id, n, &stamp);
                        self.commit(&format!("Saved the agreed level: {what}."))?;
                        Ok(Step::Done)
                    }
                }
            }
            Kind::List => {
                if blank {
                    return Ok(Step::Done);
                }
                let stamp = self.stamp();
                self.session
                    .add_item(&prompt.id, &[("text", text.trim())], &stamp);
                let n = self.session.items_of(&prompt.id).len();
                self.commit(&format!("Added item {n}."))?;
                Ok(Step::Stay)
            }
            _ => {
                if blank {
                    return Ok(Step::Done);
                }
                self.add_item(prompt, Some(text.trim()))
            }
        }
    }

    /// Long text: the first line has arrived; read until a line with a lone ".".
    fn long_text(&mut self, prompt: &Prompt, first: &str) -> Result<Step> {
        if first.trim().is_empty() || first.trim() == "." {
            return Ok(Step::Done);
        }
        self.pending_text = Some((prompt.id.clone(), unescape(first.trim_end()).to_owned()));
        loop {
            // Each finished line is saved as a draft, as the TUI autosaves a
            // half-typed field: a killed process loses at most the line being typed.
            self.save_draft();
            let Some(line) = self.read_line()? else {
                // End of input: `finish` saves what was typed.
                return Ok(Step::Nav(Nav::Eof));
            };
            if line.trim() == "." {
                break;
            }
            if let Some((_, text)) = self.pending_text.as_mut() {
                text.push('\n');
                text.push_str(unescape(line.trim_end()));
            }
        }
        let Some((id, text)) = self.pending_text.take() else {
            return Ok(Step::Done);
        };
        if self.refuse_read_only()? {
            return Ok(Step::Done);
        }
        let stamp = self.stamp();
        self.session.set_text(&id, text.trim_end(), &stamp);
        let lines = text.trim_end().lines().count();
        self.commit(&format!("Saved {}.", count(lines, "line", "lines")))?;
        Ok(Step::Done)
    }

    /// Save the long text being typed, quietly; a failure is reported when
    /// the answer is committed.
    fn save_draft(&mut self) {
        if self.read_only {
            return;
        }
        let Some((id, text)) = self.pending_text.clone() else {
            return;
        };
        if self.session.text_value(&id) == text.trim_end()
            && self.session.text(&id).is_some_and(|r| !r.is_conflict())
        {
            return;
        }
        let stamp = self.stamp();
        self.session.set_text(&id, text.trim_end(), &stamp);
        self.dirty = true;
        if store::save(&self.path, &mut self.session, self.identity.sharing).is_ok() {
            self.dirty = false;
        }
    }

    /// Ask one field of an item (with its current value when editing).
    fn ask_field(
        &mut self,
        item: usize,
        spec: &FieldSpec,
        current: Option<&Register<String>>,
    ) -> Result<FieldAnswer> {
        let hint = field_hint(&self.fw, spec);
        let mut question = format!("Item {item}, {}{hint}:", clean_line(&spec.label));
        let commands = if current.is_some() {
            if let Some(reg) = current
                && reg.is_conflict()
            {
                question = format!(
                    "Item {item}, {} has {} values in conflict:",
                    clean_line(&spec.label),
                    reg.entries().len()
                );
                for (i, e) in in_order(reg).into_iter().enumerate() {
                    question.push_str(&format!(
                        "\n  Value {}, by {} at {}: {}",
                        i + 1,
                        clean_line(&workshop::people::author(e)),
                        when(e.at),
                        clean_line(&value::show_field(&self.fw, spec.ty, &e.value))
                    ));
                }
                question.push_str(&format!(
                    "\nType pick N to keep one, or a new {}{hint}:",
                    clean_line(&spec.label).to_lowercase()
                ));
            } else {
                let cur = current
                    .and_then(Register::latest)
                    .map_or_else(String::new, |v| clean_line(v).into_owned());
                question = format!(
                    "Item {item}, {}{hint}. Now: {}.",
                    clean_line(&spec.label),
                    if cur.is_empty() {
                        "blank".to_owned()
                    } else {
                        cur
                    }
                );
            }
            (
                "edit",
                "While editing an item: Enter keeps a field as it is; clear empties it; cancel stops editing.",
            )
        } else {
            (
                "add",
                "While adding an item: Enter leaves a field blank; cancel stops adding it; quit saves and stops.",
            )
        };
        // Said the first time, and on help; not at every field.
        if self.told.insert(commands.0) {
            self.say(commands.1)?;
        }
        loop {
            let Some(line) = self.ask(&question)? else {
                return Ok(FieldAnswer::Eof);
            };
            let lower = line.trim().to_lowercase();
            if !line.starts_with('\\') {
                match lower.as_str() {
                    "cancel" => return Ok(FieldAnswer::Cancel),
                    "quit" | "exit" => return Ok(FieldAnswer::Quit),
                    "clear" if current.is_some() => return Ok(FieldAnswer::Value(String::new())),
                    "help" | "?" => {
                        self.say(HELP)?;
                        self.say(commands.1)?;
                        continue;
                    }
                    _ => {}
                }
                if let Some(n) = lower
                    .strip_prefix("pick ")
                    .and_then(|n| n.trim().parse::<usize>().ok())
                    && let Some(reg) = current.filter(|r| r.is_conflict())
                {
                    match in_order(reg).get(n.wrapping_sub(1)) {
                        Some(e) => return Ok(FieldAnswer::Value(e.value.clone())),
                        None => {
                            self.say(&format!("There is no value {n}."))?;
                            continue;
                        }
                    }
                }
            }
            let text = unescape(&line).trim();
            if text.is_empty() {
                return Ok(FieldAnswer::Keep);
            }
            let numbered = by_number(&self.fw, spec.ty, text);
            match parse_field(&self.fw, spec.ty, &spec.label, &numbered) {
                Ok(v) => return Ok(FieldAnswer::Value(v)),
                Err(e) => {
                    let msg = clean_line(&e).into_owned();
                    self.say(&format!("Not accepted: {msg}. Please type it again."))?;
                }
            }
        }
    }

    /// Add an item field by field; `first` is the first field when already typed.
    fn add_item(&mut self, prompt: &Prompt, first: Option<&str>) -> Result<Step> {
        if self.refuse_read_only()? {
            return Ok(Step::Stay);
        }
        let specs = prompt.kind.fields();
        let Some(first_spec) = specs.first() else {
            return Ok(Step::Stay);
        };
        self.pending_item = Some((prompt.id.clone(), Vec::new()));
        let mut quit = None;
        for (i, spec) in specs.iter().enumerate() {
            let value = if i == 0
                && let Some(f) = first
            {
                f.to_owned()
            } else {
                match self.ask_field(self.session.items_of(&prompt.id).len() + 1, spec, None)? {
                    FieldAnswer::Value(v) => v,
                    FieldAnswer::Keep => {
                        if i == 0 {
                            self.pending_item = None;
                            self.say(&format!(
                                "Nothing added: an item needs its {}.",
                                clean_line(&first_spec.label).to_lowercase()
                            ))?;
                            return Ok(Step::Stay);
                        }
                        continue;
                    }
                    FieldAnswer::Cancel => {
                        self.pending_item = None;
                        self.say("Cancelled; nothing was added.")?;
                        return Ok(Step::Stay);
                    }
                    FieldAnswer::Quit => {
                        quit = Some(Nav::Quit);
                        break;
                    }
                    FieldAnswer::Eof => return Ok(Step::Nav(Nav::Eof)),
                }
            };
            if let Some((_, fields)) = self.pending_item.as_mut() {
                fields.push((spec.id.clone(), value));
            }
        }
        let Some((id, mut fields)) = self.pending_item.take() else {
            return Ok(Step::Stay);
        };
        if fields.is_empty() {
            return Ok(quit.map_or(Step::Stay, Step::Nav));
        }
        value::with_defaults(&prompt.kind, &mut fields);
        let borrowed: Vec<(&str, &str)> = fields
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let stamp = self.stamp();
        self.session.add_item(&id, &borrowed, &stamp);
        let n = self.session.items_of(&id).len();
        self.commit(&format!("Added item {n}."))?;
        if quit.is_none() && matches!(prompt.kind, Kind::Roster) {
            // Only what changed since the findings were last read out.
            let findings = roster_findings(&self.fw, &self.session);
            for l in &findings {
                if !self.said_findings.contains(l) {
                    self.say(l)?;
                }
            }
            self.said_findings = findings;
        }
        Ok(quit.map_or(Step::Stay, Step::Nav))
    }

    fn item_id(&mut self, prompt: &Prompt, n: usize) -> Result<Option<String>> {
        let items = self.session.items_of(&prompt.id);
        let count = items.len();
        match items.get(n.wrapping_sub(1)) {
            Some((id, _)) => Ok(Some((*id).to_owned())),
            None => {
                if count == 0 {
                    self.say("There are no items yet.")?;
                } else {
                    self.say(&format!(
                        "There is no item {n}; the items are 1 to {count}."
                    ))?;
                }
                Ok(None)
            }
        }
    }

    fn edit_item(&mut self, prompt: &Prompt, n: usize) -> Result<Step> {
        if self.refuse_read_only()? {
            return Ok(Step::Stay);
        }
        let Some(id) = self.item_id(prompt, n)? else {
            return Ok(Step::Stay);
        };
        self.say(&format!("Editing item {n}, one field at a time."))?;
        for spec in prompt.kind.fields() {
            let current = self
                .session
                .items
                .get(&id)
                .and_then(|i| i.fields.get(&spec.id).cloned())
                .unwrap_or_default();
            match self.ask_field(n, &spec, Some(&current))? {
                FieldAnswer::Value(v) => {
                    let stamp = self.stamp();
                    self.session.set_item_field(&id, &spec.id, &v, &stamp);
                    self.commit("Saved.")?;
                }
                FieldAnswer::Keep => {}
                FieldAnswer::Cancel => {
                    self.say("Stopped editing.")?;
                    return Ok(Step::Stay);
                }
                FieldAnswer::Quit => return Ok(Step::Nav(Nav::Quit)),
                FieldAnswer::Eof => return Ok(Step::Nav(Nav::Eof)),
            }
        }
        self.say(&format!("Finished editing item {n}."))?;
        Ok(Step::Stay)
    }

    fn delete_item(&mut self, prompt: &Prompt, n: usize) -> Result<Step> {
        if self.refuse_read_only()? {
            return Ok(Step::Stay);
        }
        let Some(id) = self.item_id(prompt, n)? else {
            return Ok(Step::Stay);
        };
        let stamp = self.stamp();
        self.session.delete_item(&id, &stamp);
        self.commit(&format!(
            "Deleted item {n}; the items after it move up one."
        ))?;
        Ok(Step::Stay)
    }

    fn settle_deleted(&mut self, prompt: &Prompt, n: usize, confirm: bool) -> Result<Step> {
        if self.refuse_read_only()? {
            return Ok(Step::Stay);
        }
        let raced = raced_deletes(&self.session, &prompt.id);
        let Some(id) = raced.get(n.wrapping_sub(1)).cloned() else {
            self.say(&format!(
                "There is no deleted item {n} waiting to be settled."
            ))?;
            return Ok(Step::Stay);
        };
        let stamp = self.stamp();
        if confirm {
            self.session.delete_item(&id, &stamp);
            self.commit("The item stays deleted.")?;
        } else {
            self.session.restore_item(&id, &stamp);
            self.commit("The item is back in the list.")?;
        }
        Ok(Step::Stay)
    }
}

/// The answer to one field of an item.
enum FieldAnswer {
    Value(String),
    Keep,
    Cancel,
    Quit,
    Eof,
}

/// The commands that apply at this question beyond the usual ones; `pick N`,
/// `restore N` and `confirm N` only while there is a conflict to settle.
fn extra_commands(session: &Session, prompt: &Prompt, phase: Phase) -> String {
    let conflict = match session.answers.get(&prompt.id) {
        Some(Answer::Text(r)) => r.is_conflict(),
        Some(Answer::Rating { members, agreed }) => match phase {
            Phase::Own => members.values().any(Register::is_conflict),
            Phase::Agreed => agreed.is_conflict(),
        },
        _ => false,
    };
    let pick = if conflict { ", pick N" } else { "" };
    match &prompt.kind {
        Kind::ShortText | Kind::LongText | Kind::Date | Kind::Choice { .. } => {
            format!("clear{pick}")
        }
        Kind::Checklist { .. } => "clear".to_owned(),
        Kind::Rating { .. } => format!("clear{pick}"),
        Kind::List => "delete N".to_owned(),
        _ => {
            if raced_deletes(session, &prompt.id).is_empty() {
                "add, edit N, delete N".to_owned()
            } else {
                "add, edit N, delete N, restore N, confirm N".to_owned()
            }
        }
    }
}

/// A field hint listing words by number, as plain mode reads options.
fn numbered_hint(words: &[&str]) -> String {
    let numbered: Vec<String> = words
        .iter()
        .enumerate()
        .map(|(i, w)| format!("{}. {w}", i + 1))
        .collect();
    format!(
        " (a number or a word: {}; Enter means open)",
        numbered.join(", ")
    )
}

fn field_hint(fw: &Framework, spec: &FieldSpec) -> String {
    match spec.ty {
        FieldType::Text => String::new(),
        FieldType::Date => " (a date, such as 31/12/2026)".to_owned(),
        FieldType::Score => " (a whole number from 1, low, to 5, high)".to_owned(),
        FieldType::Status => numbered_hint(&STATUSES),
        FieldType::RiskStatus => numbered_hint(&crate::content::RISK_STATUSES),
        FieldType::Roles => {
            let roles: Vec<String> = fw
                .roles
                .iter()
                .enumerate()
                .map(|(i, r)| {
                    format!(
                        "{}. {} ({})",
                        i + 1,
                        clean_line(&r.id),
                        clean_line(&r.label)
                    )
                })
                .collect();
            format!(
                " (role numbers or names separated by commas: {})",
                roles.join("; ")
            )
        }
    }
}

/// A status or roles typed by number (as the hints number them) as the
/// words the core reads; anything else as typed.
fn by_number(fw: &Framework, ty: FieldType, text: &str) -> String {
    let pick = |n: &str, names: &[&str]| -> Option<String> {
        let i: usize = n.trim().parse().ok()?;
        names.get(i.checked_sub(1)?).map(|s| (*s).to_owned())
    };
    match ty {
        FieldType::Status => pick(text, &STATUSES).unwrap_or_else(|| text.to_owned()),
        FieldType::RiskStatus => {
            pick(text, &crate::content::RISK_STATUSES).unwrap_or_else(|| text.to_owned())
        }
        FieldType::Roles => {
            let ids: Vec<&str> = fw.roles.iter().map(|r| r.id.as_str()).collect();
            text.split(',')
                .map(|t| pick(t, &ids).unwrap_or_else(|| t.trim().to_owned()))
                .collect::<Vec<_>>()
                .join(", ")
        }
        _ => text.to_owned(),
    }
}

/// A short name for a kind of question, to read its instructions once.
fn kind_name(kind: &Kind) -> &'static str {
    match kind {
        Kind::ShortText => "short",
        Kind::LongText => "long",
        Kind::Date => "date",
        Kind::Choice { .. } => "choice",
        Kind::Checklist { .. } => "checklist",
        Kind::Rating { .. } => "rating",
        Kind::List => "list",
        Kind::Roster => "roster",
        Kind::Checked => "checked",
        _ => "items",
    }
}

/// The numbered options or levels of a question, read at each question of
/// that kind (they differ from question to question).
fn numbered_options(kind: &Kind) -> Option<String> {
    let (what, list) = match kind {
        Kind::Choice { options } => ("Options", options),
        Kind::Rating { levels } => ("Levels", levels),
        _ => return None,
    };
    let numbered: Vec<String> = list
        .iter()
        .enumerate()
        .map(|(i, o)| format!("{}. {}", i + 1, clean_line(o)))
        .collect();
    Some(format!("{what}: {}.", numbered.join("; ")))
}

/// What to type at a question of this kind.
fn instructions(fw: &Framework, kind: &Kind) -> String {
    match kind {
        Kind::Checked => "A requirement. Type your own judgement (met, partly met, not met or not known), or FIELD=VALUE pairs separated by ;, with FIELD one of: judgement (yours), agreed (the group's), basis (self-reported or checked), checked_on (a date), checked_by, method, evidence (a link or file name), note. For example: agreed=met; basis=checked; checked_on=1/10/2026. An empty line goes on.".to_owned(),
        Kind::ShortText => "Type your answer on one line. An empty line keeps the current answer and goes on; clear removes it.".to_owned(),
        Kind::LongText => "Type your answer over as many lines as you need, then a line with only a full stop (.) to finish. A full stop or an empty line straight away keeps the current answer; clear removes it.".to_owned(),
        Kind::Date => "Type a date, for example 31/01/2027, 31 Jan 2027 or 2027-01-31. An empty line keeps the current answer; clear removes it.".to_owned(),
        Kind::Choice { .. } => "Type the number of one option (or its name). An empty line keeps the current answer; clear removes it.".to_owned(),
        Kind::Checklist { .. } => "Type the numbers of options to tick or untick, separated by commas, for example 1, 3. An empty line goes on; clear unticks every option.".to_owned(),
        Kind::Rating { .. } => "You give your own level first, then the level the group agreed: type a level's number (0 withdraws yours or clears the agreed one); an empty line keeps it.".to_owned(),
        Kind::List => "Type one item per line; an empty line ends the list. delete N removes item N.".to_owned(),
        kind => {
            let specs = kind.fields();
            let names: Vec<String> = specs
                .iter()
                .map(|s| format!("{}{}", clean_line(&s.label), field_hint(fw, s)))
                .collect();
            let first = specs
                .first()
                .map_or_else(String::new, |f| clean_line(&f.label).to_lowercase());
            format!(
                "Each item has: {}. To add one, type its {first}; you are then asked for each other field. An empty line ends. edit N changes item N; delete N removes it.",
                names.join("; ")
            )
        }
    }
}

/// Deleted items of a prompt that someone edited while they were deleted.
fn raced_deletes(session: &Session, prompt: &str) -> Vec<String> {
    session
        .conflicts()
        .into_iter()
        .filter_map(|c| match c {
            crate::doc::ConflictAt::DeleteEdit(id)
                if session.items.get(&id).is_some_and(|i| i.prompt == prompt) =>
            {
                Some(id)
            }
            _ => None,
        })
        .collect()
}

fn conflict_lines(reg: &Register<String>, out: &mut Vec<String>, indent: &str) {
    for (i, e) in in_order(reg).into_iter().enumerate() {
        out.push(format!(
            "{indent}Value {}, by {} at {}: {}",
            i + 1,
            clean_line(&workshop::people::author(e)),
            when(e.at),
            clean(&e.value, true)
        ));
    }
}

fn rating_spread(
    fw: &Framework,
    session: &Session,
    prompt: &Prompt,
    levels: &[String],
) -> Vec<String> {
    let ratings = session.member_ratings(&prompt.id);
    if ratings.is_empty() {
        return vec!["Members' levels: nobody has rated yet.".to_owned()];
    }
    let entered = |m: &str| match session.answers.get(&prompt.id) {
        Some(Answer::Rating { members, .. }) => members
            .get(m)
            .and_then(|r| r.entries().iter().find_map(|e| e.entered_by()))
            .map(|w| {
                format!(
                    ", entered by {}",
                    clean_line(&workshop::people::display_name(fw, session, w))
                )
            })
            .unwrap_or_default(),
        _ => String::new(),
    };
    let each: Vec<String> = ratings
        .iter()
        .map(|(m, n)| {
            format!(
                "{} {n} ({}){}",
                clean_line(&workshop::people::display_name(fw, session, m)),
                level_name(levels, *n),
                entered(m)
            )
        })
        .collect();
    let mut out = vec![format!("Members' levels: {}.", each.join("; "))];
    let lo = ratings.values().min().copied().unwrap_or(0);
    let hi = ratings.values().max().copied().unwrap_or(0);
    if ratings.len() > 1 {
        out.push(format!("Spread: lowest {lo}, highest {hi}."));
        if hi - lo >= 2 {
            out.push("The levels differ by two or more: hear from the highest and the lowest before agreeing.".to_owned());
        }
    }
    out
}

fn roster_findings(fw: &Framework, session: &Session) -> Vec<String> {
    let missing = |required: bool| -> Vec<String> {
        workshop::coverage::uncovered(fw, session, required)
            .into_iter()
            .map(|r| clean_line(&r.label).into_owned())
            .collect()
    };
    let mut out = Vec::new();
    let req = missing(true);
    if req.is_empty() {
        out.push("Every required role is covered.".to_owned());
    } else {
        out.push(format!(
            "Finding: required roles nobody covers yet: {}.",
            req.join(", ")
        ));
    }
    let rec = missing(false);
    if !rec.is_empty() {
        out.push(format!(
            "Recommended roles not covered: {}.",
            rec.join(", ")
        ));
    }
    out
}

/// The current answer of a prompt as lines to read out.
fn describe_answer(fw: &Framework, session: &Session, prompt: &Prompt, full: bool) -> Vec<String> {
    let mut out = Vec::new();
    match &prompt.kind {
        Kind::Checked => {
            out.extend(
                value::show_checked(&session.checked(&prompt.id))
                    .iter()
                    .map(|l| clean_line(l).into_owned()),
            );
        }
        Kind::Checklist { options } => {
            let ticked: Vec<String> = options
                .iter()
                .filter(|o| session.is_checked(&prompt.id, o))
                .map(|o| clean_line(o).into_owned())
                .collect();
            if full {
                for (i, o) in options.iter().enumerate() {
                    let state = if session.is_checked(&prompt.id, o) {
                        "ticked"
                    } else {
                        "not ticked"
                    };
                    out.push(format!("{}. {}: {state}", i + 1, clean_line(o)));
                }
            } else if ticked.is_empty() {
                out.push("Nothing ticked.".to_owned());
            } else {
                out.push(format!("Ticked: {}.", ticked.join("; ")));
            }
            for (o, who) in workshop::conflicts::checklist_conflicts(session, &prompt.id, when) {
                out.push(format!(
                    "Conflict on {o}: {who}. Typing its number settles it."
                ));
            }
        }
        Kind::Rating { levels } => {
            out.extend(rating_spread(fw, session, prompt, levels));
            match session.agreed_rating(&prompt.id) {
                Some(n) => out.push(format!("Agreed level: {n}, {}.", level_name(levels, n))),
                None => out.push("Agreed level: not yet agreed.".to_owned()),
            }
            if let Some(Answer::Rating { members, agreed }) = session.answers.get(&prompt.id) {
                for (m, r) in members.iter().filter(|(_, r)| r.is_conflict()) {
                    let vals: Vec<String> = r
                        .entries()
                        .iter()
                        .enumerate()
                        .map(|(i, e)| format!("value {} is {} at {}", i + 1, e.value, when(e.at)))
                        .collect();
                    out.push(format!(
                        "Conflict: {}'s own level was set twice at once: {}.",
                        clean_line(m),
                        vals.join("; ")
                    ));
                }
                if agreed.is_conflict() {
                    let vals: Vec<String> = agreed
                        .entries()
                        .iter()
                        .enumerate()
                        .map(|(i, e)| {
                            format!(
                                "value {} is {} by {} at {}",
                                i + 1,
                                e.value,
                                clean_line(&workshop::people::author(e)),
                                when(e.at)
                            )
                        })
                        .collect();
                    out.push(format!(
                        "Conflict on the agreed level: {}. At the agreed level, pick N keeps one, or type a level.",
                        vals.join("; ")
                    ));
                }
            }
        }
        kind if kind.is_collection() => {
            let specs = kind.fields();
            let items = session.items_of(&prompt.id);
            if items.is_empty() {
                out.push("No items yet.".to_owned());
            } else {
                out.push(format!("{}:", count(items.len(), "item", "items")));
            }
            for (n, (_, item)) in items.iter().enumerate() {
                let mut parts = Vec::new();
                let mut conflicted = Vec::new();
                for s in &specs {
                    let Some(reg) = item.fields.get(&s.id) else {
                        continue;
                    };
                    if reg.is_conflict() {
                        parts.push(format!(
                            "{}: {} values in conflict",
                            clean_line(&s.label),
                            reg.entries().len()
                        ));
                        conflicted.push((s.label.clone(), reg.clone()));
                        continue;
                    }
                    let v = reg.latest().map_or("", String::as_str);
                    if v.trim().is_empty() {
                        continue;
                    }
                    let shown = clean_line(&value::show_field(fw, s.ty, v)).into_owned();
                    if matches!(kind, Kind::List) {
                        parts.push(shown);
                    } else {
                        parts.push(format!("{}: {shown}", clean_line(&s.label)));
                    }
                }
                out.push(format!("Item {}: {}.", n + 1, parts.join("; ")));
                for (label, reg) in conflicted {
                    out.push(format!(
                        "  Conflict in {} of item {}:",
                        clean_line(&label),
                        n + 1
                    ));
                    conflict_lines(&reg, &mut out, "    ");
                    if full {
                        out.push(format!("  Type edit {} to settle it.", n + 1));
                    }
                }
            }
            let raced = raced_deletes(session, &prompt.id);
            for (n, id) in raced.iter().enumerate() {
                let first = session
                    .items
                    .get(id)
                    .map(|i| specs.first().map_or("", |s| i.field(&s.id)).to_owned())
                    .unwrap_or_default();
                out.push(format!(
                    "Conflict: deleted item {} ({}) was edited by someone while it was being deleted. Type restore {} to bring it back, or confirm {} to keep it deleted.",
                    n + 1,
                    clean_line(&first),
                    n + 1,
                    n + 1
                ));
            }
            if full && matches!(kind, Kind::Roster) {
                out.extend(roster_findings(fw, session));
            }
        }
        _ => match session.text(&prompt.id).map(Register::entries) {
            None | Some([]) => out.push("Current answer: none yet.".to_owned()),
            Some([one]) if one.value.trim().is_empty() => {
                out.push("Current answer: none yet.".to_owned());
            }
            Some([one]) => {
                if matches!(prompt.kind, Kind::LongText) {
                    out.push("Current answer:".to_owned());
                    out.push(
                        clean(&value::show_answer(&prompt.kind, &one.value), true).into_owned(),
                    );
                    out.push("End of current answer.".to_owned());
                } else {
                    out.push(format!(
                        "Current answer: {}",
                        clean_line(&value::show_answer(&prompt.kind, &one.value))
                    ));
                }
            }
            Some(many) => {
                out.push(format!(
                    "Conflict: {} different answers wait for the group to settle:",
                    many.len()
                ));
                if let Some(reg) = session.text(&prompt.id) {
                    conflict_lines(reg, &mut out, "  ");
                }
                if full {
                    out.push("Type pick N to keep one of them, or type a new answer.".to_owned());
                }
            }
        },
    }
    out
}
