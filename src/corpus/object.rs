//! A row's JSON object, read in one pass: every column's raw JSON text, and the `card` column's
//! text decoded as it is read (the card is most of the row: it is scanned once, not twice).

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;

/// The `card` column: its text, what kind of JSON value it is instead, or its raw JSON (read
/// by the slower path).
pub enum Card<'a> {
    Text(String),
    Kind(&'static str),
    Raw(&'a RawValue),
}

/// The columns of a row (the card among them only when read the slow way), and the card (a
/// column named twice: the last one counts, as in a map).
pub struct Object<'a> {
    /// Each column's name and raw JSON text.
    pub cols: Vec<(Cow<'a, str>, &'a str)>,
    pub card: Option<Card<'a>>,
}

impl<'a> Object<'a> {
    /// A column's raw JSON.
    pub fn get(&self, name: &str) -> Option<&'a str> {
        self.cols
            .iter()
            .rev()
            .find(|(k, _)| k == name)
            .map(|(_, v)| *v)
    }

    /// Reads `bytes` in one pass; `None` where it is not a JSON object whose card is a string
    /// or another value serde_json reads (the caller then reads it the slow way, for the error).
    pub fn fast(bytes: &'a [u8]) -> Option<Object<'a>> {
        super::quick::object(bytes).or_else(|| serde_json::from_slice(bytes).ok())
    }

    /// Reads `bytes` as a map of raw values (the card too): the path that names errors.
    pub fn slow(bytes: &'a [u8]) -> Result<Object<'a>, serde_json::Error> {
        let map: std::collections::HashMap<String, &'a RawValue> = serde_json::from_slice(bytes)?;
        let card = map.get("card").map(|v| Card::Raw(v));
        let cols = map
            .into_iter()
            .map(|(k, v)| (Cow::Owned(k), v.get()))
            .collect();
        Ok(Object { cols, card })
    }
}

impl<'de: 'a, 'a> serde::Deserialize<'de> for Object<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(ObjectVisitor(std::marker::PhantomData))
    }
}

struct ObjectVisitor<'a>(std::marker::PhantomData<&'a ()>);

impl<'de: 'a, 'a> Visitor<'de> for ObjectVisitor<'a> {
    type Value = Object<'a>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Object<'a>, M::Error> {
        let mut obj = Object {
            cols: Vec::with_capacity(8),
            card: None,
        };
        while let Some(Key(k)) = map.next_key::<Key<'a>>()? {
            if k == "card" {
                obj.card = Some(map.next_value::<CardValue>()?.0);
            } else {
                obj.cols.push((k, map.next_value::<&'a RawValue>()?.get()));
            }
        }
        Ok(obj)
    }
}

/// A column's name, borrowed from the row where it has no escape.
struct Key<'a>(Cow<'a, str>);

impl<'de: 'a, 'a> serde::Deserialize<'de> for Key<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> Visitor<'de> for V<'a> {
            type Value = Key<'a>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a column name")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Key<'a>, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Key<'a>, E> {
                Ok(Key(Cow::Owned(v.to_string())))
            }
        }
        d.deserialize_str(V(std::marker::PhantomData))
    }
}

/// The card column's value: its text, or the kind of value it is.
struct CardValue<'a>(Card<'a>);

impl<'de> serde::Deserialize<'de> for CardValue<'_> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(CardVisitor(std::marker::PhantomData))
    }
}

struct CardVisitor<'a>(std::marker::PhantomData<&'a ()>);

impl<'de, 'a> Visitor<'de> for CardVisitor<'a> {
    type Value = CardValue<'a>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a card")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(CardValue(Card::Text(v.to_string())))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(CardValue(Card::Text(v)))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(CardValue(Card::Kind("null")))
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
        Ok(CardValue(Card::Kind("a boolean")))
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
        Ok(CardValue(Card::Kind("a number")))
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
        Ok(CardValue(Card::Kind("a number")))
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
        Ok(CardValue(Card::Kind("a number")))
    }
    fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Self::Value, M::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(CardValue(Card::Kind("an object")))
    }
    fn visit_seq<S: SeqAccess<'de>>(self, mut seq: S) -> Result<Self::Value, S::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(CardValue(Card::Kind("an array")))
    }
}
