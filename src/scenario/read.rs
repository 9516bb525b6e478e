//! Reading the bytes of an input file with a limit: the whole of a text file, refused as soon
//! as it shows it is not one (a NUL byte) or grows past the limit, so that an endless input
//! (`/dev/zero`, a pipe that never closes) fails at once instead of exhausting memory.

/// The bytes of a text file, read a block at a time: more than `limit` bytes, or a NUL byte
/// (which no format riskplan reads holds: a binary file, `/dev/zero`, UTF-16 text), is an
/// error as soon as the block that shows it is read, so an endless input fails at once.
pub fn read_text(mut input: impl std::io::Read, limit: u64) -> std::io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    let mut block = vec![0u8; 64 << 10];
    loop {
        let k = match input.read(&mut block) {
            Ok(0) => return Ok(bytes),
            Ok(k) => k,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if let Some(at) = block[..k].iter().position(|&b| b == 0) {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!(
                    "byte {} is a NUL, so this is not a text file; riskplan reads scenarios and schedules as text in UTF-8 or Windows-1252 (save a UTF-16 file as UTF-8)",
                    bytes.len() + at + 1
                ),
            ));
        }
        if (bytes.len() + k) as u64 > limit {
            return Err(too_large(limit));
        }
        bytes.extend_from_slice(&block[..k]);
    }
}

pub(super) fn too_large(limit: u64) -> std::io::Error {
    std::io::Error::other(format!(
        "the input is larger than {} MiB, the most riskplan reads",
        limit >> 20
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::MAX_INPUT_BYTES;

    #[test]
    fn an_endless_input_fails_at_its_first_block() {
        // Endless zeros (`/dev/zero`): the first block shows a NUL.
        let e = read_text(std::io::repeat(0), MAX_INPUT_BYTES).unwrap_err();
        assert!(e.to_string().contains("byte 1 is a NUL"), "{e}");
        // Endless text: refused once past the limit, not after exhausting memory.
        let e = read_text(std::io::repeat(b'a'), 1 << 20).unwrap_err();
        assert!(e.to_string().contains("larger than 1 MiB"), "{e}");
        let text = read_text(&b"[project]\n"[..], 10).unwrap();
        assert_eq!(text, b"[project]\n");
        let e = read_text(&b"[project]\n\0"[..], 100).unwrap_err();
        assert!(e.to_string().contains("byte 11 is a NUL"), "{e}");
    }
}
