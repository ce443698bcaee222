//! Copies built through the edit API from the input's bytes, synced in the
//! order the input says: the merge laws hold byte for byte and every copy
//! that has seen everything is equal.
#![no_main]
use libfuzzer_sys::fuzz_target;
use safestep::doc::{self, FrameworkRef, Session, Stamp};

const PROMPTS: [&str; 3] = ["vision.statement", "one.short", "one.choice"];
const VALUES: [&str; 4] = ["", "A", "B", "line one\nline two"];

fn stamp(i: usize, k: u8) -> Stamp {
    Stamp {
        actor: format!("m{i}@fuzz"),
        member: format!("m{i}"),
        at: jiff::Timestamp::constant(1_767_225_600 + i64::from(k), 0),
    }
}

fn text(s: &Session) -> String {
    doc::to_text(s).expect("text")
}

fuzz_target!(|data: &[u8]| {
    let base = Session::new(
        "s".into(),
        "T",
        FrameworkRef {
            id: "f".into(),
            version: 1,
        },
        &stamp(0, 0),
    );
    let mut copies = vec![base.clone(), base.clone(), base];
    for (k, pair) in data.chunks(2).take(200).enumerate() {
        let op = pair[0];
        let arg = pair.get(1).copied().unwrap_or(0);
        let i = usize::from(op % 3);
        let j = usize::from(arg % 3);
        let st = stamp(i, u8::try_from(k % 250).unwrap_or(0));
        let s = &mut copies[i];
        match (op / 3) % 8 {
            0 | 1 => s.set_text(
                PROMPTS[usize::from(arg) % 3],
                VALUES[usize::from(arg / 3) % 4],
                &st,
            ),
            2 => s.set_own_rating("one.rating", arg % 4, &st),
            3 => s.set_agreed_rating("one.rating", arg % 4, &st),
            4 => {
                s.add_item("two.actions", &[("what", VALUES[usize::from(arg) % 4])], &st);
            }
            5 => {
                let ids: Vec<String> = s.items.keys().cloned().collect();
                if let Some(id) = ids.get(usize::from(arg) % ids.len().max(1)) {
                    if arg % 2 == 0 {
                        s.delete_item(id, &st);
                    } else {
                        s.set_item_field(id, "what", VALUES[usize::from(arg) % 4], &st);
                    }
                }
            }
            6 => s.set_check("one.checks", VALUES[usize::from(arg) % 4], arg % 2 == 0, &st),
            _ => {
                let other = copies[j].clone();
                copies[i].merge_from(&other).expect("one session");
            }
        }
    }
    let (a, b, c) = (&copies[0], &copies[1], &copies[2]);
    let ab = a.merge_forced(b);
    assert_eq!(text(&ab), text(&b.merge_forced(a)), "not commutative");
    assert_eq!(
        text(&ab.merge_forced(c)),
        text(&a.merge_forced(&b.merge_forced(c))),
        "not associative"
    );
    assert_eq!(text(&a.merge_forced(a)), text(a), "not idempotent");
    assert!(doc::removals(a, b).is_empty(), "edits never empty a field");
    let back = doc::parse(&text(&ab)).expect("parses");
    assert_eq!(back.session, ab, "round trip");
});
