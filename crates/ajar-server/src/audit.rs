//! The audit trail's hash chain: what each entry's hash is made of.

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

/// One entry, as recorded. Never holds answer text or secrets: only who, what and whom.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub seq: i64,
    pub at_ms: i64,
    pub actor: String,
    pub action: String,
    pub subject: String,
}

/// The hash of the chain's start.
pub const GENESIS: [u8; 32] = [0; 32];

/// The fields of an entry, each length-prefixed so no two different entries encode alike.
fn encode(e: &Entry) -> Vec<u8> {
    let mut out = Vec::new();
    for field in [
        e.seq.to_string(),
        e.at_ms.to_string(),
        e.actor.clone(),
        e.action.clone(),
        e.subject.clone(),
    ] {
        out.extend((field.len() as u64).to_le_bytes());
        out.extend(field.as_bytes());
    }
    out
}

/// SHA-256 over the previous hash and the entry: how entries written before the chain
/// was keyed are linked.
pub fn chain_hash(prev: &[u8], e: &Entry) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(prev);
    h.update(encode(e));
    h.finalize().into()
}

/// HMAC-SHA-256 under the audit key, over the previous hash and the entry: without the
/// key, nobody can write a chain that verifies.
pub fn keyed_hash(key: &[u8], prev: &[u8], e: &Entry) -> [u8; 32] {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes a key of any length");
    mac.update(prev);
    mac.update(&encode(e));
    mac.finalize().into_bytes().into()
}

/// One stored row: the entry, its stored previous hash and hash, and whether it is keyed.
pub struct Stored {
    pub entry: Entry,
    pub prev: Vec<u8>,
    pub hash: Vec<u8>,
    pub keyed: bool,
}

/// Where the chain breaks, if it does: the first entry whose stored hashes do not follow,
/// or that is not keyed after one that was or from `signs_from` on (rows forged without
/// the key).
pub fn verify(rows: &[Stored], key: &[u8], signs_from: i64) -> Result<Head, String> {
    let mut prev = GENESIS.to_vec();
    let mut keyed_seen = false;
    for row in rows {
        let seq = row.entry.seq;
        if row.prev != prev {
            return Err(format!(
                "entry {seq} does not follow the one before it (a row was removed or reordered)"
            ));
        }
        if (keyed_seen || seq >= signs_from) && !row.keyed {
            return Err(format!(
                "entry {seq} is not signed with the audit key (it was written by something other than Ajar)"
            ));
        }
        keyed_seen |= row.keyed;
        let expected = if row.keyed {
            keyed_hash(key, &prev, &row.entry)
        } else {
            chain_hash(&prev, &row.entry)
        };
        if row.hash.as_slice() != expected {
            return Err(format!(
                "entry {seq} was changed after it was written (or the audit key is not the one it was written with)"
            ));
        }
        prev = row.hash.clone();
    }
    Ok(Head {
        seq: rows.last().map_or(0, |r| r.entry.seq),
        hash: prev,
        entries: rows.len(),
    })
}

/// The chain's last entry: saved elsewhere (`ajar audit head`), it lets `verify` notice
/// entries removed from the end, which leave a shorter chain that is still whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Head {
    pub seq: i64,
    pub hash: Vec<u8>,
    pub entries: usize,
}

impl Head {
    /// `<seq>:<hash in hex>`, as printed and as given back to `verify --head`.
    pub fn to_text(&self) -> String {
        let hex: String = self.hash.iter().map(|b| format!("{b:02x}")).collect();
        format!("{}:{hex}", self.seq)
    }
}

/// Checks a saved head against the chain as it is now (already verified whole).
pub fn check_head(now: &[Stored], saved: &str) -> Result<(), String> {
    let (seq, hex) = saved
        .trim()
        .split_once(':')
        .ok_or("a saved head looks like 1234:<64 hex digits>")?;
    let seq: i64 = seq
        .parse()
        .map_err(|_| "the saved head's number is not a number")?;
    let Some(row) = now.iter().find(|r| r.entry.seq == seq) else {
        let last = now.last().map_or(0, |r| r.entry.seq);
        return Err(format!(
            "the saved head is entry {seq}, but the trail now ends at entry {last}: entries were removed from its end"
        ));
    };
    let hash: String = row.hash.iter().map(|b| format!("{b:02x}")).collect();
    if !hash.eq_ignore_ascii_case(hex) {
        return Err(format!(
            "entry {seq} is not the one the saved head names: the trail was rewritten from there"
        ));
    }
    Ok(())
}

/// [`verify`], then, given a head saved earlier, [`check_head`]: what `ajar audit verify`
/// says of a trail on either engine.
pub fn verify_with_head(
    rows: &[Stored],
    key: &[u8],
    signs_from: i64,
    saved_head: Option<&str>,
) -> Result<Head, String> {
    let head = verify(rows, key, signs_from)?;
    if let Some(saved) = saved_head {
        check_head(rows, saved)?;
    }
    Ok(head)
}

/// How the audit trail names a client.
pub fn client_subject(client: crate::store::ClientId) -> String {
    format!("client:{}", client.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain(key: &[u8], n: i64) -> Vec<Stored> {
        let mut prev = GENESIS.to_vec();
        (1..=n)
            .map(|seq| {
                let entry = Entry {
                    seq,
                    at_ms: seq,
                    actor: "therapist:1".into(),
                    action: "read.caseload".into(),
                    subject: "caseload".into(),
                };
                let hash = keyed_hash(key, &prev, &entry).to_vec();
                let row = Stored {
                    entry,
                    prev: prev.clone(),
                    hash: hash.clone(),
                    keyed: true,
                };
                prev = hash;
                row
            })
            .collect()
    }

    #[test]
    fn a_saved_head_catches_a_cut_or_a_rewrite_and_a_wrong_key_fails() {
        let key = [7u8; 32];
        let rows = chain(&key, 5);
        let head = verify(&rows, &key, 1).unwrap();
        assert_eq!((head.seq, head.entries), (5, 5));
        let saved = head.to_text();
        assert_eq!(check_head(&rows, &saved), Ok(()));
        let cut = &rows[..3];
        assert!(
            check_head(cut, &saved)
                .unwrap_err()
                .contains("removed from its end")
        );
        let other = chain(&[8u8; 32], 5);
        assert!(
            check_head(&other, &saved)
                .unwrap_err()
                .contains("rewritten from there")
        );
        assert!(
            verify(&rows, &[8u8; 32], 1)
                .unwrap_err()
                .contains("entry 1 was changed")
        );
        assert!(check_head(&rows, "nonsense").is_err());
    }
}
