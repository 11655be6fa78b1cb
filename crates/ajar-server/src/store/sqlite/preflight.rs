//! Checks made before SQLite opens the file, where its own errors would be cryptic or
//! its own recovery silent: a folder it cannot write, and a write-ahead log cut short.

use anyhow::bail;
use std::path::Path;

/// Ajar writes the database and its `-wal` and `-shm` files beside it.
pub fn folder_is_writable(db: &Path) -> anyhow::Result<()> {
    let dir = match db.parent().filter(|d| !d.as_os_str().is_empty()) {
        Some(d) => d,
        None => Path::new("."),
    };
    let probe = dir.join(".ajar-write-check");
    match std::fs::write(&probe, b"") {
        Ok(()) => {
            let _ = std::fs::remove_file(&probe);
            Ok(())
        }
        Err(e) => bail!(
            "the data folder {} is read-only or not ours to write ({e}). Ajar must write \
             there: the database and its -wal and -shm files. Check that the disk is \
             mounted read-write, is not full, and that the user running Ajar owns the folder.",
            dir.display()
        ),
    }
}

/// SQLite appends whole frames (a 24-byte header and one page) after a 32-byte file
/// header, so a log whose length is not a whole number of frames was cut by something
/// other than SQLite: a disk or a copy that lost its end. SQLite would open it without
/// a word and drop the last commit. (Our connections never set `journal_size_limit`,
/// the one setting under which SQLite itself truncates the log to an arbitrary size.)
///
/// One tail is not a cut: a frame's header alone, of this log (its salts are the log's).
/// SQLite writes a frame's header and its page in two calls, and a process killed
/// between them (SIGKILL, the out-of-memory killer) leaves exactly that; the frame's
/// transaction had not committed, so nobody was told it was stored, and refusing to
/// start would keep a crashed server down until a person came (the fault suite's
/// SIGKILL rounds found it: a start refused after round 20 of 25).
pub fn wal_is_whole(db: &Path) -> anyhow::Result<()> {
    let mut wal = db.as_os_str().to_owned();
    wal.push("-wal");
    let wal = Path::new(&wal);
    // The length and the 32-byte header are all it takes: a log can be gigabytes.
    let Ok(mut file) = std::fs::File::open(wal) else {
        return Ok(()); // no log: a clean stop folded it back into the database
    };
    let len = usize::try_from(file.metadata()?.len())?;
    let mut header = [0u8; 32];
    if len < header.len() {
        return Ok(()); // an empty or never-written log holds no commit
    }
    std::io::Read::read_exact(&mut file, &mut header)?;
    let page_size = u32::from_be_bytes([header[8], header[9], header[10], header[11]]) as usize;
    let frame = 24 + page_size;
    let body = len - header.len();
    if page_size.is_power_of_two() && body % frame == 0 {
        return Ok(());
    }
    if page_size.is_power_of_two() && body % frame == 24 {
        let mut tail = [0u8; 24];
        std::io::Seek::seek(&mut file, std::io::SeekFrom::Start((len - 24) as u64))?;
        std::io::Read::read_exact(&mut file, &mut tail)?;
        // A frame header's salts (bytes 8..16) repeat the log header's (bytes 16..24).
        if tail[8..16] == header[16..24] {
            tracing::warn!(
                wal = %wal.display(),
                "the write-ahead log ends in a frame header without its page: the server                  stopped between the two writes of an uncommitted transaction; SQLite drops it"
            );
            return Ok(());
        }
    }
    bail!(
        "the write-ahead log {} ends in the middle of a frame ({} bytes, frames of {frame}): \
         the disk or a copy cut it short. Ajar has not opened the database, so nothing more \
         is lost. First copy the whole data folder somewhere safe. Then either restore it \
         from a backup, or start once with `ajar serve --accept-torn-wal`: SQLite keeps every \
         complete commit and drops only the cut-off last one (after a power cut, that one \
         was never acknowledged to anyone).",
        wal.display(),
        len
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wal(dir: &Path, len: usize, page_size: u32) {
        let mut bytes = vec![0u8; len];
        bytes[8..12].copy_from_slice(&page_size.to_be_bytes());
        std::fs::write(dir.join("db-wal"), bytes).unwrap();
    }

    #[test]
    fn a_log_of_whole_frames_passes_and_a_cut_one_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("db");
        assert!(wal_is_whole(&db).is_ok(), "no log at all");
        wal(dir.path(), 32 + 3 * (24 + 4096), 4096);
        assert!(wal_is_whole(&db).is_ok());
        wal(dir.path(), 32 + 3 * (24 + 4096) - 100, 4096);
        let e = wal_is_whole(&db).unwrap_err().to_string();
        assert!(e.contains("--accept-torn-wal"), "{e}");
        wal(dir.path(), 32 + 24 + 4096 + 1, 4096);
        assert!(wal_is_whole(&db).is_err());
        // A header and no frame: nothing committed, nothing cut. A header that names no
        // page size is not a log SQLite wrote.
        wal(dir.path(), 32, 4096);
        assert!(wal_is_whole(&db).is_ok());
        wal(dir.path(), 32, 0);
        assert!(wal_is_whole(&db).is_err());
        // A frame's header alone at the end, with the log's salts: a process killed
        // between SQLite's two writes of an uncommitted frame. With other salts (or any
        // other part of a frame) it is a cut.
        let mut killed = vec![0u8; 32 + 2 * (24 + 4096) + 24];
        killed[8..12].copy_from_slice(&4096u32.to_be_bytes());
        killed[16..24].copy_from_slice(b"saltsalt");
        let tail = killed.len() - 24;
        killed[tail + 8..tail + 16].copy_from_slice(b"saltsalt");
        std::fs::write(dir.path().join("db-wal"), &killed).unwrap();
        assert!(wal_is_whole(&db).is_ok(), "a header without its page");
        killed[tail + 8..tail + 16].copy_from_slice(b"oldsalts");
        std::fs::write(dir.path().join("db-wal"), &killed).unwrap();
        assert!(wal_is_whole(&db).is_err(), "a stale header is a cut");
        // Shorter than its own header: SQLite never committed anything into it.
        std::fs::write(dir.path().join("db-wal"), [0u8; 10]).unwrap();
        assert!(wal_is_whole(&db).is_ok());
    }

    #[test]
    fn a_folder_that_cannot_be_written_is_named_with_what_to_check() {
        let dir = tempfile::tempdir().unwrap();
        assert!(folder_is_writable(&dir.path().join("ajar.sqlite3")).is_ok());
        // A "folder" that is a file cannot hold the database, even for root.
        let file = dir.path().join("not-a-folder");
        std::fs::write(&file, b"").unwrap();
        let e = folder_is_writable(&file.join("ajar.sqlite3"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("not-a-folder"), "{e}");
        assert!(e.contains("read-only"), "{e}");
    }
}
