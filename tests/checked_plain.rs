//! Plain mode asks a checked statement with the same input as `answer`,
//! stores it through the core, and reads it back out.

use safestep::content::Framework;
use safestep::doc::{Session, Stamp};
use safestep::plain::{PlainOptions, run_with};
use safestep::store::{self, Identity, Sharing};
use std::io::Cursor;

#[test]
fn plain_mode_records_and_reads_out_a_checked_statement() {
    let dir = tempfile::tempdir().expect("tempdir");
    let fw = Framework::built_in("filtering-monitoring")
        .expect("built in")
        .expect("valid");
    let st = Stamp {
        actor: "setup@t".into(),
        member: "setup".into(),
        at: jiff::Timestamp::from_second(1_780_000_000).expect("time"),
    };
    let path = dir.path().join("review.ron");
    let s = Session::new("p".into(), "Review", fw.reference(), &st);
    store::create(&path, &s, Sharing::Private).expect("creates");
    let opts = PlainOptions {
        identity: Identity {
            member: "alice".into(),
            actor: "alice@plain".into(),
            data_dir: dir.path().to_owned(),
            config_dir: dir.path().join("config"),
            sharing: Sharing::Private,
        },
        framework: fw,
        path: path.clone(),
        read_only: false,
    };
    // Question 1 is the table of people; question 2 the senior leader.
    let script = "next\nagreed=met; basis=checked; checked_on=1/10/2026; checked_by=Sam\npartly\nbasis=guessed\nshow\n\nquit\n";
    let mut out = Vec::new();
    run_with(opts, Cursor::new(script.as_bytes().to_vec()), &mut out).expect("runs");
    let text = String::from_utf8(out).expect("UTF-8");
    assert!(
        text.contains("A requirement. Type your own judgement"),
        "{text}"
    );
    assert!(
        text.contains("Not accepted: how we know: self-reported or checked"),
        "{text}"
    );
    assert!(text.contains("agreed: met"), "{text}");
    assert!(
        text.contains("how we know: checked Thu 1 Oct 2026 by Sam"),
        "{text}"
    );
    let s = store::load(&path).expect("loads").session;
    let c = s.checked("roles.leader");
    assert_eq!(c.agreed, Some(1));
    assert_eq!(c.members.get("alice"), Some(&2));
    assert_eq!(c.part("checked_on"), "2026-10-01");
    assert_eq!(c.part("basis"), "checked");
}
