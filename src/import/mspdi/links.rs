//! The `<PredecessorLink>`s of an MS Project XML file as [`Link`]s: `Type` 0 finish-finish,
//! 1 finish-start, 2 start-finish, 3 start-start; `LinkLag` in tenths of a minute of working
//! time, turned into working days of the successor's calendar; a lag whose `LagFormat` is a
//! percentage (19, 20) is that percent (as `LinkLag` holds it) of the predecessor's
//! duration; an elapsed lag (`LagFormat` 4, 6, 8, ...) runs around the clock and is
//! approximated as the share of the week's days that are worked.
//!
//! A link from a summary task that ties its finish (FS, FF) becomes one link from each task
//! inside it; a link to a summary task that ties its start (FS, SS) one link to each task
//! inside it. The other links of summary tasks, links to other projects (`CrossProject`)
//! and links to left-out (inactive) tasks are not carried.

use std::collections::{BTreeMap, HashSet};

use super::calendars::Calendars;
use super::tasks::{Read, to_days};
use super::values::{Record, is_elapsed, is_percent};
use crate::error::Result;
use crate::import::schedule::{Link, LinkKind, too_many_links};
use crate::scenario::Source;

/// Tenths of a minute in an hour.
const TENTHS_PER_HOUR: f64 = 600.0;

/// Reads every task's predecessor links.
pub fn read(
    source: &Source,
    read: &Read,
    calendars: &Calendars,
    not_carried: &mut BTreeMap<String, usize>,
) -> Result<Vec<Link>> {
    let mut links = Vec::new();
    let mut seen = HashSet::new();
    let mut count = |what: &str| *not_carried.entry(what.into()).or_default() += 1;
    for (s, row) in read.rows.iter().enumerate() {
        let record = Record::task(source, &row.uid);
        for link in row.node.all("PredecessorLink") {
            if record.flag(link, "CrossProject")? {
                count("links to other projects");
                continue;
            }
            let Some(pred) = link.text("PredecessorUID") else {
                return Err(record.error(link, "a `<PredecessorLink>` has no `<PredecessorUID>`"));
            };
            let Some(&p) = read.by_uid.get(pred) else {
                return Err(record.error(
                    link,
                    format!("its predecessor `{pred}` is not a task of the file"),
                ));
            };
            let kind = match record.int(link, "Type")?.unwrap_or(1) {
                0 => LinkKind::FF,
                1 => LinkKind::FS,
                2 => LinkKind::SF,
                3 => LinkKind::SS,
                other => {
                    return Err(record.error(
                        link,
                        format!(
                            "the link from `{pred}` has `<Type>` {other}; MS Project's are 0 (finish-finish), 1 (finish-start), 2 (start-finish) and 3 (start-start)"
                        ),
                    ));
                }
            };
            let pred_row = &read.rows[p];
            if (pred_row.left_out && !pred_row.summary) || (row.left_out && !row.summary) {
                count("links to or from left-out tasks");
                continue;
            }
            if (pred_row.summary && matches!(kind, LinkKind::SS | LinkKind::SF))
                || (row.summary && matches!(kind, LinkKind::FF | LinkKind::SF))
            {
                count("links tying a summary task's start or finish");
                continue;
            }
            let value = record.number(link, "LinkLag")?.unwrap_or(0.0);
            let format = record.int(link, "LagFormat")?.unwrap_or(7);
            let cal = &calendars.by_uid[&row.calendar];
            let lag_days = if value == 0.0 {
                0.0
            } else if is_percent(format) {
                value / 100.0 * pred_row.duration_days
            } else {
                if is_elapsed(format) {
                    count("elapsed lags (approximated in working days)");
                }
                to_days(value / TENTHS_PER_HOUR, is_elapsed(format), cal)
            };
            let (from, to) = (read.leaves(p), read.leaves(s));
            if let Some(message) = too_many_links(links.len(), from.len(), to.len(), pred, &row.uid)
            {
                return Err(record.error(link, message));
            }
            for &a in &from {
                for &b in &to {
                    if seen.insert((a, b, kind as u8, lag_days.to_bits())) {
                        links.push(Link {
                            predecessor: read.tasks[a].id.clone(),
                            successor: read.tasks[b].id.clone(),
                            kind,
                            lag_days,
                        });
                    }
                }
            }
        }
    }
    Ok(links)
}
