//! The next review's calendar updates the last one's events: a carried
//! action keeps its lineage id, its UID comes from it, and SEQUENCE and
//! DTSTAMP let the later calendar win. Both files are read with an
//! independent iCalendar parser.
#![allow(clippy::unwrap_used)]

use icalendar::parser::{read_calendar, unfold};
use jiff::Timestamp;
use safestep::content::Framework;
use safestep::demo::{DEMO_TODAY, build_demo};
use safestep::doc::{Session, Stamp};
use safestep::report::{self, Format, Options, Table};
use std::collections::BTreeMap;

fn stamp(member: &str, at: &str) -> Stamp {
    Stamp {
        actor: format!("{member}@ics"),
        member: member.to_owned(),
        at: at.parse::<Timestamp>().unwrap(),
    }
}

fn ics(fw: &Framework, s: &Session) -> String {
    let o = Options {
        today: DEMO_TODAY.parse().unwrap(),
        include_sensitive: false,
    };
    report::render(Format::Ics, Table::Actions, &report::build(fw, s, &o), None)
}

/// One event as a calendar keeps it.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Event {
    sequence: i64,
    stamp: String,
    start: String,
    summary: String,
}

/// The VEVENTs of a calendar by UID, read by the `icalendar` crate's parser.
fn events(text: &str) -> BTreeMap<String, Event> {
    let unfolded = unfold(text);
    let cal = read_calendar(&unfolded).unwrap();
    let mut out = BTreeMap::new();
    let comps = cal
        .components
        .iter()
        .flat_map(|c| std::iter::once(c).chain(c.components.iter()));
    for c in comps.filter(|c| c.name == "VEVENT") {
        let prop = |n: &str| c.find_prop(n).map(|p| p.val.as_str().to_owned()).unwrap();
        let uid = prop("UID");
        let e = Event {
            sequence: prop("SEQUENCE").parse().unwrap(),
            stamp: prop("DTSTAMP"),
            start: prop("DTSTART"),
            summary: prop("SUMMARY"),
        };
        assert!(out.insert(uid.clone(), e).is_none(), "UID {uid} twice");
    }
    out
}

/// Import `incoming` into a calendar holding `held`, the way calendars
/// apply RFC 5546: an event with a known UID replaces the held one only if
/// it is newer (SEQUENCE, then DTSTAMP); an unknown UID is added.
fn import(held: &mut BTreeMap<String, Event>, incoming: &BTreeMap<String, Event>) {
    for (uid, e) in incoming {
        match held.get(uid) {
            Some(h) if (h.sequence, &h.stamp) >= (e.sequence, &e.stamp) => {}
            _ => {
                held.insert(uid.clone(), e.clone());
            }
        }
    }
}

fn action_uids(events: &BTreeMap<String, Event>) -> Vec<&String> {
    events
        .keys()
        .filter(|u| !u.contains("next-review"))
        .collect()
}

#[test]
fn the_next_reviews_calendar_updates_the_last_ones_events() {
    let fw = Framework::embedded().unwrap();
    let autumn = build_demo(&fw);
    let a = stamp("grace", "2027-03-15T16:00:00Z");
    let mut spring = Session::new("spring".into(), "Spring review", fw.reference(), &a);
    let carried = report::carry_forward(&autumn, &mut spring, &fw, &a);
    assert!(carried.actions >= 3);
    // The group moves one due date and finishes one action.
    let b = stamp("grace", "2027-03-15T16:30:00Z");
    let ids: Vec<String> = spring
        .items
        .iter()
        .filter(|(_, i)| i.prompt.ends_with(".actions") && !i.field("due").is_empty())
        .map(|(k, _)| k.clone())
        .collect();
    spring.set_item_field(&ids[0], "due", "2027-05-21", &b);
    spring.set_item_field(&ids[1], "status", "done", &b);

    let old = events(&ics(&fw, &autumn));
    let new = events(&ics(&fw, &spring));
    let (old_uids, new_uids) = (action_uids(&old), action_uids(&new));
    assert_eq!(new_uids.len(), carried_with_due(&spring));
    for uid in &new_uids {
        assert!(
            old_uids.contains(uid),
            "{uid} is a new event, not an update"
        );
        let (o, n) = (&old[*uid], &new[*uid]);
        assert!(
            n.sequence > o.sequence,
            "{uid}: SEQUENCE {} then {}",
            o.sequence,
            n.sequence
        );
        assert!(n.stamp > o.stamp, "{uid}: DTSTAMP");
    }

    // Importing the spring calendar beside the autumn one: no duplicates,
    // and the spring version of each carried action wins.
    let mut cal = old.clone();
    import(&mut cal, &new);
    let expected = old.len() + new.len() - new_uids.len();
    assert_eq!(cal.len(), expected, "each carried action is one event");
    let moved = new_uids
        .iter()
        .find(|u| new[**u].start == "20270521")
        .expect("the moved due date");
    assert_eq!(cal[*moved].start, "20270521");
    assert!(cal.values().any(|e| e.summary.starts_with("Done: ")));
    // Importing the older one again changes nothing.
    let before = cal.clone();
    import(&mut cal, &old);
    assert_eq!(cal, before);

    // A third review still updates the first review's events.
    let c = stamp("grace", "2027-07-10T16:00:00Z");
    let mut summer = Session::new("summer".into(), "Summer review", fw.reference(), &c);
    report::carry_forward(&spring, &mut summer, &fw, &c);
    let third = events(&ics(&fw, &summer));
    for uid in action_uids(&third) {
        assert!(old_uids.contains(&uid), "{uid}");
    }
}

fn carried_with_due(s: &Session) -> usize {
    s.items
        .values()
        .filter(|i| i.prompt.ends_with(".actions") && !i.field("due").is_empty())
        .count()
}
