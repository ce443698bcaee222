//! The demo session: a fictional school's autumn review, with every prompt of
//! the seven-step framework answered.
//!
//! Riverside Academy and everyone named here are invented. The session is
//! built through the document API, so it exercises the same edits, merges and
//! conflicts as real use, and every timestamp is fixed so the output is the
//! same on every run. `content/demo-session.ron` is this session written with
//! [`crate::doc::to_text`]; `tests/content.rs` checks the two agree (run it
//! with `UPDATE_DEMO=1` to rewrite the file after changing this module).

use crate::content::Framework;
use crate::doc::{PROPOSED_BY, Session, Stamp};
use jiff::{SignedDuration, Timestamp};

/// The session id of the demo.
pub const DEMO_ID: &str = "demo-riverside-2026-autumn";

/// The date the demo is meant to be looked at: some of its actions are
/// overdue by then and some are not.
pub const DEMO_TODAY: &str = "2026-11-29";

/// Writes edits into one copy of the session as one editing run, with a clock
/// that moves on a little with every edit.
struct Run {
    doc: Session,
    run: &'static str,
    now: Timestamp,
}

fn time(text: &str) -> Timestamp {
    text.parse()
        .expect("the demo's timestamps are fixed, valid RFC 3339 text")
}

impl Run {
    fn new(doc: Session, run: &'static str, at: &str) -> Run {
        Run {
            doc,
            run,
            now: time(at),
        }
    }

    /// Move this run's clock on to a later time (never back: if the previous
    /// part ran past `when`, the clock carries on from where it was).
    fn at(&mut self, when: &str) {
        self.now = self.now.max(time(when));
    }

    fn by(&mut self, member: &str) -> Stamp {
        self.now += SignedDuration::from_secs(20);
        Stamp {
            actor: format!("{member}@{}", self.run),
            member: member.to_owned(),
            at: self.now,
        }
    }

    fn text(&mut self, member: &str, prompt: &str, value: &str) {
        let s = self.by(member);
        self.doc.set_text(prompt, value, &s);
    }

    fn checks(&mut self, member: &str, prompt: &str, ticked: &[&str], unticked: &[&str]) {
        for (options, value) in [(ticked, true), (unticked, false)] {
            for option in options {
                let s = self.by(member);
                self.doc.set_check(prompt, option, value, &s);
            }
        }
    }

    /// Members' own ratings, then the level the group agreed (set by `chair`).
    fn rating(&mut self, prompt: &str, own: &[(&str, u8)], chair: &str, agreed: u8) {
        for (member, level) in own {
            let s = self.by(member);
            self.doc.set_own_rating(prompt, *level, &s);
        }
        let s = self.by(chair);
        self.doc.set_agreed_rating(prompt, agreed, &s);
    }

    fn item(&mut self, member: &str, prompt: &str, fields: &[(&str, &str)]) -> String {
        let s = self.by(member);
        self.doc.add_item(prompt, fields, &s)
    }

    fn list(&mut self, member: &str, prompt: &str, entries: &[&str]) {
        for entry in entries {
            self.item(member, prompt, &[("text", entry)]);
        }
    }

    fn field(&mut self, member: &str, id: &str, field: &str, value: &str) {
        let s = self.by(member);
        self.doc.set_item_field(id, field, value, &s);
    }

    fn action(
        &mut self,
        member: &str,
        prompt: &str,
        what: &str,
        owner: &str,
        due: &str,
        status: &str,
    ) -> String {
        self.item(
            member,
            prompt,
            &[
                ("what", what),
                ("owner", owner),
                ("due", due),
                ("status", status),
            ],
        )
    }

    fn decision(
        &mut self,
        member: &str,
        prompt: &str,
        what: &str,
        why: &str,
        date: &str,
        agreed_by: &str,
    ) {
        self.item(
            member,
            prompt,
            &[
                ("what", what),
                ("why", why),
                ("date", date),
                ("agreed_by", agreed_by),
            ],
        );
    }

    fn risk(
        &mut self,
        member: &str,
        description: &str,
        scores: (u8, u8),
        owner: &str,
        mitigation: &str,
    ) {
        let (likelihood, impact) = (scores.0.to_string(), scores.1.to_string());
        self.item(
            member,
            "assess.risks",
            &[
                ("description", description),
                ("likelihood", &likelihood),
                ("impact", &impact),
                ("owner", owner),
                ("mitigation", mitigation),
            ],
        );
    }

    fn position(&mut self, member: &str, step: u32, field: &str) {
        let s = self.by(member);
        self.doc.set_position(step, field, &s);
    }
}

/// Ids of the actions that members update after the meeting.
struct Followups {
    visitor_aup: String,
    staff_update: String,
    log_guide: String,
    filtering_check: String,
    filter_log: String,
}

/// Build the demo session for `fw` (the framework shipped with safestep).
///
/// The meeting on 16 September 2026 is one run per member on a shared
/// session; afterwards two members edit their own copies, which are merged.
/// The merge leaves one genuine conflict (two versions of how learner voice
/// is gathered) for the group to settle, and one item was deleted in the
/// meeting.
#[must_use]
pub fn build_demo(fw: &Framework) -> Session {
    let start = Stamp {
        actor: "priya@demo1".to_owned(),
        member: "priya".to_owned(),
        at: time("2026-09-16T14:30:00Z"),
    };
    let doc = Session::new(
        DEMO_ID.to_owned(),
        "Autumn 2026 review (demo)",
        fw.reference(),
        &start,
    );
    let mut m = Run::new(doc, "demo1", "2026-09-16T14:30:00Z");
    m.doc.set_organisation("Riverside Academy", &start);
    m.doc.set_facilitator("Priya Shah", &start);

    step_vision(&mut m);
    step_group(&mut m);
    step_assess(&mut m);
    let visitor_aup = step_integrate(&mut m);
    step_involve(&mut m);
    let (staff_update, log_guide) = step_train(&mut m);
    let (filtering_check, filter_log) = step_review(&mut m);
    m.position("priya", 6, "review.decisions");
    let followups = Followups {
        visitor_aup,
        staff_update,
        log_guide,
        filtering_check,
        filter_log,
    };
    let record = meeting_record(&m.doc, &followups);
    let meeting = m
        .doc
        .merge(&record)
        .unwrap_or_else(|_| m.doc.merge_forced(&record));

    after_the_meeting(meeting, &followups)
}

/// The id of the live item of `prompt` whose `field` is `value`.
fn find(doc: &Session, prompt: &str, field: &str, value: &str) -> Option<String> {
    doc.items_of(prompt)
        .into_iter()
        .find(|(_, i)| i.field(field) == value)
        .map(|(id, _)| id.to_owned())
}

/// Priya runs the meeting's record on her own laptop while the group edits
/// the shared session: attendance, time planned and taken for the first
/// three steps, dot-voting on the risks, the parking lot (one point becomes
/// an action) and who proposed some of the actions. Her copy starts from the
/// finished meeting and is merged back into it.
fn meeting_record(meeting: &Session, f: &Followups) -> Session {
    let mut r = Run::new(meeting.clone(), "demo4", "2026-09-16T14:30:00Z");
    // The digital leaders join later and are not recorded.
    for name in [
        "Priya Shah",
        "Daniel Okafor",
        "Marek Nowak",
        "Grace Adeyemi",
        "Helen Carter",
    ] {
        let s = r.by("priya");
        r.doc.set_present(name, true, &s);
    }
    for (step, minutes) in [("vision", 20), ("group", 15), ("assess", 50)] {
        let s = r.by("priya");
        r.doc.set_planned_minutes(step, minutes, &s);
    }
    r.at("2026-09-16T14:55:00Z");
    let s = r.by("priya");
    r.doc.add_spent("vision", 1_400, &s);
    r.at("2026-09-16T15:10:00Z");
    let s = r.by("priya");
    r.doc.add_spent("group", 870, &s);
    let s = r.by("priya");
    let trust_filter = r.doc.park(
        "Could the trust buy one filtering service for all its schools?",
        "Marek Nowak",
        &s,
    );

    r.at("2026-09-16T15:56:00Z");
    // Three votes each on which risks to work on first.
    let s = r.by("priya");
    r.doc.set_vote_budget(3, &s);
    let risk = |text: &str| find(meeting, "assess.risks", "description", text);
    let filtering = risk("Filtering fails or is misconfigured and nobody notices");
    let alerts = risk("A monitoring alert sits in an inbox and a serious concern is missed");
    let logins = risk("Shared learner logins hide who did what");
    let messaging = risk("Staff use personal messaging groups with families");
    for (item, voter, n) in [
        (&filtering, "Daniel Okafor", 2),
        (&alerts, "Daniel Okafor", 1),
        (&filtering, "Marek Nowak", 1),
        (&logins, "Marek Nowak", 2),
        (&filtering, "Helen Carter", 1),
        (&messaging, "Helen Carter", 2),
    ] {
        if let Some(id) = item {
            let s = r.by("priya");
            r.doc.set_votes(id, voter, n, &s);
        }
    }
    let s = r.by("priya");
    r.doc.park(
        "Ask the PTA whether families want a session on gaming",
        "Helen Carter",
        &s,
    );
    r.at("2026-09-16T16:00:00Z");
    let s = r.by("priya");
    r.doc.add_spent("assess", 3_060, &s);

    r.at("2026-09-16T16:10:00Z");
    r.field("priya", &f.visitor_aup, PROPOSED_BY, "Marek Nowak");
    r.at("2026-09-16T16:45:00Z");
    r.field("priya", &f.filtering_check, PROPOSED_BY, "Daniel Okafor");
    r.field("priya", &f.filter_log, PROPOSED_BY, "Marek Nowak");
    let s = r.by("priya");
    if let Some(id) = r.doc.park_to_action(&trust_filter, "review.actions", &s) {
        r.field("priya", &id, "owner", "Priya Shah");
        r.field("priya", &id, "due", "2027-01-15");
    }
    r.doc
}

fn step_vision(m: &mut Run) {
    m.at("2026-09-16T14:32:00Z");
    m.text(
        "priya",
        "vision.statement",
        "At Riverside Academy everyone, learners, staff and families, uses technology confidently, kindly and safely. We teach learners to make good choices online and to speak up when something feels wrong, and we back that teaching with sensible filtering, clear expectations and adults who know how to help.",
    );
    m.list(
        "daniel",
        "vision.problems",
        &[
            "Learners in Years 7 to 9 share logins and sign in as each other",
            "Fallings-out in weekend group chats turn into bullying in school",
            "Staff are unsure what to do when a learner tells them about something that happened online",
            "Filtering blocks some sites teachers need, so staff find workarounds",
            "Parents ask for help with phones and games but few come to our sessions",
        ],
    );
    for (measure, baseline, target, by_when) in [
        (
            "Learners who know how to report a worry (learner survey)",
            "61% (July 2026)",
            "85%",
            "2027-07-16",
        ),
        (
            "Staff who completed this year's online-safety update",
            "48%",
            "100%",
            "2026-12-18",
        ),
        (
            "Unblock requests answered within two school days",
            "Not recorded",
            "90%",
            "2027-03-26",
        ),
        (
            "Families attending an online-safety session",
            "23 families in 2025-26",
            "60 families",
            "2027-07-16",
        ),
    ] {
        m.item(
            "grace",
            "vision.measures",
            &[
                ("measure", measure),
                ("baseline_now", baseline),
                ("target", target),
                ("by_when", by_when),
            ],
        );
    }
    m.decision(
        "priya",
        "vision.decisions",
        "Adopt the vision statement as drafted and publish it on the website",
        "It is short enough to read out in assembly and puts behaviour before blocking",
        "2026-09-16",
        "Whole group",
    );
    m.decision(
        "priya",
        "vision.decisions",
        "Use the July 2026 learner survey as the baseline for reporting confidence",
        "It is the only recent data we have, and repeating it next July gives a fair comparison",
        "2026-09-16",
        "Priya Shah, Daniel Okafor, Grace Adeyemi",
    );
}

fn step_group(m: &mut Run) {
    m.at("2026-09-16T14:55:00Z");
    // Parent voice is left uncovered on purpose: the roster shows the gap.
    for (name, roles, note) in [
        (
            "Priya Shah",
            "leadership",
            "Deputy headteacher; chairs the group",
        ),
        (
            "Daniel Okafor",
            "safeguarding,leadership",
            "Designated safeguarding lead and assistant head",
        ),
        ("Marek Nowak", "technical", "Network manager"),
        ("Grace Adeyemi", "curriculum", "Head of PSHE and computing"),
        ("Helen Carter", "governor", "Safeguarding link governor"),
        (
            "Year 11 digital leaders (two learners)",
            "learners",
            "Join the first half of each meeting",
        ),
    ] {
        m.item(
            "priya",
            "group.roster",
            &[("name", name), ("roles", roles), ("note", note)],
        );
    }
    m.text("priya", "group.chair", "Priya Shah (deputy headteacher)");
    m.text("helen", "group.frequency", "Every half term");
    m.decision(
        "priya",
        "group.decisions",
        "Invite a parent representative through the PTA before the spring meeting",
        "Nobody in the group speaks for parents yet, and the PTA chair has offered to ask for volunteers",
        "2026-09-16",
        "Whole group",
    );
    m.decision(
        "daniel",
        "group.decisions",
        "Digital leaders attend the first half of each meeting only",
        "Learner voice stays in the room, and safeguarding cases can be discussed without learners present",
        "2026-09-16",
        "Whole group",
    );
}

/// One assessed area: what we do now, ratings, evidence and improvements.
struct Area<'a> {
    key: &'a str,
    now: &'a str,
    own: &'a [(&'a str, u8)],
    agreed: u8,
    evidence: &'a str,
    improve: &'a [&'a str],
}

fn area(m: &mut Run, a: &Area<'_>) {
    m.text("priya", &format!("assess.{}.now", a.key), a.now);
    m.rating(&format!("assess.{}.level", a.key), a.own, "priya", a.agreed);
    m.text("priya", &format!("assess.{}.evidence", a.key), a.evidence);
    m.list("priya", &format!("assess.{}.improve", a.key), a.improve);
}

fn step_assess(m: &mut Run) {
    m.at("2026-09-16T15:10:00Z");
    area(
        m,
        &Area {
            key: "leadership",
            now: "Online safety sits inside the safeguarding policy, last updated in September 2025. The deputy head leads on it and reports to governors once a year. It is not yet in the school improvement plan.",
            own: &[("priya", 3), ("daniel", 3), ("helen", 2), ("grace", 3)],
            agreed: 3,
            evidence: "Safeguarding policy (September 2025); governors' minutes of 20 November 2025, item 6; this group's draft terms of reference.",
            improve: &[
                "Add an online-safety objective to the school improvement plan",
                "Agree the group's terms of reference at the next meeting",
            ],
        },
    );
    area(
        m,
        &Area {
            key: "filtering",
            now: "Filtering comes with the local authority broadband service, on its secondary policy. Alerts from the classroom monitoring software go to the network manager, who emails anything worrying to the DSL. Teachers ask for sites to be unblocked through the IT helpdesk. Nobody checks regularly that filtering is working.",
            own: &[("marek", 3), ("daniel", 2), ("priya", 2), ("helen", 2)],
            agreed: 2,
            evidence: "42 unblock requests on the helpdesk since April; the summer term's monitoring alert export. There is no record of why sites were allowed, and no filtering check is recorded for last year.",
            improve: &[
                "Keep a log of what is blocked or allowed, and why",
                "Check filtering every term with the DSL present",
                "Send monitoring alerts straight to the DSL as well as IT",
            ],
        },
    );
    m.at("2026-09-16T15:24:00Z");
    // Added twice in the discussion; the duplicate was deleted straight away.
    let duplicate = m.item(
        "marek",
        "assess.filtering.improve",
        &[("text", "Keep a log of what is blocked or allowed and why")],
    );
    let s = m.by("marek");
    m.doc.delete_item(&duplicate, &s);
    area(
        m,
        &Area {
            key: "devices",
            now: "Staff laptops are encrypted and centrally managed. Chromebooks are shared in Years 7 to 9 and personal in Years 10 and 11. Staff accounts use multi-factor sign-in; learner accounts do not. Backups run every night and a restore is tested once a year.",
            own: &[("marek", 4), ("priya", 3), ("grace", 3)],
            agreed: 3,
            evidence: "Device management report (September 2026); cyber insurance questionnaire; backup restore test of 20 July 2026.",
            improve: &[
                "Turn on multi-factor sign-in for Year 10 and 11 learner accounts",
                "Give Years 7 to 9 individual Chromebook sign-in",
            ],
        },
    );
    area(
        m,
        &Area {
            key: "education",
            now: "Online safety is taught in PSHE (one unit a year in Years 7 to 9) and in Year 7 computing. Years 10 and 11 have a drop-down day each spring. Online reputation, wellbeing and copyright get little time.",
            own: &[("grace", 3), ("daniel", 2), ("priya", 3)],
            agreed: 3,
            evidence: "PSHE long-term plan 2026-27; Year 7 computing scheme of work; learner survey of July 2026.",
            improve: &[
                "Map PSHE and computing units against the Connected World strands",
                "Add a Year 10 lesson on online reputation before work experience",
            ],
        },
    );
    m.at("2026-09-16T15:38:00Z");
    area(
        m,
        &Area {
            key: "staff",
            now: "Staff sign the acceptable use agreement when they join. Most contact with learners goes through school accounts, but some sports clubs still use personal messaging groups with parents. Support staff are less sure how to report an online concern.",
            own: &[("daniel", 2), ("priya", 2), ("grace", 3), ("marek", 2)],
            agreed: 2,
            evidence: "Training log: 48% of staff completed last year's update. Staff questionnaire (June 2026): 70% could describe the reporting route.",
            improve: &[
                "Move club communication onto the school messaging app",
                "Include support and lunchtime staff in the yearly update",
            ],
        },
    );
    area(
        m,
        &Area {
            key: "parents",
            now: "A termly newsletter item, an online-safety page on the website, and one evening session a year that few families attend.",
            own: &[("priya", 2), ("helen", 2), ("grace", 1)],
            agreed: 2,
            evidence: "Website visits to the online-safety page; 23 families at the March 2026 session.",
            improve: &[
                "Hold short talks before parents' evenings instead of a separate evening",
                "Ask the PTA to share a guide to phones and games in the spring",
            ],
        },
    );
    area(
        m,
        &Area {
            key: "incidents",
            now: "Concerns are logged on the safeguarding system under an 'online' category and the DSL reviews them every week. Staff outside the pastoral team are less sure which concerns to log.",
            own: &[("daniel", 3), ("priya", 3), ("marek", 2), ("helen", 3)],
            agreed: 3,
            evidence: "31 online concerns logged in 2025-26, most about Year 8 group chats. One summer-term case involved an image shared without consent; it was referred to the police and handled under the safeguarding policy. Details stay in the safeguarding system.",
            improve: &[
                "Give all staff a one-page guide to what to log",
                "Report trends in online concerns to this group each half term",
            ],
        },
    );
    m.at("2026-09-16T15:50:00Z");
    m.risk(
        "daniel",
        "Filtering fails or is misconfigured and nobody notices",
        (3, 5),
        "Marek Nowak",
        "Termly filtering check with the DSL; results logged",
    );
    m.risk(
        "daniel",
        "A monitoring alert sits in an inbox and a serious concern is missed",
        (3, 5),
        "Daniel Okafor",
        "Alerts go to the DSL and a deputy directly; weekly review",
    );
    m.risk(
        "marek",
        "Shared learner logins hide who did what",
        (4, 3),
        "Marek Nowak",
        "Individual Chromebook sign-in for Years 7 to 9",
    );
    m.risk(
        "priya",
        "Staff use personal messaging groups with families",
        (3, 4),
        "Priya Shah",
        "Move clubs onto the school app and restate the code of conduct",
    );
    m.risk(
        "grace",
        "Parents do not know about open chat in popular games",
        (4, 2),
        "Grace Adeyemi",
        "Talks before parents' evenings; PTA guide",
    );
}

/// Returns the id of the visitor agreement action.
fn step_integrate(m: &mut Run) -> String {
    m.at("2026-09-16T16:00:00Z");
    for (key, status, owner, review) in [
        ("safeguarding", "In place", "Daniel Okafor", "2027-09-01"),
        ("behaviour", "Needs review", "Priya Shah", "2027-01-15"),
        (
            "anti-bullying",
            "Needs review",
            "Grace Adeyemi",
            "2027-01-15",
        ),
        ("aup-learners", "Drafting", "Grace Adeyemi", "2026-12-11"),
        ("aup-staff", "In place", "Priya Shah", "2027-09-01"),
        ("aup-visitors", "Missing", "Marek Nowak", "2026-11-13"),
        ("conduct", "Needs review", "Priya Shah", "2027-03-26"),
        (
            "data",
            "In place",
            "Sam Whitfield (data protection officer)",
            "2027-05-14",
        ),
        ("mobile", "In place", "Priya Shah", "2027-07-09"),
        ("remote", "Needs review", "Marek Nowak", "2027-02-12"),
    ] {
        m.text("priya", &format!("integrate.{key}.status"), status);
        m.text("priya", &format!("integrate.{key}.owner"), owner);
        m.text("priya", &format!("integrate.{key}.review"), review);
    }
    m.text(
        "priya",
        "integrate.plans",
        "The school improvement plan has no online-safety objective yet. The digital strategy (2025 to 2028) covers devices and the network but says nothing about teaching learners. The IT budget pays for filtering and monitoring; nothing is set aside for training.",
    );
    let visitor_aup = m.action(
        "priya",
        "integrate.actions",
        "Write an acceptable use agreement for visitors and contractors on guest Wi-Fi",
        "Marek Nowak",
        "2026-11-13",
        "open",
    );
    m.action(
        "priya",
        "integrate.actions",
        "Update the behaviour policy on online behaviour outside school",
        "Priya Shah",
        "2027-01-15",
        "in progress",
    );
    m.action(
        "grace",
        "integrate.actions",
        "Agree the learner acceptable use agreement with the digital leaders",
        "Grace Adeyemi",
        "2026-11-20",
        "in progress",
    );
    m.action(
        "priya",
        "integrate.actions",
        "Add online safety to the school improvement plan",
        "Priya Shah",
        "2026-10-16",
        "done",
    );
    visitor_aup
}

fn step_involve(m: &mut Run) {
    m.at("2026-09-16T16:12:00Z");
    m.checks(
        "grace",
        "involve.groups",
        &["Learners", "Governors or trustees", "Teaching staff"],
        &["Parents and carers", "Support staff"],
    );
    for (audience, activity, owner, when) in [
        (
            "Learners, Years 7 to 11",
            "Online-life survey in tutor time",
            "Grace Adeyemi",
            "5 to 16 October 2026",
        ),
        (
            "Digital leaders",
            "Rewrite the learner acceptable use agreement in plain language",
            "Grace Adeyemi",
            "November 2026",
        ),
        (
            "Parents and carers",
            "Fifteen-minute talk before each parents' evening",
            "Daniel Okafor",
            "Year 9 on 26 November; Year 11 on 21 January",
        ),
        (
            "Governors",
            "Filtering and monitoring walk-through with the link governor",
            "Marek Nowak",
            "Spring term 2027",
        ),
    ] {
        m.item(
            "grace",
            "involve.activities",
            &[
                ("audience", audience),
                ("activity", activity),
                ("owner", owner),
                ("when", when),
            ],
        );
    }
    m.checks(
        "grace",
        "involve.curriculum",
        &[
            "Self-image and identity",
            "Online relationships",
            "Online bullying",
            "Managing online information",
            "Privacy and security",
        ],
        &[
            "Online reputation",
            "Health, wellbeing and lifestyle",
            "Copyright and ownership",
        ],
    );
    m.text(
        "priya",
        "involve.learner-voice",
        "Digital leaders and a yearly survey; Grace and Daniel to write up the details after the meeting.",
    );
    m.text(
        "daniel",
        "involve.tech-use",
        "From the July 2026 survey (612 replies): most learners in Years 7 and 8 have their own phone. Group chats and short-video apps are used most. A third of Year 8 say they have been in a group chat where someone was left out or mocked. Gaming with open voice chat is common in Years 7 and 8. Few learners would tell a teacher first; most would tell a friend or a parent.",
    );
}

/// Returns the ids of the staff-update and logging-guide actions.
fn step_train(m: &mut Run) -> (String, String) {
    m.at("2026-09-16T16:20:00Z");
    for (who, what) in [
        (
            "Priya Shah (deputy head)",
            "Leads online safety; senior leader for filtering and monitoring; reports to governors",
        ),
        (
            "Daniel Okafor (DSL)",
            "Acts on online concerns and monitoring alerts; keeps the incident log",
        ),
        (
            "Marek Nowak (network manager)",
            "Runs filtering and monitoring; termly checks; keeps the blocked and allowed log",
        ),
        (
            "Helen Carter (link governor)",
            "Checks for the governors that filtering and monitoring meet the standards",
        ),
        (
            "All staff",
            "Follow the acceptable use agreement; report any online concern the same day",
        ),
    ] {
        m.item(
            "priya",
            "train.responsibilities",
            &[("who", who), ("responsible_for", what)],
        );
    }
    m.text(
        "marek",
        "train.filter-changes",
        "Priya Shah approves; Marek Nowak records each change and its reason in the filtering log",
    );
    m.text(
        "daniel",
        "train.reporting",
        "1. Whoever hears the concern writes down what was said, in the learner's words, and does not investigate.\n2. They log it on the safeguarding system the same day under 'online'. If a learner may be at immediate risk, they find the DSL or a deputy in person first.\n3. The DSL decides what happens next within one working day and records it.\n4. Nobody copies, forwards or screenshots images or messages; the DSL decides how evidence is kept.\n5. The DSL closes the record and notes anything this group should learn from it.",
    );
    for (audience, training, frequency, owner) in [
        (
            "All staff",
            "Online-safety update: reporting route, new risks, what filtering and monitoring do",
            "Every September",
            "Daniel Okafor",
        ),
        (
            "Support and lunchtime staff",
            "Short briefing on spotting and reporting online concerns",
            "Once a year",
            "Daniel Okafor",
        ),
        (
            "Technical staff",
            "Filtering and monitoring standards; security updates",
            "Once a year, plus supplier updates",
            "Marek Nowak",
        ),
        (
            "Governors",
            "Filtering and monitoring walk-through; this group's report",
            "Once a year",
            "Priya Shah",
        ),
        (
            "Learners",
            "PSHE and computing units; assemblies led by digital leaders",
            "Every term",
            "Grace Adeyemi",
        ),
        (
            "Parents and carers",
            "Talks before parents' evenings; PTA guide",
            "Twice a year",
            "Daniel Okafor",
        ),
    ] {
        m.item(
            "priya",
            "train.plan",
            &[
                ("audience", audience),
                ("training", training),
                ("frequency", frequency),
                ("owner", owner),
            ],
        );
    }
    let staff_update = m.action(
        "daniel",
        "train.actions",
        "Book the all-staff update into the October training day",
        "Daniel Okafor",
        "2026-09-30",
        "open",
    );
    let log_guide = m.action(
        "daniel",
        "train.actions",
        "Write a one-page guide for all staff on what to log",
        "Daniel Okafor",
        "2026-10-30",
        "open",
    );
    m.action(
        "priya",
        "train.actions",
        "Add support and lunchtime staff to the training log",
        "Priya Shah",
        "2026-11-06",
        "open",
    );
    m.action(
        "marek",
        "train.actions",
        "Run the governor walk-through of filtering and monitoring",
        "Marek Nowak",
        "2027-02-26",
        "open",
    );
    (staff_update, log_guide)
}

/// Returns the ids of the filtering-check and filtering-log actions.
fn step_review(m: &mut Run) -> (String, String) {
    m.at("2026-09-16T16:35:00Z");
    m.checks(
        "priya",
        "review.feedback",
        &[
            "Learner survey",
            "Staff survey",
            "Incident log trends",
            "Filtering and monitoring reports",
            "Governor visit",
        ],
        &["Parent survey"],
    );
    m.text("priya", "review.next", "2027-07-08");
    m.checks(
        "helen",
        "review.triggers",
        &[
            "A serious incident",
            "New technology or a new platform",
            "New law or statutory guidance",
            "A change of filtering or monitoring provider",
        ],
        &[],
    );
    m.text(
        "priya",
        "review.last-actions",
        "From the July 2026 review: the filtering contract was renewed (done). The parent survey is dropped: it had only 40 replies last time, so we will talk to parents at parents' evenings instead. Individual Chromebook sign-in for Years 7 to 9 is stuck waiting for licences; Marek is chasing the supplier.",
    );
    let filtering_check = m.action(
        "marek",
        "review.actions",
        "Run the first termly filtering check with the DSL and log the results",
        "Marek Nowak",
        "2026-10-23",
        "open",
    );
    let filter_log = m.action(
        "marek",
        "review.actions",
        "Start the log of what is blocked or allowed, with reasons",
        "Marek Nowak",
        "2026-10-09",
        "open",
    );
    m.action(
        "priya",
        "review.actions",
        "Individual Chromebook sign-in for Years 7 to 9",
        "Marek Nowak",
        "2027-02-12",
        "stuck",
    );
    m.action(
        "priya",
        "review.actions",
        "Run a parent survey",
        "Grace Adeyemi",
        "2026-11-27",
        "dropped",
    );
    m.action(
        "priya",
        "review.actions",
        "Present this group's report to the full governing board",
        "Priya Shah",
        "2026-12-10",
        "open",
    );
    m.action(
        "grace",
        "review.actions",
        "Repeat the learner online-life survey",
        "Grace Adeyemi",
        "2027-06-25",
        "open",
    );
    m.decision(
        "priya",
        "review.decisions",
        "Check filtering and monitoring every term, not only at the yearly review",
        "Last year's only check was the yearly one, and a misconfiguration went unnoticed for weeks",
        "2026-09-16",
        "Whole group",
    );
    m.decision(
        "priya",
        "review.decisions",
        "Drop the parent survey in favour of talks at parents' evenings",
        "Too few replies to be useful, and parents' evenings reach far more families",
        "2026-09-16",
        "Priya Shah, Helen Carter, Daniel Okafor",
    );
    m.decision(
        "helen",
        "review.decisions",
        "Hold the next full review in July 2027",
        "It keeps within a year of this review and lets the July survey results feed in",
        "2026-09-16",
        "Whole group",
    );
    (filtering_check, filter_log)
}

/// After the meeting Grace and Daniel each work in their own copy; Marek and
/// Priya update action statuses. Merging the copies leaves the learner-voice
/// answer in conflict, because Grace and Daniel both rewrote it without seeing
/// each other's version.
fn after_the_meeting(meeting: Session, f: &Followups) -> Session {
    let mut a = Run::new(meeting.clone(), "demo2", "2026-09-17T08:10:00Z");
    a.text(
        "grace",
        "involve.learner-voice",
        "The digital leaders run a short survey each autumn and report back in the first half of each group meeting. The school council puts online safety on its agenda once a term.",
    );
    a.position("grace", 4, "involve.learner-voice");
    a.at("2026-10-23T15:40:00Z");
    a.field("marek", &f.filtering_check, "status", "done");
    a.field("marek", &f.filter_log, "status", "in progress");
    a.field(
        "marek",
        &f.visitor_aup,
        "owner",
        "Marek Nowak and Priya Shah",
    );

    let mut b = Run::new(meeting, "demo3", "2026-09-18T12:25:00Z");
    b.text(
        "daniel",
        "involve.learner-voice",
        "An anonymous online-life survey every October, and two focus groups a year (Years 8 and 10) run by the digital leaders. Results go back to learners in assembly so they can see what changed.",
    );
    b.position("daniel", 4, "involve.learner-voice");
    b.at("2026-09-29T16:00:00Z");
    b.field("daniel", &f.staff_update, "status", "done");
    b.at("2026-11-02T09:05:00Z");
    b.field("daniel", &f.log_guide, "status", "stuck");

    // Both copies belong to the same session, so the merge cannot be refused;
    // fall back to the forced merge rather than panic.
    a.doc
        .merge(&b.doc)
        .unwrap_or_else(|_| a.doc.merge_forced(&b.doc))
}

/// The temporary directories holding this process's copies of the demo,
/// removed by [`remove_copies`] when safestep exits.
static COPIES: std::sync::Mutex<Vec<std::path::PathBuf>> = std::sync::Mutex::new(Vec::new());

/// The prefix of a demo copy's directory in the temporary folder.
pub const COPY_PREFIX: &str = "safestep-demo-";

/// How old a demo directory left by a crashed run must be before a new run
/// sweeps it: a day, so a demo open in another terminal is never touched.
pub const STALE_AFTER: std::time::Duration = std::time::Duration::from_secs(24 * 60 * 60);

/// Make a private directory in the temporary folder for a copy of the demo,
/// remember it for [`remove_copies`], and sweep demo directories of this
/// user that crashed runs left behind more than [`STALE_AFTER`] ago.
///
/// # Errors
/// When the directory cannot be made.
pub fn new_copy_dir() -> Result<std::path::PathBuf, String> {
    let tmp = std::env::temp_dir();
    let dir = tmp.join(format!("{COPY_PREFIX}{}", crate::store::fresh_suffix()));
    crate::store::ensure_dir(&dir, crate::store::Sharing::Private).map_err(|e| e.to_string())?;
    COPIES
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .push(dir.clone());
    if let Ok(meta) = std::fs::symlink_metadata(&dir) {
        use std::os::unix::fs::MetadataExt;
        sweep_stale(&tmp, meta.uid(), &dir);
    }
    Ok(dir)
}

/// Remove demo directories in `tmp` owned by `uid` and unchanged for
/// [`STALE_AFTER`], except `keep`. Links are never followed.
fn sweep_stale(tmp: &std::path::Path, uid: u32, keep: &std::path::Path) {
    use std::os::unix::fs::MetadataExt;
    let Ok(entries) = std::fs::read_dir(tmp) else {
        return;
    };
    let now = std::time::SystemTime::now();
    for entry in entries.flatten() {
        let path = entry.path();
        if path == keep || !entry.file_name().to_string_lossy().starts_with(COPY_PREFIX) {
            continue;
        }
        let Ok(meta) = std::fs::symlink_metadata(&path) else {
            continue;
        };
        let old = meta
            .modified()
            .ok()
            .and_then(|m| now.duration_since(m).ok())
            .is_some_and(|age| age > STALE_AFTER);
        if meta.is_dir() && meta.uid() == uid && old {
            let _ = std::fs::remove_dir_all(&path);
        }
    }
}

/// Remove every demo copy this process made (on quitting, and on a hang-up
/// or SIGTERM). The demo is for trying safestep out: its edits are not kept.
pub fn remove_copies() {
    let dirs = std::mem::take(
        &mut *COPIES
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner),
    );
    for dir in dirs {
        let _ = std::fs::remove_dir_all(dir);
    }
}

#[cfg(test)]
mod copy_tests {
    use super::*;

    #[test]
    fn copies_are_removed_and_stale_ones_swept() {
        let dir = new_copy_dir().expect("made");
        assert!(dir.is_dir());
        remove_copies();
        assert!(!dir.exists());

        let tmp = tempfile::tempdir().expect("tempdir");
        let fresh = tmp.path().join(format!("{COPY_PREFIX}fresh"));
        let stale = tmp.path().join(format!("{COPY_PREFIX}stale"));
        let other = tmp.path().join("other-stale");
        for d in [&fresh, &stale, &other] {
            std::fs::create_dir(d).expect("mkdir");
        }
        let old = std::time::SystemTime::now() - STALE_AFTER - std::time::Duration::from_secs(60);
        for d in [&stale, &other] {
            std::fs::File::open(d)
                .and_then(|f| f.set_modified(old))
                .expect("set mtime");
        }
        use std::os::unix::fs::MetadataExt;
        let uid = std::fs::metadata(tmp.path()).expect("meta").uid();
        sweep_stale(tmp.path(), uid, &fresh);
        assert!(fresh.exists() && other.exists());
        assert!(!stale.exists());
    }
}
