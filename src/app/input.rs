//! The scenario from standard input (`riskplan run -`): read once, bounded like a file, and
//! named `<stdin>` in messages and in the shard files it makes.

use std::io::Read;
use std::path::{Path, PathBuf};

use riskplan::Error;
use riskplan::scenario::{self, MAX_INPUT_BYTES, Source};

/// What standard input is called in messages and shard files.
pub const STDIN: &str = "<stdin>";

/// The text of `path`, or of standard input when it is `-`.
pub fn source(path: &Path) -> Result<Source, Error> {
    if path == Path::new("-") {
        bounded(std::io::stdin().lock(), MAX_INPUT_BYTES)
    } else {
        Source::read(path)
    }
}

/// Reads `input` to its end as standard input's text, refusing it as soon as it runs past
/// `limit` bytes or shows a NUL byte (an endless stream fails fast, not after exhausting
/// memory), as a file is.
fn bounded(input: impl Read, limit: u64) -> Result<Source, Error> {
    let path = PathBuf::from(STDIN);
    let bytes = scenario::read_text(input, limit).map_err(|source| Error::Read {
        path: path.clone(),
        source,
    })?;
    Ok(Source {
        path,
        text: scenario::decode(bytes),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn standard_input_is_read_up_to_the_limit_and_no_further() {
        let limit = 3 << 20;
        let ok = bounded(std::io::repeat(b'#').take(limit), limit).unwrap();
        assert_eq!(ok.text.len() as u64, limit);
        assert_eq!(ok.path, Path::new("<stdin>"));
        // An endless stream stops one byte past the limit.
        let e = bounded(std::io::repeat(b'#'), limit).unwrap_err();
        assert!(e.is_bad_input());
        assert_eq!(
            e.to_string(),
            "cannot read `<stdin>`: the input is larger than 3 MiB, the most riskplan reads"
        );
        // Endless zeros stop at the first block.
        let e = bounded(std::io::repeat(0), limit).unwrap_err();
        assert!(e.to_string().contains("byte 1 is a NUL"), "{e}");
    }

    #[test]
    fn standard_input_is_decoded_as_files_are() {
        // A byte-order mark is dropped; Windows-1252 is read as such.
        let s = bounded(&b"\xef\xbb\xbf[project]"[..], 100).unwrap();
        assert_eq!(s.text, "[project]");
        let s = bounded(&b"name = \"caf\xe9\""[..], 100).unwrap();
        assert_eq!(s.text, "name = \"café\"");
    }
}
