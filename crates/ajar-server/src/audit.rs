//! The audit trail's hash chain: what each entry's hash is made of.

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

/// SHA-256 over the previous hash and the entry's fields, each length-prefixed so no two
/// different entries can encode alike.
pub fn chain_hash(prev: &[u8], e: &Entry) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(prev);
    for field in [
        e.seq.to_string(),
        e.at_ms.to_string(),
        e.actor.clone(),
        e.action.clone(),
        e.subject.clone(),
    ] {
        h.update((field.len() as u64).to_le_bytes());
        h.update(field.as_bytes());
    }
    h.finalize().into()
}

/// Where the chain breaks, if it does: the first entry whose stored hashes do not follow.
pub fn verify(rows: &[(Entry, Vec<u8>, Vec<u8>)]) -> Result<usize, String> {
    let mut prev = GENESIS.to_vec();
    for (entry, stored_prev, stored_hash) in rows {
        if *stored_prev != prev {
            return Err(format!(
                "entry {} does not follow the one before it (a row was removed or reordered)",
                entry.seq
            ));
        }
        let expected = chain_hash(&prev, entry);
        if stored_hash.as_slice() != expected {
            return Err(format!(
                "entry {} was changed after it was written",
                entry.seq
            ));
        }
        prev = stored_hash.clone();
    }
    Ok(rows.len())
}

/// How the audit trail names a client.
pub fn client_subject(client: crate::store::ClientId) -> String {
    format!("client:{}", client.0)
}
