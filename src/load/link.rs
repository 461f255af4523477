//! A measure's link to its node: the front-matter key is the lowest
//! level's (`policy:` in the bundled plan, `kihon_jigyo:` in a city's),
//! read into [`MeasureFront::node`] under the name [`FIELD`].
//!
//! The two names trade places while reading: the city's key becomes
//! `node`, and a `node:` written in a site whose key is another one becomes
//! that key, so it is refused as a duplicate or an unknown field is, and
//! the messages name the key the city writes.

use serde::de::{
    value::MapAccessDeserializer, DeserializeSeed, Deserializer, IntoDeserializer, MapAccess,
    Visitor,
};
use serde::Deserialize;
use std::fmt;
use std::path::Path;

use super::front_matter::parse_front_matter_with;
use super::MeasureFront;
use crate::diagnostics::Diagnostic;

/// The name of the link inside [`MeasureFront`].
const FIELD: &str = "node";

/// Parses a measure's front matter whose link to its node is `link_key`.
pub fn parse_measure_front(
    front: &str,
    file: &Path,
    front_line: usize,
    link_key: &str,
) -> Result<MeasureFront, Vec<Diagnostic>> {
    let parse = |text: &str| {
        serde_saphyr::with_deserializer_from_str(text, |de| {
            LinkSeed { key: link_key }.deserialize(de)
        })
    };
    parse_front_matter_with(front, file, front_line, parse, &|message| {
        swap_names(message, link_key)
    })
}

/// The key as the struct knows it, or as the city writes it: the two names
/// trade places, any other name stays.
fn swapped<'a>(name: &'a str, link_key: &'a str) -> &'a str {
    match name {
        name if name == link_key => FIELD,
        FIELD => link_key,
        name => name,
    }
}

/// `text` with every ASCII word that is one of the two names traded.
fn swap_names(text: &str, link_key: &str) -> String {
    if link_key == FIELD {
        return text.to_string();
    }
    let is_word = |c: char| c.is_ascii_alphanumeric() || c == '_';
    let mut out = String::with_capacity(text.len());
    let mut word = String::new();
    for c in text.chars().chain(['\0']) {
        if is_word(c) {
            word.push(c);
            continue;
        }
        out.push_str(swapped(&word, link_key));
        word.clear();
        if c != '\0' {
            out.push(c);
        }
    }
    out
}

struct LinkSeed<'a> {
    key: &'a str,
}

impl<'de> DeserializeSeed<'de> for LinkSeed<'_> {
    type Value = MeasureFront;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<MeasureFront, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for LinkSeed<'_> {
    type Value = MeasureFront;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("struct MeasureFront")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<MeasureFront, A::Error> {
        MeasureFront::deserialize(MapAccessDeserializer::new(Renamed { map, key: self.key }))
    }
}

/// The front matter's mapping with the link's key renamed.
struct Renamed<'a, A> {
    map: A,
    key: &'a str,
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Renamed<'_, A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        self.map.next_key_seed(RenamedKey {
            seed,
            key: self.key,
        })
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        self.map.next_value_seed(seed)
    }

    fn size_hint(&self) -> Option<usize> {
        self.map.size_hint()
    }
}

struct RenamedKey<'a, K> {
    seed: K,
    key: &'a str,
}

impl<'de, K: DeserializeSeed<'de>> DeserializeSeed<'de> for RenamedKey<'_, K> {
    type Value = K::Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<K::Value, D::Error> {
        let written = String::deserialize(deserializer)?;
        let name = swapped(&written, self.key).to_string();
        self.seed.deserialize(name.into_deserializer())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(front: &str, key: &str) -> Result<MeasureFront, Vec<Diagnostic>> {
        parse_measure_front(front, Path::new("content/measures/a.md"), 2, key)
    }

    #[test]
    fn the_lowest_levels_key_links_the_measure() {
        let front = parse("id: a\nkihon_jigyo: 2-6-5\ntitle: t\n", "kihon_jigyo").unwrap();
        assert_eq!(front.node.value.clone().into_text(), "2-6-5");
        let front = parse("id: a\npolicy: 1\ntitle: t\n", "policy").unwrap();
        assert_eq!(front.node.value.clone().into_text(), "1");
    }

    #[test]
    fn another_levels_key_is_refused_naming_the_right_one() {
        let errors = parse("id: a\npolicy: 1\ntitle: t\n", "kihon_jigyo").unwrap_err();
        assert_eq!(errors[0].field.as_deref(), Some("policy"), "{errors:?}");
        assert!(errors[0].message.contains("kihon_jigyo"), "{errors:?}");
        let errors = parse("id: a\nnode: 1\ntitle: t\n", "kihon_jigyo").unwrap_err();
        assert!(
            errors[0].message.contains("知らない項目です") && errors[0].line == Some(3),
            "{errors:?}"
        );
        assert!(errors[0].message.contains("kihon_jigyo"), "{errors:?}");
        let errors = parse("id: a\nkihon_jigy: 1\ntitle: t\n", "kihon_jigyo").unwrap_err();
        assert!(
            errors[0].message.contains("「kihon_jigyo」の間違い"),
            "{errors:?}"
        );
    }
}
