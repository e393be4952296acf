//! The reader's own tokenizer for the tokens that make up almost all of a SOAP body:
//! character data, references, start tags and end tags.
//!
//! quick-xml still reads everything else (the prolog, comments, PIs, CDATA, DOCTYPE, the end
//! of input) and every token this module does not recognise as well-formed, so that its
//! checks and messages stay the reference. Both read the same input through quick-xml's
//! position-tracking stream, and this module only runs when quick-xml stands between two
//! tokens (its "inside text" state), so the two can take turns at any token boundary.
//!
//! Why: reading these tokens directly saves quick-xml's event construction, its own stack of
//! open names (the reader keeps one already) and the split of text around every reference
//! into separate events, about a third of the reader's time on a typical response. Every
//! scan is a `memchr` search over bytes not yet consumed; a token that turns out to be
//! malformed is handed to quick-xml, which scans it once more: work stays linear.

use std::borrow::Cow;
use std::io::BufRead;

use super::reader::{Reader, Res, Step};
use super::text;

impl<'a> Reader<'a> {
    /// The next token when it is character data, a reference, a start tag or an end tag of
    /// the innermost open element; `None` when quick-xml must read it.
    #[inline]
    pub(super) fn fast_step(&mut self) -> Option<Res<Step<'a>>> {
        let pos = usize::try_from(self.xml.buffer_position()).ok()?;
        let src = self.src;
        let rest = src.as_bytes().get(pos..)?;
        match *rest.first()? {
            b'<' => match *rest.get(1)? {
                b'/' => self.fast_end(rest),
                b'!' | b'?' => None,
                _ => self.fast_start(pos, rest),
            },
            b'&' => {
                // As quick-xml: the name runs to the first `;`; a `&` or `<` first is an
                // unterminated reference, left to quick-xml to report.
                let i = memchr::memchr3(b';', b'&', b'<', rest.get(1..)?)?;
                if rest.get(i + 1) != Some(&b';') {
                    return None;
                }
                let name = src.get(pos + 1..pos + 1 + i)?;
                self.advance(i + 2);
                Some(
                    text::resolve_reference(name)
                        .map(Step::Char)
                        .map_err(|p| self.problem(p)),
                )
            }
            _ => {
                let n = memchr::memchr2(b'<', b'&', rest).unwrap_or(rest.len());
                let t = src.get(pos..pos + n)?;
                self.advance(n);
                Some(Ok(Step::Text(t)))
            }
        }
    }

    /// Appends the character data up to the next `<` to `acc`, references decoded and line
    /// ends normalised; borrows it from the input when `acc` is empty and the text needs no
    /// change. Stops early at a reference that quick-xml must report.
    pub(super) fn fast_text(&mut self, acc: &mut Cow<'a, str>) -> Res<()> {
        let src = self.src;
        let Some(rest) = usize::try_from(self.xml.buffer_position())
            .ok()
            .and_then(|p| src.get(p..))
        else {
            return Ok(());
        };
        let bytes = rest.as_bytes();
        let end = memchr::memchr(b'<', bytes).unwrap_or(bytes.len());
        let region = bytes.get(..end).unwrap_or_default();
        if end == 0 {
            return Ok(());
        }
        self.tick()?;
        let Some(first_ref) = memchr::memchr(b'&', region) else {
            let t = rest.get(..end).unwrap_or_default();
            if acc.is_empty() && matches!(acc, Cow::Borrowed(_)) && !text::has_cr(t) {
                *acc = Cow::Borrowed(t);
            } else {
                text::push_normalized_newlines(acc.to_mut(), t);
            }
            self.advance(end);
            return Ok(());
        };
        let out = acc.to_mut();
        out.reserve(end);
        let mut i = 0;
        let mut amp = Some(first_ref);
        loop {
            let n = amp.map_or(end, |a| i + a);
            text::push_normalized_newlines(out, rest.get(i..n).unwrap_or_default());
            i = n;
            if amp.is_none() {
                break;
            }
            // As quick-xml: the name runs to the first `;`; a `&` or `<` first is an
            // unterminated reference, left to quick-xml to report.
            let after = bytes.get(i + 1..).unwrap_or_default();
            let Some(j) = memchr::memchr3(b';', b'&', b'<', after) else {
                break;
            };
            if after.get(j) != Some(&b';') {
                break;
            }
            let name = rest.get(i + 1..i + 1 + j).unwrap_or_default();
            i += j + 2;
            match text::resolve_reference(name) {
                Ok(c) => out.push(c),
                Err(p) => {
                    self.advance(i);
                    return Err(self.problem(p));
                }
            }
            self.tick()?;
            amp = memchr::memchr(b'&', region.get(i..).unwrap_or_default());
        }
        self.advance(i);
        Ok(())
    }

    /// `</name>` (white space allowed before `>`) closing the innermost open element.
    fn fast_end(&mut self, rest: &[u8]) -> Option<Res<Step<'a>>> {
        let qname = self.frames.last()?.qname.as_bytes();
        let after = rest.get(2..)?.strip_prefix(qname)?;
        let ws = after.iter().take_while(|&&b| text::is_xml_ws(b)).count();
        if after.get(ws) != Some(&b'>') {
            return None;
        }
        self.advance(2 + qname.len() + ws + 1);
        Some(Ok(Step::End))
    }

    /// A start tag: up to the first `>` outside quotes, as quick-xml delimits it.
    fn fast_start(&mut self, pos: usize, rest: &[u8]) -> Option<Res<Step<'a>>> {
        let body = rest.get(1..)?;
        let mut quote = 0u8;
        let mut end = None;
        for i in memchr::memchr3_iter(b'>', b'\'', b'"', body) {
            let b = *body.get(i)?;
            if quote == 0 {
                if b == b'>' {
                    end = Some(i);
                    break;
                }
                quote = b;
            } else if b == quote {
                quote = 0;
            }
        }
        let end = end?;
        let raw = self.src.get(pos + 1..pos + 1 + end)?;
        self.advance(end + 2);
        Some(match raw.strip_suffix('/') {
            Some(content) => self.start(content, true).map(|el| {
                self.pending_empty = true;
                Step::Start(el)
            }),
            None => self.start(raw, false).map(Step::Start),
        })
    }

    /// Consumes `n` bytes through quick-xml's stream, which keeps its position right.
    #[inline]
    fn advance(&mut self, n: usize) {
        self.xml.stream().consume(n);
    }
}
