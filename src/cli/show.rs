//! `safestep show FILE [PROMPT]`: a session's answers as plain text, step by
//! step, for a person to read: names as the roster has them, times the UK
//! way to the minute, and no internal ids unless `--ids` asks for them.

use crate::content::{Framework, Kind, Prompt};
use crate::doc::{self, Answer, Entry, Register, Session};
use crate::report::fmt::minute;
use crate::text::{clean, clean_line};
use crate::workshop::{self, people, value};
use clap::Args;
use color_eyre::Result;
use color_eyre::eyre::bail;
use std::fmt::Write as _;
use std::path::PathBuf;

/// `safestep show`.
#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The session file.
    pub file: PathBuf,
    /// Show only this prompt.
    pub prompt: Option<String>,
    /// Also show the prompt and item ids (for scripts and `safestep answer`).
    #[arg(long)]
    pub ids: bool,
}

/// What every line needs: the framework, the session and whether ids show.
struct Shower<'a> {
    framework: &'a Framework,
    session: &'a Session,
    ids: bool,
    out: String,
}

impl Shower<'_> {
    /// A member's name as the reports give it.
    fn name(&self, member: &str) -> String {
        clean_line(&people::display_name(self.framework, self.session, member)).into_owned()
    }

    /// "by Alice Khan on Wed 16 Sep 2026, 14:05 UTC".
    fn by_at<T>(&self, e: &Entry<T>) -> String {
        let entered = e
            .entered_by()
            .map(|w| format!(" (entered by {})", clean_line(w)))
            .unwrap_or_default();
        format!("by {}{entered} on {}", self.name(&e.by), minute(e.at))
    }

    fn register(&mut self, reg: &Register<String>, indent: &str) {
        match reg.entries() {
            [] => {}
            [one] => {
                let v = clean(&one.value, true);
                let body = v.replace('\n', &format!("\n{indent}"));
                let _ = writeln!(self.out, "{indent}{body}");
            }
            many => {
                let _ = writeln!(
                    self.out,
                    "{indent}CONFLICT: {} values for the group to settle",
                    many.len()
                );
                for e in workshop::conflicts::in_order(reg) {
                    let v = clean(&e.value, true);
                    let body = v.replace('\n', &format!("\n{indent}    "));
                    let who = self.by_at(e);
                    let _ = writeln!(self.out, "{indent}  - {who}:\n{indent}    {body}");
                }
            }
        }
    }

    /// One prompt's answer.
    fn prompt(&mut self, prompt: &Prompt) {
        let (framework, session) = (self.framework, self.session);
        if self.ids {
            let _ = writeln!(
                self.out,
                "  {} [{}]",
                clean_line(&prompt.label),
                clean_line(&prompt.id)
            );
        } else {
            let _ = writeln!(self.out, "  {}", clean_line(&prompt.label));
        }
        let ind = "      ";
        match &prompt.kind {
            Kind::Checklist { options } => {
                for o in options {
                    let mark = if session.is_checked(&prompt.id, o) {
                        "[x]"
                    } else {
                        "[ ]"
                    };
                    let _ = writeln!(self.out, "{ind}{mark} {}", clean_line(o));
                }
                for (o, who) in
                    workshop::conflicts::checklist_conflicts(session, &prompt.id, |t| t.to_string())
                {
                    let _ = writeln!(
                        self.out,
                        "{ind}CONFLICT on \"{}\": {}",
                        clean_line(&o),
                        clean_line(&who)
                    );
                }
            }
            Kind::Rating { levels } => {
                let label = |n: u8| {
                    levels
                        .get(usize::from(n).saturating_sub(1))
                        .map_or("?", String::as_str)
                };
                let ratings = session.member_ratings(&prompt.id);
                if ratings.is_empty() {
                    let _ = writeln!(self.out, "{ind}(no member has rated)");
                }
                for (m, n) in &ratings {
                    let name = self.name(m);
                    let entered = match session.answers.get(&prompt.id) {
                        Some(Answer::Rating { members, .. }) => members
                            .get(*m)
                            .and_then(|r| r.entries().iter().find_map(|e| e.entered_by()))
                            .map(|w| format!(", entered by {}", clean_line(w)))
                            .unwrap_or_default(),
                        _ => String::new(),
                    };
                    let _ = writeln!(
                        self.out,
                        "{ind}{name}: {n} ({}){entered}",
                        clean_line(label(*n))
                    );
                }
                match session.agreed_rating(&prompt.id) {
                    Some(n) => {
                        let _ = writeln!(self.out, "{ind}agreed: {n} ({})", clean_line(label(n)));
                    }
                    None => {
                        let _ = writeln!(self.out, "{ind}agreed: not yet");
                    }
                }
                if let Some(Answer::Rating { agreed, .. }) = session.answers.get(&prompt.id)
                    && agreed.is_conflict()
                {
                    let vals: Vec<String> = agreed
                        .entries()
                        .iter()
                        .map(|e| format!("{} {}", e.value, self.by_at(e)))
                        .collect();
                    let _ = writeln!(
                        self.out,
                        "{ind}CONFLICT on the agreed level: {}",
                        vals.join("; ")
                    );
                }
            }
            Kind::Checked => {
                for line in value::show_checked(&session.checked(&prompt.id)) {
                    let _ = writeln!(self.out, "{ind}{}", clean_line(&line));
                }
                if let Some(Answer::Rating { agreed, .. }) = session.answers.get(&prompt.id)
                    && agreed.is_conflict()
                {
                    let vals: Vec<String> = agreed
                        .entries()
                        .iter()
                        .map(|e| {
                            format!(
                                "{} {}",
                                doc::judgement_name(e.value).unwrap_or("none"),
                                self.by_at(e)
                            )
                        })
                        .collect();
                    let _ = writeln!(
                        self.out,
                        "{ind}CONFLICT on the agreed judgement: {}",
                        vals.join("; ")
                    );
                }
                for (key, answer) in session.checked_answers(&prompt.id) {
                    if let Answer::Text(r) = answer
                        && r.is_conflict()
                    {
                        let _ = writeln!(self.out, "{ind}CONFLICT on {}:", clean_line(key));
                        self.register(r, &format!("{ind}  "));
                    }
                }
            }
            kind if kind.is_collection() => {
                let specs = kind.fields();
                for (n, (id, item)) in session.items_of(&prompt.id).into_iter().enumerate() {
                    if self.ids {
                        let _ = writeln!(self.out, "{ind}{}. [{}]", n + 1, clean_line(id));
                    } else {
                        let _ = writeln!(self.out, "{ind}{}.", n + 1);
                    }
                    for s in &specs {
                        if let Some(reg) = item.fields.get(&s.id) {
                            let _ = writeln!(self.out, "{ind}    {}:", clean_line(&s.label));
                            let mut shown = reg.clone();
                            for e in &mut shown.0 {
                                e.value = value::show_field(framework, s.ty, &e.value);
                            }
                            self.register(&shown, &format!("{ind}      "));
                        }
                    }
                }
                let conflicts: Vec<String> = session
                    .conflicts()
                    .into_iter()
                    .filter_map(|c| match c {
                        doc::ConflictAt::DeleteEdit(id)
                            if session
                                .items
                                .get(&id)
                                .is_some_and(|i| i.prompt == prompt.id) =>
                        {
                            Some(id)
                        }
                        _ => None,
                    })
                    .collect();
                for id in conflicts {
                    let what = session.items.get(&id).map_or_else(String::new, |item| {
                        ["what", "description", "name", "text"]
                            .iter()
                            .map(|f| item.field(f))
                            .find(|v| !v.trim().is_empty())
                            .map(|v| clean_line(v).into_owned())
                            .unwrap_or_default()
                    });
                    let label = if self.ids {
                        format!("[{}] \"{what}\"", clean_line(&id))
                    } else {
                        format!("\"{what}\"")
                    };
                    let _ = writeln!(
                        self.out,
                        "{ind}CONFLICT: item {label} was deleted while someone else edited it"
                    );
                }
            }
            kind => match session.text(&prompt.id) {
                Some(r) => {
                    let mut shown = r.clone();
                    for e in &mut shown.0 {
                        e.value = value::show_answer(kind, &e.value);
                    }
                    self.register(&shown, ind);
                }
                None => {
                    let _ = writeln!(self.out, "{ind}(no answer)");
                }
            },
        }
    }
}

/// `safestep show FILE [PROMPT] [--ids]`.
pub fn run(a: &ShowArgs, framework: &Framework, session: &Session) -> Result<i32> {
    let mut sh = Shower {
        framework,
        session,
        ids: a.ids,
        out: String::new(),
    };
    if let Some(pid) = &a.prompt {
        let Some((_, prompt)) = framework.prompt(pid) else {
            bail!(
                "no prompt \"{}\"; `safestep prompts` lists them",
                clean_line(pid)
            );
        };
        sh.prompt(prompt);
        print!("{}", sh.out);
        return Ok(0);
    }
    let _ = writeln!(sh.out, "{}", clean_line(session.title()));
    if !session.organisation().is_empty() {
        let _ = writeln!(sh.out, "{}", clean_line(session.organisation()));
    }
    if !session.facilitator().is_empty() {
        let _ = writeln!(sh.out, "Facilitator: {}", clean_line(session.facilitator()));
    }
    let _ = writeln!(sh.out, "Last change: {}", minute(session.last_change()));
    let conflicts = session.conflicts().len();
    if conflicts > 0 {
        let _ = writeln!(sh.out, "{conflicts} conflict(s) for the group to settle");
    }
    for (i, step) in framework.steps.iter().enumerate() {
        let _ = writeln!(sh.out, "\nStep {}: {}", i + 1, clean_line(&step.title));
        let mut section = "";
        for p in &step.prompts {
            if p.section != section && !p.section.is_empty() {
                let _ = writeln!(sh.out, "  -- {} --", clean_line(&p.section));
            }
            section = &p.section;
            sh.prompt(p);
        }
    }
    print!("{}", sh.out);
    Ok(0)
}
