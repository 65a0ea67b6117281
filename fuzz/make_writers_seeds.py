#!/usr/bin/env python3
"""Writes the seeds of the `writers` target (corpus/writers/) from readable descriptions.

The target reads its input with `arbitrary` 1.5 (see fuzz_targets/writers.rs), so a seed
is that encoding of an `Input`: integers little-endian from the front, bools and the
"another element?" flag of every Vec as one byte, an enum variant as a u32, and each
string's byte length as one byte taken from the *end* of the data (while the input is at
most 256 bytes long, which every seed here is). Check what a seed decodes to with
`cargo fuzz fmt --sanitizer none writers corpus/writers/NAME`.

    python3 fuzz/make_writers_seeds.py
"""

import os


class Enc:
    def __init__(self):
        self.front = bytearray()
        self.sizes = bytearray()  # in the order they are read: the last byte first

    def u8(self, v):
        self.front.append(v)

    def u16(self, v):
        self.front += v.to_bytes(2, "little")

    def boolean(self, b):
        self.u8(1 if b else 0)

    def string(self, s):
        b = s.encode()
        self.sizes.append(len(b))
        self.front += b

    def option(self, v, f):
        self.boolean(v is not None)
        if v is not None:
            f(v)

    def vec(self, items, f):
        for item in items:
            self.boolean(True)
            f(item)
        self.boolean(False)

    def variant(self, k, n):
        self.front += (-(-k * 2**32 // n)).to_bytes(4, "little")

    def data(self):
        out = bytes(self.front) + bytes(reversed(self.sizes))
        assert len(out) <= 256, f"{len(out)} bytes: string sizes would take two bytes"
        return out


# Index of a type in TYPES and of a key in KEYS (fuzz_targets/writers.rs).
TYPES = ["country", "organization", "group", "person", "media", "militia"]
KEYS = ["note", "type", "attr_type", "x", "label", "color", "weight", "party", "iso2", "id"]


def date(e, d):
    """A DateSpec for (year, month, day); the target maps year to 1 + year % 9999."""
    year, month, day = d
    e.u16(year - 1)
    e.u8(month)
    e.u8(day)


def role(e, r):
    title, affiliation, start, end = r
    e.string(title)
    e.option(affiliation, e.u8)
    e.option(start, lambda d: date(e, d))
    e.option(end, lambda d: date(e, d))


def listed_or_string(e, value, listed):
    """An enum of a known value (by its index in `listed`) or any other string."""
    if value in listed:
        e.variant(0, 2)
        e.u8(listed.index(value))
    else:
        e.variant(1, 2)
        e.string(value)


def key(e, k):
    listed_or_string(e, k, KEYS)


def gaz_actor(e, a):
    name, kind, label, iso3, roles, extra = a
    e.string(name)
    e.u8(TYPES.index(kind))
    e.string(label)
    e.boolean(iso3)
    e.vec(roles, lambda r: role(e, r))
    e.vec(extra, lambda kv: (key(e, kv[0]), e.string(kv[1])))


def rust_actor(e, a):
    name, raw_id, kind, label, iso3, roles, extra = a
    e.string(name)
    e.boolean(raw_id)
    listed_or_string(e, kind, TYPES)
    e.string(label)
    e.option(iso3, e.string)
    e.vec(roles, lambda r: role(e, r))
    e.vec(extra, lambda kv: (key(e, kv[0]), e.string(kv[1])))


def mention(e, m):
    actor, offset, length, role_title, affiliation, source = m
    e.u8(actor)
    e.u8(offset)
    e.u8(length)
    e.option(role_title, e.string)
    e.option(affiliation, e.u8)
    e.u8(source)


def sentence(e, s):
    new_paragraph, text, mentions = s
    e.boolean(new_paragraph)
    e.string(text)
    e.vec(mentions, lambda m: mention(e, m))


def doc(e, d):
    doc_id, doc_date, sentences, side = d
    e.string(doc_id)
    e.option(doc_date, lambda x: date(e, x))
    e.vec(sentences, lambda s: sentence(e, s))
    e.u8(side)


def seed(gazetteer, rust, docs, window, evidence, finish, inputs=(), gazetteers=()):
    """Window: 0 sentence, 1 paragraph, 2 document. Finish: (score 0 count 1 pmi 2 npmi
    3 jaccard 4 dice, min_weight, min_documents, type indexes, top, drop_isolates,
    affiliations)."""
    e = Enc()
    e.vec(gazetteer, lambda a: gaz_actor(e, a))
    e.vec(rust, lambda a: rust_actor(e, a))
    e.vec(docs, lambda d: doc(e, d))
    e.u8(window)
    e.u8(evidence)
    score, min_weight, min_documents, types, top, drop_isolates, affiliations = finish
    e.u8(score)
    e.u8(min_weight)
    e.u8(min_documents)
    e.vec(types, e.u8)
    e.option(top, e.u8)
    e.boolean(drop_isolates)
    e.boolean(affiliations)
    e.vec(inputs, e.string)
    e.vec(gazetteers, e.string)
    return e.data()


# Pool indexes: the gazetteer's actors in file order, then the Rust ones; affiliation
# indexes: the same order of ids. Mention source: 0 gazetteer, 1 pattern, 2 coreference.
SEEDS = {
    # Blinken (Secretary of State for the USA) with Israel and Hamas in two dated
    # documents: affiliation edge, dynamic GEXF, NPMI scores, evidence.
    "dated-official": seed(
        gazetteer=[
            ("USA", "country", "United States", True, [], []),
            ("ISR", "country", "Israel", True, [], []),
            ("Hamas", "group", "Hamas", False, [], []),
            ("Antony Blinken", "person", "Blinken", False,
             [("Secretary", 0, (2021, 1, 26), None)], []),
        ],
        rust=[],
        docs=[
            ("d1", (2023, 10, 7), [
                (False, "Blinken in Israel.", [(3, 0, 7, "Secretary", 0, 0), (1, 11, 6, None, None, 0)]),
                (False, "Hamas, Israel.", [(2, 0, 5, None, None, 0), (1, 7, 6, None, None, 0)]),
            ], 0),
            ("d2", (2024, 1, 0), [(True, "Hamas, Israel.", [(2, 0, 5, None, None, 0), (1, 7, 6, None, None, 0)])], 1),
        ],
        window=0, evidence=2, finish=(2, 0, 0, [], None, False, True),
    ),
    # Labels, types, attributes, document ids and text that every format must escape.
    "hostile-labels": seed(
        gazetteer=[],
        rust=[
            ("a", True, "media", "Line\nbreak\ttab \"q\" <b> & ]]>", None, [],
             [("type", "shadow"), ("x", "1"), ("note", "a\r\nb\\")]),
            ("b", True, "group", "Bell\x07nul\x00 \u202ebidi", "ABC", [], [("attr_type", "2")]),
        ],
        docs=[
            ("doc\x07<1>", (2024, 2, 0), [
                (False, "Said \"<x>\" & \x1b then.", [(0, 0, 4, None, None, 1), (1, 5, 5, None, None, 1)]),
            ], 0),
        ],
        window=1, evidence=3, finish=(1, 0, 0, [], None, False, True),
    ),
    # A person found by a pattern who is also in the gazetteer (same id), documents
    # split over both builders, document window, only people and countries, top 2.
    "pattern-and-gazetteer": seed(
        gazetteer=[
            ("Jordan", "country", "Jordan", True, [], []),
            ("Ayman Safadi", "person", "Ayman Safadi", False, [("Foreign Minister", 0, None, None)], []),
        ],
        rust=[("Ayman Safadi", False, "person", "Safadi", None, [("minister", 0, None, None)], [])],
        docs=[
            ("b", None, [(False, "Minister Safadi of Jordan.", [(2, 9, 6, "minister", 0, 1), (0, 19, 6, None, None, 0)])], 1),
            ("a", None, [(False, "Ayman Safadi in Jordan.", [(1, 0, 12, None, None, 0), (0, 16, 6, None, None, 0)])], 0),
        ],
        window=2, evidence=1, finish=(3, 0, 0, [3, 0], 2, False, True),
    ),
    # Filters: minimum weight and documents, isolates dropped, no affiliation edges.
    "filters": seed(
        gazetteer=[
            ("Qatar", "country", "Qatar", True, [], []),
            ("Egypt", "country", "Egypt", True, [], []),
            ("UN", "organization", "United Nations", False, [], [("note", "x")]),
        ],
        rust=[],
        docs=[
            ("d1", None, [(False, "Qatar and Egypt.", [(0, 0, 5, None, None, 0), (1, 10, 5, None, None, 0)]),
                          (True, "The UN.", [(2, 4, 2, None, None, 0)])], 0),
            ("d2", None, [(False, "Egypt, Qatar.", [(1, 0, 5, None, None, 0), (0, 7, 5, None, None, 0)])], 1),
        ],
        window=0, evidence=0, finish=(4, 2, 2, [], None, True, False),
    ),
    # Regression: an actor type of U+FFFF went raw into DOT's HTML legend, and Graphviz
    # rejected the file (fixed in src/export/dot.rs).
    "regression-xml-forbidden-type": seed(
        gazetteer=[],
        rust=[("a", True, "media", "A", None, [], []), ("b", True, "\uffff", "B", None, [], [])],
        docs=[("d", None, [(False, "A and B.", [(0, 0, 1, None, None, 1), (1, 6, 1, None, None, 1)])], 0)],
        window=0, evidence=1, finish=(0, 0, 0, [], None, False, False),
    ),
}

if __name__ == "__main__":
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus", "writers")
    os.makedirs(out, exist_ok=True)
    for name, data in SEEDS.items():
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)
        print(f"{name}: {len(data)} bytes")
