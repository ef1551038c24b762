//! Compact JSON, byte for byte as `serde_json::to_string` writes it, for the values the reports
//! hold (corpus mode writes one for each of a dump's rows): strings are escaped eight bytes at
//! a time where serde_json goes byte by byte, and field names are written as they are. A value
//! of a shape the reports never have (a map, bytes, a variant with data, serde_json's `RawValue`)
//! is declined, and the caller uses serde_json.

use serde::ser::{self, Impossible, Serialize};

/// `v` as compact JSON, or `None` where it holds a shape this writer leaves to serde_json.
pub fn to_string<T: Serialize + ?Sized>(v: &T) -> Option<String> {
    let mut w = Writer(String::with_capacity(2048));
    v.serialize(&mut w).ok()?;
    Some(w.0)
}

/// The one error: a shape left to serde_json.
#[derive(Debug)]
pub struct Declined;

impl std::fmt::Display for Declined {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a shape left to serde_json")
    }
}

impl std::error::Error for Declined {}

impl ser::Error for Declined {
    fn custom<M: std::fmt::Display>(_: M) -> Self {
        Declined
    }
}

struct Writer(String);

/// Whether any of the eight bytes of `w` needs an escape in JSON: `"`, `\` or a control
/// character below U+0020.
fn needs_escape(w: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let zero = |v: u64| v.wrapping_sub(ONES) & !v & HIGH;
    (zero(w ^ (ONES * u64::from(b'"')))
        | zero(w ^ (ONES * u64::from(b'\\')))
        | (w.wrapping_sub(ONES * 0x20) & !w & HIGH))
        != 0
}

/// The bytes JSON escapes: `"`, `\\` and the control characters below U+0020.
static ESCAPED: [bool; 256] = {
    let mut t = [false; 256];
    let mut c = 0;
    while c < 0x20 {
        t[c] = true;
        c += 1;
    }
    t[b'"' as usize] = true;
    t[b'\\' as usize] = true;
    t
};

/// How many bytes at the start of `b` need no escape (eight at a time, then one by one).
fn clean_prefix(b: &[u8]) -> usize {
    let mut i = 0;
    while let Some(chunk) = b.get(i..i + 8) {
        if needs_escape(u64::from_le_bytes(chunk.try_into().expect("eight bytes"))) {
            break;
        }
        i += 8;
    }
    while i < b.len() && !ESCAPED[usize::from(b[i])] {
        i += 1;
    }
    i
}

/// `s` as a JSON string, escaped as serde_json escapes it.
fn push_str(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.reserve(s.len() + 2);
    out.push('"');
    let b = s.as_bytes();
    let mut from = 0;
    let mut i = clean_prefix(b);
    while i < b.len() {
        out.push_str(&s[from..i]);
        let c = b[i];
        match c {
            b'"' => out.push_str("\\\""),
            b'\\' => out.push_str("\\\\"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            0x08 => out.push_str("\\b"),
            0x0c => out.push_str("\\f"),
            _ => {
                out.push_str("\\u00");
                out.push(char::from(HEX[usize::from(c >> 4)]));
                out.push(char::from(HEX[usize::from(c & 0xf)]));
            }
        }
        i += 1;
        from = i;
        i += clean_prefix(&b[i..]);
    }
    out.push_str(&s[from..]);
    out.push('"');
}

impl Writer {
    /// A number as serde_json writes it (with the same formatter, zmij).
    fn float(&mut self, v: f64) {
        if v.is_finite() {
            self.0.push_str(zmij::Buffer::new().format_finite(v));
        } else {
            self.0.push_str("null");
        }
    }

    fn int(&mut self, v: impl itoa::Integer) {
        self.0.push_str(itoa::Buffer::new().format(v));
    }
}

/// A sequence or a struct being written: whether a comma leads the next element.
pub struct Compound<'w> {
    w: &'w mut Writer,
    first: bool,
}

impl Compound<'_> {
    fn comma(&mut self) {
        if !self.first {
            self.w.0.push(',');
        }
        self.first = false;
    }
}

/// The serializer's methods for integers, written as serde_json writes them.
macro_rules! ints {
    ($($name:ident $t:ty),*) => {
        $(fn $name(self, v: $t) -> Result<(), Declined> {
            self.int(v);
            Ok(())
        })*
    };
}

impl<'w> ser::Serializer for &'w mut Writer {
    type Ok = ();
    type Error = Declined;
    type SerializeSeq = Compound<'w>;
    type SerializeTuple = Compound<'w>;
    type SerializeTupleStruct = Compound<'w>;
    type SerializeTupleVariant = Impossible<(), Declined>;
    type SerializeMap = Impossible<(), Declined>;
    type SerializeStruct = Compound<'w>;
    type SerializeStructVariant = Impossible<(), Declined>;

    fn serialize_bool(self, v: bool) -> Result<(), Declined> {
        self.0.push_str(if v { "true" } else { "false" });
        Ok(())
    }
    ints!(serialize_i8 i8, serialize_i16 i16, serialize_i32 i32, serialize_i64 i64);
    ints!(serialize_u8 u8, serialize_u16 u16, serialize_u32 u32, serialize_u64 u64);
    fn serialize_f32(self, _: f32) -> Result<(), Declined> {
        Err(Declined)
    }
    fn serialize_f64(self, v: f64) -> Result<(), Declined> {
        self.float(v);
        Ok(())
    }
    fn serialize_char(self, v: char) -> Result<(), Declined> {
        push_str(&mut self.0, v.encode_utf8(&mut [0; 4]));
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Result<(), Declined> {
        push_str(&mut self.0, v);
        Ok(())
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<(), Declined> {
        Err(Declined)
    }
    fn serialize_none(self) -> Result<(), Declined> {
        self.0.push_str("null");
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, v: &T) -> Result<(), Declined> {
        v.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Declined> {
        self.0.push_str("null");
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), Declined> {
        self.0.push_str("null");
        Ok(())
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<(), Declined> {
        push_str(&mut self.0, variant);
        Ok(())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        v: &T,
    ) -> Result<(), Declined> {
        v.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<(), Declined> {
        Err(Declined)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Compound<'w>, Declined> {
        self.0.push('[');
        Ok(Compound {
            w: self,
            first: true,
        })
    }
    fn serialize_tuple(self, len: usize) -> Result<Compound<'w>, Declined> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<Compound<'w>, Declined> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, Declined> {
        Err(Declined)
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, Declined> {
        Err(Declined)
    }
    fn serialize_struct(self, name: &'static str, _: usize) -> Result<Compound<'w>, Declined> {
        // serde_json writes its `RawValue` (this private struct) as the raw JSON it holds.
        if name == "$serde_json::private::RawValue" {
            return Err(Declined);
        }
        self.0.push('{');
        Ok(Compound {
            w: self,
            first: true,
        })
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, Declined> {
        Err(Declined)
    }
}

impl ser::SerializeSeq for Compound<'_> {
    type Ok = ();
    type Error = Declined;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), Declined> {
        self.comma();
        v.serialize(&mut *self.w)
    }
    fn end(self) -> Result<(), Declined> {
        self.w.0.push(']');
        Ok(())
    }
}

impl ser::SerializeTuple for Compound<'_> {
    type Ok = ();
    type Error = Declined;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), Declined> {
        ser::SerializeSeq::serialize_element(self, v)
    }
    fn end(self) -> Result<(), Declined> {
        ser::SerializeSeq::end(self)
    }
}

impl ser::SerializeTupleStruct for Compound<'_> {
    type Ok = ();
    type Error = Declined;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), Declined> {
        ser::SerializeSeq::serialize_element(self, v)
    }
    fn end(self) -> Result<(), Declined> {
        ser::SerializeSeq::end(self)
    }
}

impl ser::SerializeStruct for Compound<'_> {
    type Ok = ();
    type Error = Declined;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        v: &T,
    ) -> Result<(), Declined> {
        self.comma();
        push_str(&mut self.w.0, key);
        self.w.0.push(':');
        v.serialize(&mut *self.w)
    }
    fn end(self) -> Result<(), Declined> {
        self.w.0.push('}');
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them() {
        crate::util::testing::every_string("a\"\\\n\u{1}\u{1f}\u{7f}é\u{2028}", 4, |s| {
            assert_eq!(
                to_string(s).unwrap(),
                serde_json::to_string(s).unwrap(),
                "{s:?}"
            );
        });
        for s in [
            "",
            "plain text longer than eight bytes",
            "0123456\"89",
            "01234567\n9abcdef\u{0}",
        ] {
            assert_eq!(to_string(s).unwrap(), serde_json::to_string(s).unwrap());
        }
        for f in [
            0.0,
            -0.0,
            1.0,
            0.1,
            1e-7,
            1e16,
            123_456.789,
            f64::NAN,
            f64::INFINITY,
        ] {
            assert_eq!(to_string(&f).unwrap(), serde_json::to_string(&f).unwrap());
        }
        assert_eq!(
            to_string(&(Some(1u8), None::<u8>, vec!['x', 'y'], u64::MAX, i64::MIN)).unwrap(),
            serde_json::to_string(&(Some(1u8), None::<u8>, vec!['x', 'y'], u64::MAX, i64::MIN))
                .unwrap()
        );
        // A map is left to serde_json, and so is raw JSON (written as it is, not as a struct).
        assert!(to_string(&std::collections::BTreeMap::from([("a", 1)])).is_none());
        let raw = serde_json::value::RawValue::from_string("{\"a\": 1}".into()).unwrap();
        assert!(to_string(&raw).is_none());
        assert!(to_string(&(1, &raw)).is_none());
    }
}
